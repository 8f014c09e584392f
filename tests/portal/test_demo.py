"""The demo populates the three networks' portals (issue 15, "Demo")."""

import pytest

from verbund.networks.models import Network
from verbund.portal.domain import queries
from verbund.portal.models import CompanyAdmin, CompanyClaim, Interest, NewsItem, Post

pytestmark = pytest.mark.django_db


def test_demo_portals(client, demo_db):
    networks = list(Network.objects.filter(is_public=True))
    assert len(networks) == 3
    for network in networks:
        assert NewsItem.objects.filter(network=network, visibility="public").exists()
        assert queries.public_member_rows(network), f"{network} shows consenting members"
    assert Post.objects.count() >= 12
    assert Post.objects.filter(state="pending").count() == 2
    assert Interest.objects.exists()
    member = demo_db["member"]
    admin = CompanyAdmin.objects.get(user=member)
    assert CompanyClaim.objects.get(user=member, company=admin.company).state == "confirmed"
    assert queries.is_public_company(admin.company)
    client.force_login(member)
    body = client.get("/portal/my/").content.decode()
    assert str(admin.company) in body
    client.force_login(demo_db["carrier"])
    assert client.get("/portal/moderation/").status_code == 200


def test_demo_is_idempotent(demo_db):
    from verbund.portal import demo

    before = (Post.objects.count(), NewsItem.objects.count(), CompanyAdmin.objects.count())
    demo.load(users=demo_db)
    assert (Post.objects.count(), NewsItem.objects.count(), CompanyAdmin.objects.count()) == before
