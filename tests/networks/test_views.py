"""Pages a user would notice: the public directory shows name and city only, the office creates
networks and changes phases, refusals keep what was typed, the health page draws its charts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.networks import (
    ActivityFactory,
    MeasureFactory,
    MembershipFactory,
    NetworkFactory,
    carrier_of,
)
from tests.factories.programmes import OrganisationFactory, ProjectFactory
from verbund.networks.enums import CatalogueState, NetworkPhase
from verbund.networks.models import Network

pytestmark = pytest.mark.django_db


def test_public_page_names_no_member_and_points_to_the_portal_directory(client):
    """Nothing about a company appears publicly without its consent: the public network page
    counts the members and links to the portal's directory, which lists only consenting ones."""
    member = MembershipFactory(
        company__name="Sichtbar GmbH", company__city="Markkleeberg",
        company__street="Geheime Straße 7", company__employees=77,
    )  # fmt: skip
    body = client.get(reverse("networks:detail", args=[member.network.slug])).content.decode()
    assert "Sichtbar GmbH" not in body and "Geheime Straße" not in body
    assert reverse("portal:network", args=[member.network.slug]) in body
    assert reverse("networks:members", args=[member.network.slug]) not in body  # no internal tabs


def test_office_creates_a_network_and_a_taken_slug_keeps_the_input(office_client):
    NetworkFactory(slug="kultur")
    project, carrier = ProjectFactory(), OrganisationFactory(name="Kulturverein West")
    data = {"name": "Netzwerk Kultur", "slug": "kultur", "project": project.pk,
            "carrier": carrier.pk, "phase": "development", "goals": "Gemeinsam spielen"}  # fmt: skip
    response = office_client.post(reverse("networks:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Netzwerk Kultur"' in body and "Gemeinsam spielen" in body
    assert not Network.objects.filter(name="Netzwerk Kultur").exists()
    response = office_client.post(reverse("networks:create"), {**data, "slug": ""})
    network = Network.objects.get(name="Netzwerk Kultur")
    assert response.status_code == 302 and network.slug == "netzwerk-kultur"
    assert network.phase_changes.get().phase == NetworkPhase.DEVELOPMENT


def test_office_changes_the_phase(office_client):
    network = NetworkFactory()
    url = reverse("networks:phase", args=[network.slug])
    office_client.post(url, {"phase": "realization", "changed_on": "2003-07-01"})
    network.refresh_from_db()
    assert network.phase == NetworkPhase.REALIZATION
    assert network.phase_changes.get().changed_on == dt.date(2003, 7, 1)


def test_sending_back_needs_a_comment(office_client):
    network = NetworkFactory(catalogue_state=CatalogueState.SUBMITTED)
    MeasureFactory(network=network)
    response = office_client.post(reverse("networks:catalogue_return", args=[network.slug]), {})
    assert response.status_code == 400
    network.refresh_from_db()
    assert network.catalogue_state == CatalogueState.SUBMITTED
    office_client.post(
        reverse("networks:catalogue_return", args=[network.slug]), {"comment": "Budget fehlt"}
    )
    network.refresh_from_db()
    assert network.catalogue_state == CatalogueState.RETURNED
    page = office_client.get(reverse("networks:catalogue", args=[network.slug])).content.decode()
    assert "Budget fehlt" in page


@translation.override("en")
def test_health_page_draws_graph_and_explains_the_light(client, make_user):
    carrier = make_user("carrier")
    network = NetworkFactory()
    carrier_of(network, carrier)
    members = [MembershipFactory(network=network) for _ in range(5)]
    activity = ActivityFactory(network=network, date=dt.date(2003, 6, 1))
    activity.participants.set(members[:2])
    client.force_login(carrier)
    response = client.get(
        reverse("networks:health", args=[network.slug]) + "?on=2003-09-30",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<circle") == 5 and body.count('class="edge"') == 1
    assert "only 2 of 5 members active in the last 12 months" in body
