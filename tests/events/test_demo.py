"""The events demo: the Designer Day linked to the network's existing activity with attendance in
the collaboration graph; an upcoming brokerage event with requests and a schedule (issue 16, 4)."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from verbund.events import demo
from verbund.events.domain.queries import agenda
from verbund.events.models import Event, MeetingRequest, Registration, ScheduleRun
from verbund.networks.domain.queries import health_of
from verbund.networks.models import Activity, Network

pytestmark = pytest.mark.integration


def test_designer_day_is_linked_to_the_existing_activity_and_in_the_graph(demo_db):
    event = Event.objects.get(slug="1-leipziger-designertag")
    network = Network.objects.get(name__icontains="Virtuelle Produktentwicklung")
    assert event.network == network
    named = Activity.objects.filter(network=network, text__icontains="Designertag")
    assert named.count() == 1  # linked, not a second entry
    assert event.activity == named.get()
    came = event.registrations.filter(attended=True, company__isnull=False)
    assert came.count() >= 5
    members = {m.company_id: m.pk for m in network.memberships.filter(left__isnull=True)}
    attended = sorted(members[r.company_id] for r in came if r.company_id in members)
    assert set(attended) <= set(event.activity.participants.values_list("pk", flat=True))
    health = health_of(network, today=timezone.localdate())
    edges = set(health.edges)  # between member companies
    companies = sorted({r.company_id for r in came if r.company_id in members})
    assert len(companies) >= 5
    for a, b in itertools.combinations(companies, 2):
        assert (min(a, b), max(a, b)) in edges


def test_past_and_upcoming_events_of_the_three_networks(demo_db):
    now = timezone.now()
    for word in ("Automobilzulieferer", "Virtuelle Produktentwicklung", "Energie"):
        events = Event.objects.filter(network__name__icontains=word)
        assert events.filter(ends_at__lt=now).exists(), word
        assert events.filter(starts_at__gt=now).exists(), word
    round_table = Event.objects.get(slug="runder-tisch-energie")
    assert round_table.registrations.filter(state="waiting").count() == 2
    assert round_table.registrations.filter(state="pending").count() == 1


def test_brokerage_event_has_requests_and_a_schedule_the_member_sees(client, demo_db):
    event = Event.objects.get(slug="kooperationsboerse-automobilzulieferer")
    assert event.starts_at > timezone.now() and event.matchmaking
    assert MeetingRequest.objects.filter(event=event, state="accepted").count() >= 10
    assert MeetingRequest.objects.filter(event=event, state="open").exists()
    run = ScheduleRun.objects.get(event=event)
    assert run.meetings.count() > 0 and run.optimal
    me = Registration.objects.get(event=event, user=demo_db["member"])
    assert agenda(me)
    client.force_login(demo_db["member"])
    page = client.get(reverse("events:agenda", args=[event.slug]))
    assert page.status_code == 200
    client.force_login(demo_db["carrier"])
    assert client.get(reverse("events:schedule", args=[event.slug])).status_code == 200


def test_demo_is_idempotent(demo_db):
    before = (Event.history.count(), Registration.history.count(), ScheduleRun.objects.count())
    demo.load(users=demo_db)
    assert (
        Event.history.count(),
        Registration.history.count(),
        ScheduleRun.objects.count(),
    ) == before
