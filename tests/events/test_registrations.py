"""Registration, waiting list, time-limited offers, moderation and attendance (issue 16)."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from icalendar import Calendar

from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.networks import ActivityFactory, MembershipFactory
from verbund.events.domain import registrations as reg
from verbund.events.domain.errors import EventError
from verbund.events.enums import RegistrationState
from verbund.events.models import Event, Registration
from verbund.events.periodic import move_expired_offers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _register(event, n, **kw):
    return reg.register(event=event, name=f"Person {n}", email=f"p{n}@example.org", now=NOW, **kw)


def test_registrations_beyond_capacity_wait_with_their_position_shown(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        people = [_register(event, n) for n in range(5)]
    assert [p.state for p in people] == ["confirmed"] * 2 + ["waiting"] * 3
    assert [reg.waiting_position(p) for p in people] == [None, None, 1, 2, 3]
    assert len(mail.outbox) == 2  # only confirmed places get the confirmation


def test_confirmation_mail_carries_a_valid_ics_with_organizer_and_attendee(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=10, place="Leipzig")
    with django_capture_on_commit_callbacks(execute=True):
        person = _register(event, 1)
    message = mail.outbox[0]
    assert message.to == ["p1@example.org"]
    assert f"/events/registration/{person.token}/" in message.body  # the link to cancel
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    cal = Calendar.from_ical(content)
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["summary"]) == str(event)  # in the language of the request
    assert "mailto:" in str(vevent["organizer"])
    assert str(vevent["attendee"]) == "mailto:p1@example.org"
    assert vevent.decoded("dtstart") == event.starts_at


def test_the_same_address_twice_and_bad_input_are_refused():
    event = EventFactory()
    _register(event, 1)
    with pytest.raises(EventError) as err:
        _register(event, 1)
    assert err.value.field == "email"
    with pytest.raises(EventError):
        reg.register(event=event, name="", email="x@example.org", now=NOW)
    with pytest.raises(EventError):
        reg.register(event=event, name="X", email="no-address", now=NOW)


def test_registration_window_and_past_events():
    event = EventFactory(registration_closes=NOW - dt.timedelta(days=1))
    with pytest.raises(EventError, match="closed"):
        _register(event, 1)
    over = EventFactory(starts_at=NOW - dt.timedelta(days=3))
    with pytest.raises(EventError, match="over"):
        _register(over, 2)


def test_required_questions_and_choices_are_checked():
    from verbund.events.domain.events import add_question

    event = EventFactory()
    q1 = add_question(
        event=event, text="Essen?", kind="choice", required=True, choices=["vegan", "mit Fleisch"]
    )
    q2 = add_question(event=event, text="Parkplatz?", kind="yes_no")
    with pytest.raises(EventError) as err:
        _register(event, 1, answers={})
    assert err.value.field == f"q{q1.pk}"
    with pytest.raises(EventError):
        _register(event, 1, answers={str(q1.pk): "Fisch"})
    person = _register(event, 1, answers={str(q1.pk): "vegan", str(q2.pk): "yes"})
    assert person.answers == {str(q1.pk): "vegan", str(q2.pk): True}


def test_a_freed_place_is_offered_for_48_hours_then_moves_on(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first, second, third = (_register(event, n) for n in range(3))
    reg.cancel(registration=first, now=NOW)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == RegistrationState.OFFERED
    assert second.offer_expires_at == NOW + dt.timedelta(hours=48)
    assert reg.waiting_position(third) == 1
    # 47 hours later nothing moves
    move_expired_offers(now=NOW + dt.timedelta(hours=47))
    second.refresh_from_db()
    assert second.state == RegistrationState.OFFERED
    # after 48 hours the offer lapses and goes to the next one
    move_expired_offers(now=NOW + dt.timedelta(hours=48, minutes=5))
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == RegistrationState.CANCELLED
    assert third.state == RegistrationState.OFFERED
    with pytest.raises(EventError, match="No place is offered"):
        reg.confirm_offer(registration=second, now=NOW + dt.timedelta(hours=49))
    with django_capture_on_commit_callbacks(execute=True):
        reg.confirm_offer(registration=third, now=NOW + dt.timedelta(hours=50))
    third.refresh_from_db()
    assert third.state == RegistrationState.CONFIRMED
    assert mail.outbox[-1].attachments  # the confirmation with its calendar file
    assert Registration.objects.filter(event=event, state__in=reg.HOLDS_PLACE).count() == 1


def test_confirming_an_offer_after_its_expiry_is_refused_even_before_the_job_ran():
    event = EventFactory(capacity=1)
    first, second = _register(event, 1), _register(event, 2)
    reg.cancel(registration=first, now=NOW)
    with pytest.raises(EventError, match="expired"):
        reg.confirm_offer(registration=second, now=NOW + dt.timedelta(hours=48, seconds=1))


def test_moderated_events_wait_for_the_organiser(office_user):
    event = EventFactory(capacity=1, moderated=True)
    a, b = _register(event, 1), _register(event, 2)
    assert a.state == b.state == RegistrationState.PENDING
    assert reg.moderate(registration=a, approve=True, user=office_user).state == "confirmed"
    assert reg.moderate(registration=b, approve=True, user=office_user).state == "waiting"
    with pytest.raises(EventError):
        reg.moderate(registration=b, approve=False, user=office_user)


def test_attendance_becomes_one_network_activity_with_the_companies(office_user):
    event = EventFactory(starts_at=NOW - dt.timedelta(days=10))
    m1 = MembershipFactory(network=event.network)
    m2 = MembershipFactory(network=event.network)
    came = RegistrationFactory(event=event, company=m1.company)
    RegistrationFactory(event=event, company=m2.company)  # did not come
    reg.mark_attendance(event=event, attended_ids=[came.pk], user=office_user)
    event.refresh_from_db()
    assert event.activity is not None
    assert list(event.activity.participants.all()) == [m1]
    assert event.activity.text == event.title
    # marking again updates the same activity, never a second one
    reg.mark_attendance(event=event, attended_ids=[came.pk], user=office_user)
    assert event.network.activities.count() == 1


def test_an_event_linked_to_an_existing_activity_adds_attendees_to_it(office_user):
    event = EventFactory(starts_at=NOW - dt.timedelta(days=10))
    activity = ActivityFactory(network=event.network)
    m1 = MembershipFactory(network=event.network)
    reg.link_activity(event=event, activity=activity, user=office_user)
    came = RegistrationFactory(event=event, company=m1.company)
    reg.mark_attendance(event=event, attended_ids=[came.pk], user=office_user)
    assert event.network.activities.count() == 1
    assert list(activity.participants.all()) == [m1]
    other = ActivityFactory()
    with pytest.raises(EventError):
        reg.link_activity(event=event, activity=other, user=office_user)


@pytest.mark.django_db(transaction=True)
def test_two_people_never_take_the_last_place_at_the_same_time():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL (DATABASE_URL=postgres://…)")
    event = EventFactory(capacity=1)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def attempt(n):
        try:
            barrier.wait(timeout=10)
            results.append(
                reg.register(
                    event=Event.objects.get(pk=event.pk),
                    name=f"T{n}",
                    email=f"t{n}@example.org",
                    now=NOW,
                ).state
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["confirmed", "waiting", "waiting", "waiting"]
    assert Registration.objects.filter(event=event, state="confirmed").count() == 1


def test_the_offer_job_runs_through_the_periodic_mechanism():
    from verbund.core.periodic import REGISTRY, run_due

    assert "verbund.events.periodic.move_expired_offers" in REGISTRY
    event = EventFactory(capacity=1)
    first, _second, third = (_register(event, n) for n in range(3))
    reg.cancel(registration=first, now=NOW)
    ran = run_due(now=NOW + dt.timedelta(hours=49))
    assert "verbund.events.periodic.move_expired_offers" in ran
    third.refresh_from_db()
    assert third.state == RegistrationState.OFFERED
