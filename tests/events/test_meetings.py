"""B2B meetings: requests, answers, the schedule run with table numbers and the unplaced report."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories.events import EventFactory, RegistrationFactory
from verbund.events.domain import meetings
from verbund.events.domain.calendars import agenda_ics, feed_ics
from verbund.events.domain.errors import EventError
from verbund.events.domain.events import set_slots
from verbund.events.domain.queries import agenda

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def event():
    return EventFactory(matchmaking=True, starts_at=START, capacity=None)


def _accepted(a, b, user=None):
    r = meetings.request_meeting(sender=a, receiver=b, reason="Kooperation", user=user)
    return meetings.answer_request(request=r, accept=True, user=user)


def test_requests_to_oneself_twice_or_outside_the_event_are_refused(event):
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    outsider = RegistrationFactory(event=EventFactory(matchmaking=True))
    with pytest.raises(EventError, match="yourself"):
        meetings.request_meeting(sender=a, receiver=a, reason="x", user=None)
    meetings.request_meeting(sender=a, receiver=b, reason="x", user=None)
    with pytest.raises(EventError, match="already"):
        meetings.request_meeting(sender=a, receiver=b, reason="x", user=None)
    with pytest.raises(EventError, match="already"):
        meetings.request_meeting(sender=b, receiver=a, reason="x", user=None)
    with pytest.raises(EventError, match="does not take part"):
        meetings.request_meeting(sender=a, receiver=outsider, reason="x", user=None)
    waiting = RegistrationFactory(event=event, state="waiting")
    with pytest.raises(EventError):
        meetings.request_meeting(sender=waiting, receiver=a, reason="x", user=None)
    with pytest.raises(EventError, match="reason"):
        meetings.request_meeting(
            sender=b, receiver=RegistrationFactory(event=event), reason=" ", user=None
        )


def test_a_request_is_answered_once(event):
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    r = meetings.request_meeting(sender=a, receiver=b, reason="x", user=None)
    meetings.answer_request(request=r, accept=False, user=None)
    with pytest.raises(EventError):
        meetings.answer_request(request=r, accept=True, user=None)


def test_schedule_places_accepted_meetings_with_tables_and_explains_the_rest(event, office_user):
    set_slots(event=event, first=START, minutes=20, count=3, breaks=[2], tables=1, user=office_user)
    people = [RegistrationFactory(event=event) for _ in range(5)]
    a, b, c, d, e = people
    _accepted(a, b)
    _accepted(c, d)
    _accepted(a, c)
    r = meetings.request_meeting(sender=e, receiver=a, reason="x", user=None)  # never answered
    slots = list(event.slots.filter(is_break=False))
    meetings.set_unavailable(registration=e, slot_ids=[s.pk for s in slots], user=None)
    run = meetings.run_schedule(event=event, user=office_user)
    placed = list(run.meetings.all())
    # 2 usable slots with one table each: two of the three accepted meetings fit
    assert len(placed) == 2
    assert {m.table for m in placed} == {1}
    assert all(not m.slot.is_break for m in placed)
    assert len(run.unplaced) == 1
    assert run.unplaced[0]["why"]
    assert r.pk not in {m.request_id for m in placed}
    assert run.optimal


def test_both_participants_see_the_same_slot_and_table_on_their_agendas(event, office_user):
    set_slots(event=event, first=START, minutes=20, count=2, tables=5, user=office_user)
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    meetings.set_unavailable(registration=a, slot_ids=[event.slots.first().pk], user=None)
    _accepted(a, b)
    meetings.run_schedule(event=event, user=office_user)
    mine, theirs = agenda(a), agenda(b)
    assert len(mine) == len(theirs) == 1
    assert mine[0].slot == theirs[0].slot == event.slots.last()
    assert mine[0].other == b and theirs[0].other == a
    cal = Calendar.from_ical(agenda_ics(a, mine))
    vevent = cal.walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.slots.last().starts_at
    assert len(vevent["attendee"]) == 2
    assert "mailto:" in str(vevent["organizer"])


def test_the_reason_names_a_participant_unavailable_everywhere(event, office_user):
    set_slots(event=event, first=START, minutes=20, count=2, user=office_user)
    a, b = RegistrationFactory(event=event, name="Anna"), RegistrationFactory(event=event)
    meetings.set_unavailable(
        registration=a, slot_ids=event.slots.values_list("pk", flat=True), user=None
    )
    _accepted(a, b)
    run = meetings.run_schedule(event=event, user=office_user)
    assert "Anna" in run.unplaced[0]["why"]


def test_slots_cannot_change_once_scheduled_and_need_matchmaking(event, office_user):
    set_slots(event=event, first=START, minutes=20, count=2, user=office_user)
    meetings.run_schedule(event=event, user=office_user)
    with pytest.raises(EventError):
        set_slots(event=event, first=START, minutes=20, count=3, user=office_user)
    with pytest.raises(EventError):
        set_slots(event=EventFactory(), first=START, minutes=20, count=3, user=office_user)


def test_personal_feed_is_valid_icalendar_with_attendee(event):
    regs = [
        RegistrationFactory(event=event, email="me@example.org"),
        RegistrationFactory(email="me@example.org"),
    ]
    cal = Calendar.from_ical(feed_ics(regs, name="Meine Veranstaltungen"))
    events = cal.walk("VEVENT")
    assert len(events) == 2
    assert {str(e["attendee"]) for e in events} == {"mailto:me@example.org"}
    assert all("organizer" in e for e in events)
