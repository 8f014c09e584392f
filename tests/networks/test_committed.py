"""The committed-member rule: each of its three ways, and none (pure and through the query)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.networks import ActivityFactory, MeasureFactory, MembershipFactory
from verbund.networks.domain.committed import (
    MemberRecord,
    Way,
    committed_memberships,
    committed_ways,
)
from verbund.networks.models import MembershipFee

TODAY = dt.date(2004, 3, 15)


def test_none_of_the_three_ways_is_not_committed():
    record = MemberRecord(
        fee_paid_years=frozenset({2003}),  # last year's fee does not count
        activity_dates=(dt.date(2004, 1, 5), dt.date(2003, 3, 1)),  # one within 12 months only
    )
    assert committed_ways(record, today=TODAY) == []


def test_agreement_or_letter_of_intent():
    assert committed_ways(MemberRecord(agreement_on_file=True), today=TODAY) == [Way.AGREEMENT]
    record = MemberRecord(letter_of_intent_on=dt.date(2003, 2, 1))
    assert committed_ways(record, today=TODAY) == [Way.AGREEMENT]


def test_fee_paid_in_the_current_year():
    assert committed_ways(MemberRecord(fee_paid_years=frozenset({2004})), today=TODAY) == [Way.FEE]


def test_active_contribution_two_activities_or_responsible():
    two = MemberRecord(activity_dates=(dt.date(2004, 1, 5), dt.date(2003, 4, 1)))
    assert committed_ways(two, today=TODAY) == [Way.CONTRIBUTION]
    assert committed_ways(two, today=dt.date(2004, 4, 2)) == []  # one has dropped out of the window
    responsible = MemberRecord(responsible_for_measure=True)
    assert committed_ways(responsible, today=TODAY) == [Way.CONTRIBUTION]


@pytest.mark.django_db
def test_query_finds_each_way_from_the_records():
    agreement = MembershipFactory(agreement_on_file=True)
    network = agreement.network
    fee = MembershipFactory(network=network)
    MembershipFee.objects.create(
        membership=fee, year=2004, amount=Decimal("100"), paid_on=dt.date(2004, 2, 1)
    )
    unpaid = MembershipFactory(network=network)
    MembershipFee.objects.create(membership=unpaid, year=2004, amount=Decimal("100"))
    responsible = MembershipFactory(network=network)
    MeasureFactory(network=network, responsible=responsible)
    active = MembershipFactory(network=network)
    for date in (dt.date(2003, 6, 1), dt.date(2004, 1, 10)):
        ActivityFactory(network=network, date=date).participants.add(active)
    once = MembershipFactory(network=network)
    ActivityFactory(network=network, date=dt.date(2004, 1, 10)).participants.add(once)

    ways = committed_memberships(network, today=TODAY)

    assert ways[agreement.pk] == [Way.AGREEMENT]
    assert ways[fee.pk] == [Way.FEE]
    assert ways[unpaid.pk] == []
    assert ways[responsible.pk] == [Way.CONTRIBUTION]
    assert ways[active.pk] == [Way.CONTRIBUTION]
    assert ways[once.pk] == []
