"""The pages refuse bad input with a message at the field and save nothing; exports and PDFs."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.factories.contracts import accepted_milestone, awardable_network
from verbund.contracts.domain import payments as p_domain
from verbund.contracts.models import Contract, Payment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_award_through_the_page(client, office_user):
    network = awardable_network()
    client.force_login(office_user)
    data = {"network": network.pk, "award_date": "2002-11-15", "term_months": "24",
            "volume": "150000,00"}  # fmt: skip
    response = client.post(reverse("contracts:award"), data)
    assert response.status_code == 302, response.context["form"].errors
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert contract.volume == Decimal("150000.00")
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "14.11.2004" in page
    assert 'id="needs-project-amendment"' in page


def test_payment_beyond_the_lump_sum_is_refused_at_the_field(client, office_user, carrier_user):
    contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    client.force_login(office_user)
    response = client.post(
        reverse("contracts:prepare", args=[contract.pk, milestone.pk]), {"amount": "30000,01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="30000,01"' in page  # what was typed stays
    assert "30.000,01 EUR" in page  # the domain says why, in German number format
    assert not Payment.objects.exists()


def test_preparer_cannot_confirm_and_is_told(client, office_user, carrier_user):
    contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    payment = p_domain.prepare_payment(milestone=milestone, amount=Decimal("10"), user=office_user)
    client.force_login(office_user)
    page = client.get(reverse("contracts:payment", args=[contract.pk, payment.pk])).content.decode()
    assert 'id="four-eyes"' in page
    assert 'id="confirm-form"' not in page


def test_payments_export_split_by_source(client, office_user, carrier_user, make_user):
    _contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    payment = p_domain.prepare_payment(
        milestone=milestone, amount=Decimal("10000.01"), user=office_user
    )
    p_domain.confirm_payment(payment=payment, user=make_user("office"))
    client.force_login(office_user)
    response = client.get(reverse("contracts:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert [(r[10], r[12]) for r in rows[1:]] == [("EFRE", "7500.01"), ("Stadt", "2500.00")]
    xlsx = client.get(reverse("contracts:export", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_contract_and_milestone_pdfs(client, office_user, carrier_user, lang):
    contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    client.force_login(office_user)
    with override(lang):  # the /en/ requests activate English in this thread; override resets it
        response = client.get(reverse("contracts:pdf", args=[contract.pk]))
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].endswith(f'-{lang}.pdf"')
        response = client.get(reverse("contracts:milestone_pdf", args=[contract.pk, milestone.pk]))
        assert response.content.startswith(b"%PDF")


def test_contract_page_shows_what_each_amendment_changed(client, office_user, carrier_user):
    import datetime as dt

    from verbund.contracts.domain.contracts import amend_contract

    contract, _milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    amend_contract(
        contract=contract, user=office_user, date=dt.date(2004, 2, 16), reason="Mehr Messen",
        volume=Decimal("120000"), term_months=30,
    )  # fmt: skip
    client.force_login(carrier_user)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "Änderung 1 · 16.02.2004" in page
    assert "<td>100.000,00</td><td>120.000,00</td>" in page
    assert "<td>14.11.2004</td><td>14.05.2005</td>" in page
    assert "120.000,00 EUR" in page  # the current version


def test_follow_up_award_through_the_page(client, office_user, carrier_user):
    contract, _m = accepted_milestone(office=office_user, carrier=carrier_user)
    client.force_login(office_user)
    data = {"network": contract.network_id, "award_date": "2004-11-15", "term_months": "12",
            "volume": "50000", "follows": contract.pk}  # fmt: skip
    assert client.post(reverse("contracts:award"), data).status_code == 302
    follow_up = Contract.objects.get(follows=contract)
    assert follow_up.end_date.isoformat() == "2005-11-14"
    other = awardable_network()
    data = {**data, "network": other.pk}  # a follow-up continues the same network
    response = client.post(reverse("contracts:award"), data)
    assert response.status_code == 200
    assert Contract.objects.count() == 2
