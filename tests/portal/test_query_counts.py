"""Acceptance 5: the public lists cost the same number of queries at 1 and 3 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.portal import NewsFactory, PostFactory, consenting

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _world(n: int, slug: str):
    """A public network with n consenting members, n news items and n published posts."""
    network = NetworkFactory(slug=slug)
    for _ in range(n):
        member = MembershipFactory(network=network)
        consenting(member.company)
        NewsFactory(network=network)
        PostFactory(network=network, company=member.company)
    return network


URLS = [
    "/portal/",
    "/en/portal/",
    "/portal/networks/{slug}/",
    "/portal/companies/",
    "/portal/board/",
    "/portal/news/",
    "/portal/feed.atom",
    "/portal/networks/{slug}/feed.atom",
    "/portal/map/",
]


@pytest.mark.parametrize("url", URLS)
def test_public_lists_constant(client, url, django_assert_num_queries):
    one = _world(1, "eins")
    one_count = _count(client, url.format(slug=one.slug))
    # two more networks' worth of items: the lists now hold 3 (the network page and its feed are
    # measured on a network with 3 items)
    three = _world(3, "drei")
    _world(1, "noch-eins")
    target = url.format(slug=three.slug)
    client.get(target)
    with django_assert_num_queries(one_count):
        assert client.get(target).status_code == 200


@pytest.mark.parametrize("url", ["/portal/my/", "/portal/moderation/"])
def test_own_lists_constant(client, make_user, url):
    from tests.factories.networks import carrier_of
    from tests.factories.portal import AdminFactory

    user = make_user("carrier")
    client.force_login(user)

    def build(n, slug):
        network = NetworkFactory(slug=slug)
        carrier_of(network, user)
        for _ in range(n):
            member = MembershipFactory(network=network)
            AdminFactory(company=member.company, user=user)
            PostFactory(network=network, company=member.company, state="pending")

    build(1, "a")
    first = _count(client, url)
    build(2, "b")
    assert _count(client, url) == first
