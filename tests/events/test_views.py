"""Events pages through the web client: the registration form, the waiting list, organiser actions,
start-page sections and query counts."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.networks import carrier_of
from verbund.events.domain import meetings
from verbund.events.domain.events import add_question
from verbund.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_registration_form_keeps_what_was_typed_and_explains_the_error(client):
    event = EventFactory(slug="tag")
    q = add_question(
        event=event, text="Essen?", kind="choice", required=True, choices=["vegan", "Fleisch"]
    )
    response = client.post(
        reverse("events:detail", args=["tag"]),
        {
            "name": "Erika Muster",
            "email": "erika@example.org",
            "organisation": "Muster GmbH",
            f"q{q.pk}": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Erika Muster"' in html and 'value="Muster GmbH"' in html
    assert 'class="field-error"' in html
    assert not Registration.objects.exists()


def test_registering_shows_the_state_and_sends_the_calendar(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="tag", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            reverse("events:detail", args=["tag"]), {"name": "A", "email": "a@example.org"}
        )
    assert first.status_code == 302
    page = client.get(first["Location"])
    assert "confirmed" in page.content.decode() or "bestätigt" in page.content.decode()
    assert mail.outbox[0].attachments[0][0] == "event.ics"
    second = client.post(
        reverse("events:detail", args=["tag"]), {"name": "B", "email": "b@example.org"}
    )
    page = client.get(second["Location"])
    assert 'id="waiting-position"' in page.content.decode()
    # cancelling the first by its link offers the place to the second
    token = Registration.objects.get(email="a@example.org").token
    client.post(reverse("events:cancel", args=[token]))
    b = Registration.objects.get(email="b@example.org")
    assert b.state == "offered"
    client.post(reverse("events:confirm", args=[b.token]))
    b.refresh_from_db()
    assert b.state == "confirmed"
    assert event.registrations.filter(state="confirmed").count() == 1


def test_registrations_per_address_and_minute_are_limited(client):
    EventFactory(slug="tag", capacity=None)
    codes = [
        client.post(
            reverse("events:detail", args=["tag"]), {"name": f"P{n}", "email": f"p{n}@example.org"}
        ).status_code
        for n in range(7)
    ]
    assert codes[:5] == [302] * 5
    assert codes[5:] == [429, 429]


def test_the_organiser_marks_attendance_and_runs_the_scheduler(client, make_user):
    carrier = make_user("carrier")
    past = EventFactory(slug="war", starts_at=timezone.now() - dt.timedelta(days=3))
    carrier_of(past.network, carrier)
    came = RegistrationFactory(event=past)
    client.force_login(carrier)
    response = client.post(reverse("events:attendance", args=["war"]), {"attended": [came.pk]})
    assert response.status_code == 302
    came.refresh_from_db()
    past.refresh_from_db()
    assert came.attended and past.activity is not None

    event = EventFactory(slug="boerse", network=past.network, matchmaking=True)
    start = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("events:slots", args=["boerse"]),
        {"first": start, "minutes": 20, "count": 4, "breaks": "2", "tables": 2},
    )
    assert response.status_code == 302
    assert event.slots.count() == 4 and event.slots.filter(is_break=True).count() == 1
    a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
    r = meetings.request_meeting(sender=a, receiver=b, reason="x", user=None)
    meetings.answer_request(request=r, accept=True, user=None)
    client.post(reverse("events:schedule_run", args=["boerse"]), {"kind": "final"})
    page = client.get(reverse("events:schedule", args=["boerse"])).content.decode()
    assert a.name in page and b.name in page
    assert 'id="unplaced"' in page


def test_start_page_shows_moderation_and_open_requests(client, make_user, office_user):
    event = EventFactory(moderated=True, matchmaking=True)
    RegistrationFactory(event=event, state="pending", name="Wartender")
    client.force_login(office_user)
    assert "Wartender" in client.get(reverse("core:home")).content.decode()
    user = make_user("member")
    me = RegistrationFactory(event=event, user=user)
    other = RegistrationFactory(event=event, name="Anfragender")
    meetings.request_meeting(sender=other, receiver=me, reason="x", user=None)
    client.force_login(user)
    assert "Anfragender" in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("page", ["events:list", "events:mine"])
def test_list_pages_cost_the_same_queries_for_one_and_three_events(
    client, make_user, page, django_assert_num_queries
):
    user = make_user("member")
    client.force_login(user)

    def make(n):
        for _ in range(n):
            RegistrationFactory(event=EventFactory(), user=user)

    make(1)
    client.get(reverse(page))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(page)).status_code == 200
    make(2)
    with django_assert_num_queries(len(one)):
        assert client.get(reverse(page)).status_code == 200


def test_attendee_list_costs_the_same_queries_for_one_and_three(
    client, office_user, django_assert_num_queries
):
    event = EventFactory(slug="tag")
    add_question(event=event, text="Parken?", kind="yes_no")
    RegistrationFactory(event=event)
    client.force_login(office_user)
    url = reverse("events:attendees", args=["tag"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_the_carrier_creates_an_event_of_its_own_network_only(client, make_user):
    from tests.factories.networks import NetworkFactory
    from verbund.events.models import Event

    carrier = make_user("carrier")
    own, other = NetworkFactory(), NetworkFactory()
    carrier_of(own, carrier)
    client.force_login(carrier)
    data = {
        "title": "Stammtisch", "place": "Leipzig", "starts_at": "2030-05-04T18:00",
        "ends_at": "2030-05-04T21:00", "capacity": "30", "is_public": "on",
    }  # fmt: skip
    refused = client.post(reverse("events:create"), {**data, "network": other.pk})
    assert refused.status_code == 200 and not Event.objects.exists()
    typed = client.post(
        reverse("events:create"), {**data, "network": own.pk, "ends_at": "2030-05-04T17:00"}
    )
    assert 'value="Stammtisch"' in typed.content.decode() and not Event.objects.exists()
    response = client.post(reverse("events:create"), {**data, "network": own.pk})
    event = Event.objects.get()
    assert response.status_code == 302 and event.network == own and event.slug == "stammtisch"
    client.post(
        reverse("events:question_add", args=[event.slug]),
        {"text": "Essen?", "kind": "choice", "choices": "vegan\nmit Fleisch", "required": "on"},
    )
    assert event.questions.get().choices == ["vegan", "mit Fleisch"]
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Essen?" in page and "vegan" in page


def test_event_and_feed_downloads_are_valid_icalendar(client, make_user):
    from icalendar import Calendar

    from verbund.events.domain.queries import feed_of

    user = make_user("member")
    event = EventFactory(slug="tag")
    RegistrationFactory(event=event, user=user, email="me@example.org")
    ics = client.get(reverse("events:ics", args=["tag"]))
    assert ics["Content-Type"].startswith("text/calendar")
    vevent = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert "organizer" in vevent and "attendee" not in vevent  # the public file names nobody
    feed = client.get(reverse("events:feed", args=[feed_of(user).token]))
    entries = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["attendee"]) for e in entries] == ["mailto:me@example.org"]


def test_stray_form_values_are_refused_without_a_server_error(client, office_user):
    past = EventFactory(slug="war", starts_at=timezone.now() - dt.timedelta(days=3))
    came = RegistrationFactory(event=past)
    client.force_login(office_user)
    response = client.post(
        reverse("events:attendance", args=["war"]), {"attended": ["abc", came.pk]}
    )
    assert response.status_code == 302
    came.refresh_from_db()
    assert came.attended
    event = EventFactory(slug="boerse", matchmaking=True)
    response = client.post(
        reverse("events:slots", args=["boerse"]),
        {"first": "9999-12-31T23:00", "minutes": 240, "count": 60, "tables": 2},
    )
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert not event.slots.exists()
    me = RegistrationFactory(event=event, user=office_user)
    response = client.post(reverse("events:unavailable", args=["boerse"]), {"slot": ["x"]})
    assert response.status_code == 302 and not me.unavailable.exists()
