"""The demo: three networks from the three selected ideas, a later one in planning, the demo carrier
and member logins in the Automobilzulieferer network, the real results in the activities log."""

import pytest
from django.urls import reverse

from verbund.networks import demo
from verbund.networks.domain import queries
from verbund.networks.enums import ActorKind, CatalogueState, MemberRole, NetworkPhase
from verbund.networks.models import Activity, Membership, Network

pytestmark = pytest.mark.integration

CARRIERS = {
    "Netzwerk Automobilzulieferer": "Kunststoffzentrum Leipzig",
    "Netzwerk Virtuelle Produktentwicklung": "Schröder Design",
    "Netzwerk Energie- und Umwelttechnik": "JB-ingconsult / Consultant ASSO-PART",
}
RESULTS = ["Designertag", "Jahrtausendfeld", "Internetportal", "Demonstrationszentrum"]


def test_three_networks_from_the_selected_ideas(demo_db):
    from_ideas = Network.objects.filter(source_submission__isnull=False)
    assert {n.name: n.carrier.name for n in from_ideas} == CARRIERS
    for network in from_ideas:
        assert network.source_submission.decision_entry.selected
        assert network.is_public and network.phase == NetworkPhase.REALIZATION
        assert network.catalogue_state == CatalogueState.APPROVED
        current = Membership.objects.filter(network=network, left__isnull=True)
        inside = current.filter(company__placement="inside").count()
        assert inside > current.count() / 2 > 0  # most inside the area ...
        assert current.filter(company__placement="outside").exists()  # ... some outside
        assert current.filter(role=MemberRole.PARTNER).exists()  # a chamber or university
        assert network.measures.count() >= 3
    later = Network.objects.get(name=demo.LATER["name"])
    assert later.source_submission is None and later.phase == NetworkPhase.DEVELOPMENT


def test_the_real_results_are_in_the_log(demo_db):
    project = Network.objects.get(name="Netzwerk Automobilzulieferer").project
    texts = " ".join(a.text for a in queries.results_for_project(project))
    for word in RESULTS:
        assert word in texts
    assert [n.name for n in queries.networks_for_project(project)] == sorted(CARRIERS)


def test_demo_carrier_and_member_belong_to_automotive_suppliers(client, demo_db):
    network = Network.objects.get(name="Netzwerk Automobilzulieferer")
    assert network.actors.filter(user=demo_db["carrier"], kind=ActorKind.CARRIER).exists()
    admin = network.actors.get(user=demo_db["member"], kind=ActorKind.MEMBER_ADMIN)
    assert Membership.objects.filter(network=network, company=admin.company).exists()
    for who in ("carrier", "member"):
        assert network in queries.networks_of_user(demo_db[who])
        client.force_login(demo_db[who])
        for page in ("detail", "members", "catalogue", "activities", "health"):
            assert client.get(reverse(f"networks:{page}", args=[network.slug])).status_code == 200
    client.force_login(demo_db["office"])
    response = client.get(reverse("networks:overview"))
    assert response.status_code == 200
    assert "4" in response.content.decode()  # four independent networks against the 3-5 target


def test_loading_again_changes_nothing(demo_db):
    before = (Network.history.count(), Membership.history.count(), Activity.history.count())
    demo.load(users=demo_db)
    assert (Network.history.count(), Membership.history.count(), Activity.history.count()) == before
