"""The contracts demo: three contracts from the award of 15.11.2002, payments split 75/25, one
amendment, one overdue milestone, and a second office user who confirms the payments."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from verbund.contracts.domain import queries
from verbund.contracts.models import Amendment, Contract, PaymentPart
from verbund.core.models import User

pytestmark = pytest.mark.django_db


def test_demo_contracts(demo_db):
    contracts = list(Contract.objects.order_by("number"))
    assert [c.number for c in contracts] == ["LV-2002-01", "LV-2002-02", "LV-2002-03"]
    assert {c.award_date.isoformat() for c in contracts} == {"2002-11-15"}
    assert {c.end_date.isoformat() for c in contracts} == {"2004-11-14"}
    assert all(queries.needs_project_amendment(c) for c in contracts)
    shares = {(p.source.name, p.percentage) for p in PaymentPart.objects.select_related("source")}
    assert shares == {("EFRE", Decimal("75.00")), ("Stadt", Decimal("25.00"))}
    part = PaymentPart.objects.filter(payment__amount=Decimal("20000.01"), source__name="EFRE")
    assert part.first().amount == Decimal("15000.01")
    assert Amendment.objects.count() == 1
    office = demo_db["office"]
    today = timezone.localdate()
    overdue = [
        m for c in contracts for m in queries.milestones_of(c) if queries.is_overdue(m, today=today)
    ]
    assert len(overdue) == 1
    second = User.objects.get(username="office2")
    assert second.check_password("demo-office2")
    # office2 prepared one payment that waits for the office, and the office two for office2
    assert queries.payments_to_confirm(office).count() == 1
    assert queries.payments_to_confirm(second).count() == 2
    assert queries.evidence_to_review().count() == 4


def test_demo_start_pages(client, demo_db):
    client.force_login(demo_db["office"])
    page = client.get(reverse("core:home")).content.decode()
    assert "Nachweise prüfen" in page or "Review evidence" in page
    client.force_login(demo_db["carrier"])
    page = client.get(reverse("core:home")).content.decode()
    assert "Abschlussbericht und Verstetigung" in page


def test_demo_history_names_the_office(demo_db):
    contract = Contract.objects.get(number="LV-2002-01")
    assert contract.history.earliest().history_user == demo_db["office"]
