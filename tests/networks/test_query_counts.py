"""List pages keep a constant query count at 1 and 3 networks, members and measures."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.networks import (
    ActivityFactory,
    MeasureFactory,
    MembershipFactory,
    NetworkFactory,
    carrier_of,
)
from verbund.networks.domain.queries import programme_members_over_time
from verbund.networks.models import Network

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _same_count(client, url, expected: int, django_assert_num_queries) -> None:
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def _network_with(n: int):
    network = NetworkFactory(slug=f"netz-{n}")
    members = [MembershipFactory(network=network) for _ in range(n)]
    for k in range(n):
        measure = MeasureFactory(network=network, responsible=members[k])
        measure.participants.set(members)
        measure.options.create(text=f"Option {k}", chosen=True).companies.set(
            [m.company for m in members]
        )
        activity = ActivityFactory(network=network, measure=measure)
        activity.participants.set(members)
    return network


@pytest.mark.parametrize("page", ["detail", "members", "catalogue", "activities", "health"])
def test_network_pages_constant(client, make_user, page, django_assert_num_queries):
    carrier = make_user("carrier")
    client.force_login(carrier)
    one, three = _network_with(1), _network_with(3)
    carrier_of(one, carrier)
    carrier_of(three, carrier)
    expected = _count(client, reverse(f"networks:{page}", args=[one.slug]))
    _same_count(
        client, reverse(f"networks:{page}", args=[three.slug]), expected, django_assert_num_queries
    )


@pytest.mark.parametrize(
    ("who", "url_name"),
    [("anonymous", "networks:list"), ("office", "networks:list"), ("carrier", "networks:list"),
     ("office", "networks:mine"), ("carrier", "networks:mine"), ("office", "networks:overview")],
)  # fmt: skip
def test_lists_constant(client, make_user, who, url_name, django_assert_num_queries):
    user = make_user(who) if who != "anonymous" else None
    expected = None
    for n in (1, 2):  # 1 network, then 3 in all
        for _k in range(n):
            network = NetworkFactory()
            for _ in range(2):
                MembershipFactory(network=network)
            MeasureFactory(network=network)
            if user is not None and who == "carrier":
                carrier_of(network, user)
        if user is not None:
            client.force_login(user)
        if expected is None:
            expected = _count(client, reverse(url_name))
        else:
            _same_count(client, reverse(url_name), expected, django_assert_num_queries)


def test_programme_members_over_time_counts_a_company_once():
    first = MembershipFactory(joined=dt.date(2003, 1, 10))
    MembershipFactory(company=first.company, joined=dt.date(2003, 5, 1))  # in a second network
    MembershipFactory(joined=dt.date(2003, 5, 1), left=dt.date(2003, 8, 1))
    rows = programme_members_over_time(list(Network.objects.all()), today=dt.date(2003, 9, 30))
    assert Network.objects.count() == 3
    assert rows == [("2003-Q1", 1, 0), ("2003-Q2", 2, 0), ("2003-Q3", 1, 0)]
