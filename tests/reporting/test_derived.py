"""The ERDF common indicators derived from the records (acceptance 1): counted once per enterprise,
in the size class at the support start, only for support within the period."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.companies import CompanyFactory
from tests.factories.contracts import accepted_milestone, awardable_network
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.reporting import IndicatorFactory, backdate_history, took_part
from verbund.networks.enums import MemberRole
from verbund.reporting.domain import queries
from verbund.reporting.domain.derived import DEFINITIONS, derive
from verbund.reporting.domain.periods import Period
from verbund.reporting.enums import Derivation

pytestmark = pytest.mark.django_db
PERIOD_2003 = Period(dt.date(2003, 1, 1), dt.date(2003, 12, 31))


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def two_networks():
    first = NetworkFactory()
    second = NetworkFactory(project=first.project)
    return first, second


def test_member_of_two_networks_counts_once_in_its_size_class_at_support_start(two_networks):
    first, second = two_networks
    company = CompanyFactory(employees=5)  # micro when it joined ...
    backdate_history(company, _aware(dt.date(2002, 12, 1)))
    company.employees, company.size_class = 80, "medium"  # ... medium today
    company.save()
    took_part(MembershipFactory(network=first, company=company, joined=dt.date(2003, 2, 1)),
              dt.date(2003, 3, 1))  # fmt: skip
    took_part(MembershipFactory(network=second, company=company, joined=dt.date(2003, 5, 1)),
              dt.date(2003, 6, 1))  # fmt: skip

    result = derive(Derivation.RCO01, [first.pk, second.pk], PERIOD_2003)

    assert result.value == 1
    assert result.breakdown == {"micro": 1, "small": 0, "medium": 0, "large": 0, "": 0}
    [enterprise] = result.enterprises
    assert enterprise.public_id == str(company.public_id)
    assert enterprise.support_start == dt.date(2003, 2, 1)
    assert {r.network for r in enterprise.records} == {str(first), str(second)}


def test_without_history_from_that_day_the_current_size_class_counts(two_networks):
    first, _second = two_networks
    company = CompanyFactory(employees=300)  # history written today, after the support started
    took_part(MembershipFactory(network=first, company=company, joined=dt.date(2003, 2, 1)),
              dt.date(2003, 3, 1))  # fmt: skip
    assert derive(Derivation.RCO01, [first.pk], PERIOD_2003).breakdown["large"] == 1


def test_a_company_that_joined_after_the_period_is_not_counted_in_it(two_networks):
    first, _second = two_networks
    late = MembershipFactory(network=first, joined=dt.date(2004, 2, 1))
    took_part(late, dt.date(2004, 3, 1))
    took_part(late, dt.date(2003, 6, 1))  # recorded before it was a member: not support

    assert derive(Derivation.RCO01, [first.pk], PERIOD_2003).value == 0
    assert derive(Derivation.RCO01, [first.pk], Period.year(2004)).value == 1


def test_membership_without_taking_part_and_partner_institutions_do_not_count(two_networks):
    first, _second = two_networks
    MembershipFactory(network=first, joined=dt.date(2003, 1, 1))  # never took part
    partner = MembershipFactory(network=first, role=MemberRole.PARTNER, joined=dt.date(2003, 1, 1))
    took_part(partner, dt.date(2003, 4, 1))
    assert derive(Derivation.RCO04, [first.pk], PERIOD_2003).value == 0


def test_rco02_plus_rco04_may_exceed_rco01_but_rco01_not_the_enterprises(
    office_user, make_user, carrier_user
):
    second_office = make_user("office")
    network = awardable_network(carrier_user=carrier_user)
    both = CompanyFactory()
    only_activity = CompanyFactory()
    took_part(MembershipFactory(network=network, company=both, joined=dt.date(2003, 1, 10)),
              dt.date(2003, 2, 1))  # fmt: skip
    took_part(MembershipFactory(network=network, company=only_activity,
                                joined=dt.date(2003, 1, 10)), dt.date(2003, 2, 1))  # fmt: skip
    _contract, milestone = accepted_milestone(
        office=office_user, carrier=carrier_user, network=network
    )
    from verbund.contracts.domain.milestones import mark_subgrant
    from verbund.contracts.domain.payments import confirm_payment, prepare_payment

    mark_subgrant(milestone=milestone, company=both, user=office_user)
    payment = prepare_payment(milestone=milestone, amount=Decimal("1000.00"), user=office_user,
                              now=_aware(dt.date(2003, 7, 1)))  # fmt: skip
    confirm_payment(payment=payment, user=second_office, now=_aware(dt.date(2003, 7, 2)))

    rco01 = derive(Derivation.RCO01, [network.pk], PERIOD_2003)
    rco02 = derive(Derivation.RCO02, [network.pk], PERIOD_2003)
    rco04 = derive(Derivation.RCO04, [network.pk], PERIOD_2003)
    assert (rco01.value, rco02.value, rco04.value) == (2, 1, 2)
    assert rco02.value + rco04.value > rco01.value
    assert [e.public_id for e in rco02.enterprises] == [str(both.public_id)]
    assert any(r.kind == "payment" for r in rco02.enterprises[0].records)
    # the payment confirmed in 2003 is not a grant in 2004
    assert derive(Derivation.RCO02, [network.pk], Period.year(2004)).value == 0


def test_rco02_is_zero_with_its_definition_when_no_money_reaches_members(two_networks):
    first, _second = two_networks
    indicator = IndicatorFactory(project=first.project, code="RCO02", derivation=Derivation.RCO02)
    from verbund.reporting.domain.indicators import update_indicator

    indicator = update_indicator(indicator=indicator, user=None, name="Zuschüsse")
    assert queries.value_of(indicator, PERIOD_2003).value == 0
    # the definition shown next to the value is filled in from the derivation, in both languages
    assert "sub-grant" in indicator.definition_en and "Weiterleitung" in indicator.definition
    assert DEFINITIONS[Derivation.RCO02]


def test_events_and_participants_and_networks_formed(two_networks):
    first, second = two_networks
    members = [MembershipFactory(network=first, joined=dt.date(2003, 1, 1)) for _ in range(3)]
    event = took_part(members[0], dt.date(2003, 5, 1))
    event.participants.add(members[1], members[2])
    took_part(members[1], dt.date(2003, 9, 1), kind="other")  # not an event
    first.phase_changes.create(phase="development", changed_on=dt.date(2003, 1, 1))
    second.phase_changes.create(phase="development", changed_on=dt.date(2003, 1, 1))  # no members

    ids = [first.pk, second.pk]
    assert derive(Derivation.EVENTS_HELD, ids, PERIOD_2003).value == 1
    assert derive(Derivation.EVENT_PARTICIPANTS, ids, PERIOD_2003).value == 3
    assert derive(Derivation.NETWORKS_FORMED, ids, PERIOD_2003).value == 1


def test_values_refresh_when_the_records_change(two_networks):
    first, _second = two_networks
    indicator = IndicatorFactory(project=first.project, derivation=Derivation.RCO04)
    assert queries.value_of(indicator, PERIOD_2003).value == 0
    took_part(MembershipFactory(network=first, joined=dt.date(2003, 1, 1)), dt.date(2003, 2, 1))
    assert queries.value_of(indicator, PERIOD_2003).value == 1
