"""The auditor's file per project (XLSX + PDF) on the demo: financing plan, decisions with their
justifications, contracts, payments and the evidence list."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from verbund.contracts.models import Contract, EvidenceFile, Payment
from verbund.programmes.models import Project


def _project_with_contracts() -> Project:
    return Project.objects.filter(networks__contracts__isnull=False).distinct().order_by("code")[0]


def test_xlsx_has_a_sheet_per_part_with_the_projects_figures(client, demo_db):
    from openpyxl import load_workbook

    project = _project_with_contracts()
    client.force_login(demo_db["auditor"])
    with translation.override("en"):
        url = reverse("audit:dossier_xlsx", args=[project.code])
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Project", "Financing plan", "Decisions", "Contracts", "Payments", "Evidence",
    ]  # fmt: skip
    contracts = Contract.objects.filter(network__project=project)
    numbers = {row[0].value for row in book["Contracts"].iter_rows(min_row=2)}
    assert numbers == set(contracts.values_list("number", flat=True))
    payments = Payment.objects.filter(milestone__contract__in=contracts)
    assert book["Payments"].max_row - 1 == payments.count()
    amounts = {row[4].value for row in book["Payments"].iter_rows(min_row=2)}
    assert {float(p.amount) for p in payments} == {float(a) for a in amounts}
    files = EvidenceFile.objects.filter(milestone__contract__in=contracts).count()
    kinds = [row[0].value for row in book["Evidence"].iter_rows(min_row=2)]
    assert kinds.count("milestone evidence") == files
    shares = [row[0].value for row in book["Financing plan"].iter_rows(min_row=2)]
    assert len(shares) == project.financing.count()


def test_decisions_carry_their_justifications(client, demo_db):
    from verbund.competitions.models import DecisionEntry

    entry = DecisionEntry.objects.select_related("decision__competition__project").first()
    if entry is None:
        pytest.skip("the demo records no decision")
    project = entry.decision.competition.project
    client.force_login(demo_db["office"])
    page = client.get(reverse("audit:dossier", args=[project.code])).content.decode()
    assert entry.submission.title in page
    if entry.justification:
        assert entry.justification[:40] in page


def test_pdf_is_a_pdf_with_the_project(client, demo_db):
    project = _project_with_contracts()
    client.force_login(demo_db["auditor"])
    response = client.get(reverse("audit:dossier_pdf", args=[project.code]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
