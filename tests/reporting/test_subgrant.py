"""The office records on the milestone's page that its money goes on to a member company (a
sub-grant); reporting then counts that company for RCO02 once the payment is confirmed."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.companies import CompanyFactory
from tests.factories.contracts import accepted_milestone
from tests.factories.networks import MembershipFactory

pytestmark = pytest.mark.django_db


def test_office_records_a_sub_grant_and_rco02_counts_it(
    client, office_user, carrier_user, make_user
):
    contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    member = MembershipFactory(network=contract.network, joined=dt.date(2003, 1, 1))
    outsider = CompanyFactory()
    url = f"/contracts/{contract.pk}/milestones/{milestone.pk}/subgrant/"

    client.force_login(carrier_user)
    assert client.post(url, {"company": member.company_id}).status_code == 403
    client.force_login(office_user)
    refused = client.post(url, {"company": outsider.pk})
    assert refused.status_code == 400  # not a member: not among the choices
    assert client.post(url, {"company": member.company_id}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.subgrant_company == member.company
    assert milestone.history.first().history_user == office_user
    page = client.get(f"/contracts/{contract.pk}/milestones/{milestone.pk}/")
    assert member.company.name in page.content.decode()

    from verbund.contracts.domain.payments import confirm_payment, prepare_payment
    from verbund.reporting.domain.derived import derive
    from verbund.reporting.domain.periods import Period
    from verbund.reporting.enums import Derivation

    payment = prepare_payment(milestone=milestone, amount=Decimal("500.00"), user=office_user)
    confirm_payment(payment=payment, user=make_user("office"))
    today = dt.date.today()
    result = derive(Derivation.RCO02, [contract.network_id], Period(dt.date(2002, 1, 1), today))
    assert [e.public_id for e in result.enterprises] == [str(member.company.public_id)]
