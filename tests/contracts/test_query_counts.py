"""Contract pages keep a constant query count at 1 and 3 contracts, milestones, files and payments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.contracts import AWARD, awardable_network, pdf_upload
from verbund.contracts.domain import contracts as c_domain
from verbund.contracts.domain import milestones as m_domain
from verbund.contracts.domain import payments as p_domain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


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


def _contract_with(n: int, *, office, confirmer, carrier):
    """A contract with n milestones, each with n checklist items and files, n payments."""
    network = awardable_network(carrier_user=carrier)
    contract = c_domain.award_contract(
        network=network, award_date=AWARD, volume=Decimal("90000"), user=office
    )
    made = []
    for k in range(n):
        m = m_domain.add_milestone(
            contract=contract, title=f"M{k}", due_date=dt.date(2003, 1 + k, 28),
            lump_sum=Decimal("9000"), checklist=[f"Dok {j}" for j in range(n)], user=office,
        )  # fmt: skip
        for item in m.checklist.all():
            m_domain.upload_evidence(
                milestone=m, upload=pdf_upload(), user=carrier, checklist_item=item
            )
        m_domain.submit_evidence(milestone=m, user=carrier)
        m_domain.accept_milestone(milestone=m, user=office)
        for _j in range(n):
            p = p_domain.prepare_payment(milestone=m, amount=Decimal("100"), user=office)
            p_domain.confirm_payment(payment=p, user=confirmer)
        made.append(m)
    c_domain.amend_contract(
        contract=contract, user=office, date=dt.date(2003, 6, 1), reason="Mehr",
        volume=Decimal("95000"),
    )  # fmt: skip
    return contract, made[0]


@pytest.fixture
def people(make_user):
    return {"office": make_user("office"), "confirmer": make_user("office"),
            "carrier": make_user("carrier")}  # fmt: skip


@pytest.mark.parametrize("role", ["office", "carrier"])
def test_contract_list_constant(client, people, role, django_assert_num_queries):
    client.force_login(people[role])
    _contract_with(1, **people)
    expected = _count(client, reverse("contracts:list"))
    _contract_with(3, **people)
    _contract_with(3, **people)
    _same_count(client, reverse("contracts:list"), expected, django_assert_num_queries)


@pytest.mark.parametrize("page", ["detail", "milestone", "export_csv"])
def test_contract_pages_constant(client, people, page, django_assert_num_queries):
    client.force_login(people["office"])

    def page_url(contract, milestone):
        if page == "detail":
            return reverse("contracts:detail", args=[contract.pk])
        if page == "milestone":
            return reverse("contracts:milestone", args=[contract.pk, milestone.pk])
        return reverse("contracts:export", args=["csv"])

    one = _contract_with(1, **people)
    expected = _count(client, page_url(*one))
    three = _contract_with(3, **people)
    _same_count(client, page_url(*three), expected, django_assert_num_queries)
