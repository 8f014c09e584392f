"""Every events page for anonymous, office, carrier of the network, carrier of another network,
member company, participant and auditor. Allowed pages answer 200 (not 404), so the test tells
"allowed" from "missing"; attendee lists and answers only for organisers (and the auditor, read
only), a participant's agenda and requests only for the participant."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.companies import AffiliationFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, carrier_of
from verbund.events.domain import meetings
from verbund.events.domain.events import set_slots

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "carrier", "other_carrier", "member", "participant", "auditor"]
LOGIN = 302


@pytest.fixture
def world(make_user):
    network = NetworkFactory(slug="netz")
    other = NetworkFactory(slug="andere")
    users = {
        "office": make_user("office"),
        "carrier": make_user("carrier"),
        "other_carrier": make_user("carrier"),
        "member": make_user("member"),
        "participant": make_user("member"),
        "auditor": make_user("auditor"),
    }
    carrier_of(network, users["carrier"])
    carrier_of(other, users["other_carrier"])
    own = MembershipFactory(network=network)
    AffiliationFactory(user=users["member"], company=own.company)
    start = timezone.now() + dt.timedelta(days=20)
    event = EventFactory(network=network, slug="boerse", matchmaking=True, starts_at=start)
    me = RegistrationFactory(event=event, user=users["participant"], name="Pia")
    partner = RegistrationFactory(event=event, name="Paul")
    set_slots(event=event, first=start, minutes=20, count=2, tables=3, user=users["office"])
    request = meetings.request_meeting(sender=me, receiver=partner, reason="x", user=None)
    meetings.answer_request(request=request, accept=True, user=None)
    meetings.run_schedule(event=event, user=users["office"])
    members_only = EventFactory(network=network, slug="intern", is_public=False)
    return {"event": event, "users": users, "me": me, "members_only": members_only}


def _get(client, world, role, url):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client.get(url).status_code


def _all(code, **overrides):
    return {role: overrides.get(role, code) for role in ROLES}


ORGANISER_READ = _all(403, office=200, carrier=200, auditor=200)
ORGANISER_WRITE = _all(403, office=200, carrier=200)
PARTICIPANT = _all(403, anonymous=LOGIN, participant=200)

PAGES = [
    ("events:list", (), _all(200)),
    ("events:detail", ("boerse",), _all(200)),
    ("events:ics", ("boerse",), _all(200)),
    ("events:attendees", ("boerse",), ORGANISER_READ),
    ("events:attendees_export", ("boerse", "csv"), ORGANISER_READ),
    ("events:attendees_export", ("boerse", "xlsx"), ORGANISER_READ),
    ("events:schedule", ("boerse",), ORGANISER_READ),
    ("events:slots", ("boerse",), ORGANISER_WRITE),
    ("events:meetings", ("boerse",), PARTICIPANT),
    ("events:agenda", ("boerse",), PARTICIPANT),
    ("events:agenda_pdf", ("boerse",), PARTICIPANT),
    ("events:agenda_ics", ("boerse",), PARTICIPANT),
    ("events:mine", (), _all(200, anonymous=LOGIN)),
    ("events:edit", ("boerse",), _all(403, anonymous=LOGIN, office=200, carrier=200)),
    ("events:create", (), _all(403, anonymous=LOGIN, office=200, carrier=200, other_carrier=200)),
    # members-only: the network's people and the office/auditor see it; others get 404
    ("events:detail", ("intern",), _all(200, anonymous=404, other_carrier=404, participant=404)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "args", "expected"), PAGES, ids=lambda v: str(v) if isinstance(v, str) else None
)
def test_page_permissions(client, world, role, name, args, expected):
    assert _get(client, world, role, reverse(name, args=args)) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_registration_page_and_feed_open_by_their_secret_token(client, world, role):
    me = world["me"]
    assert _get(client, world, role, reverse("events:status", args=[me.token])) == 200
    from verbund.events.domain.queries import feed_of

    token = feed_of(world["users"]["participant"]).token
    assert _get(client, world, role, reverse("events:feed", args=[token])) == 200
    assert client.get(reverse("events:status", args=["guessed"])).status_code == 404
    assert client.get(reverse("events:feed", args=["guessed"])).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "other_carrier", "member", "participant", "auditor"])
def test_organiser_actions_are_refused_to_others(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    event = world["event"]
    for name in ("events:attendance", "events:schedule_run", "events:slots"):
        assert client.post(reverse(name, args=[event.slug]), {"kind": "final"}).status_code == 403
    assert event.schedule_runs.count() == 1


def test_a_participant_cannot_answer_someone_elses_request(client, world):
    event = world["event"]
    other = RegistrationFactory(event=event, user=world["users"]["member"])
    third = RegistrationFactory(event=event)
    request = meetings.request_meeting(sender=third, receiver=other, reason="x", user=None)
    client.force_login(world["users"]["participant"])
    response = client.post(reverse("events:answer", args=[event.slug, request.pk]), {"accept": "1"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == "open"
