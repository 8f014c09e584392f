"""The programme report (acceptance 3): the demo's report for 2002–2004 opens as XLSX (sheet names,
totals equal the payments) and as PDF (names the three networks and the indicator values)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from verbund.contracts.models import Payment
from verbund.reporting.models import ReportJob

pytestmark = pytest.mark.django_db
NETWORKS = ("Automobilzulieferer", "Virtuelle Produktentwicklung", "Energie- und Umwelttechnik")


def _demo_job(language: str) -> ReportJob:
    return ReportJob.objects.get(
        period_start=dt.date(2002, 1, 1), period_end=dt.date(2004, 12, 31), language=language,
        status="done",
    )  # fmt: skip


def _paid_2002_to_2004() -> Decimal:
    start = timezone.make_aware(dt.datetime(2002, 1, 1))
    end = timezone.make_aware(dt.datetime(2005, 1, 1))
    return sum(
        (p.amount for p in Payment.objects.filter(
            state="confirmed", confirmed_at__gte=start, confirmed_at__lt=end)),
        Decimal(0),
    )  # fmt: skip


def test_xlsx_has_its_sheets_and_the_payments_total(client, demo_db):
    client.force_login(demo_db["auditor"])
    job = _demo_job("de")
    response = client.get(f"/reporting/reports/{job.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indikatoren", "Verträge", "Zahlungen", "Meilensteine", "Netzwerke"]
    payments = book["Zahlungen"]
    rows = list(payments.iter_rows(values_only=True))
    header, total = rows[0], rows[-1]
    assert total[0] == "Summe"
    paid = _paid_2002_to_2004()
    assert paid > 0
    assert Decimal(str(total[5])) == paid
    assert sum(Decimal(str(r[5])) for r in rows[1:-1]) == paid
    # the parts by funding source add up to the total as well
    assert sum(Decimal(str(v)) for v in total[6:] if v is not None) == paid
    assert any("EFRE" in str(h) for h in header)
    indicators = {r[1]: r for r in book["Indikatoren"].iter_rows(values_only=True)}
    assert {"RCO01", "RCO02", "RCO04", "NET", "EVT", "PART"} <= set(indicators)


def test_english_xlsx_has_english_sheet_names(client, demo_db):
    client.force_login(demo_db["office"])
    job = _demo_job("en")
    book = load_workbook(io.BytesIO(client.get(f"/reporting/reports/{job.pk}/report.xlsx").content))
    assert book.sheetnames == ["Indicators", "Contracts", "Payments", "Milestones", "Networks"]


def test_pdf_names_the_three_networks_and_the_indicator_values(client, demo_db):
    from verbund.reporting.domain.periods import Period
    from verbund.reporting.domain.queries import value_of
    from verbund.reporting.models import Indicator

    client.force_login(demo_db["office"])
    job = _demo_job("de")
    response = client.get(f"/reporting/reports/{job.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for name in NETWORKS:
        assert name in text, name
    period = Period(dt.date(2002, 1, 1), dt.date(2004, 12, 31))
    for indicator in Indicator.objects.filter(project__code="URBAN-LW-1.2-01"):
        value = value_of(indicator, period).value
        assert f"{indicator.code} " in text
        assert f"{value.normalize():f}" in text, indicator.code
    assert value_of(Indicator.objects.get(code="NET"), period).value == 3


def test_starting_a_report_twice_runs_one_job_and_it_finishes(client, demo_db):
    client.force_login(demo_db["office"])
    from verbund.programmes.models import Programme

    programme = Programme.objects.get()
    form = {"programme": programme.pk, "period_start": "2003-01-01", "period_end": "2003-12-31",
            "language": "en"}  # fmt: skip
    from verbund.reporting.domain.reports import start_report

    job = start_report(programme=programme, period_start=dt.date(2003, 1, 1),
                       period_end=dt.date(2003, 12, 31), language="en", user=demo_db["office"],
                       enqueue=False)  # fmt: skip
    again = client.post("/reporting/reports/", form)
    assert again.status_code == 302
    assert again["Location"].endswith(f"/reporting/reports/{job.pk}/")  # the waiting job, no second
    assert ReportJob.objects.filter(period_start=dt.date(2003, 1, 1)).count() == 1
    ReportJob.objects.filter(pk=job.pk).update(status="done")
    new = client.post("/reporting/reports/", form)  # tasks run inline in tests: done at once
    new_job = ReportJob.objects.exclude(pk=job.pk).get(period_start=dt.date(2003, 1, 1))
    assert new["Location"].endswith(f"/reporting/reports/{new_job.pk}/")
    assert new_job.status == "done", new_job.error
    page = client.get(f"/reporting/reports/{new_job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and page["HX-Refresh"] == "true"
    assert new_job.history.first().history_user == demo_db["office"]


def test_a_report_period_that_ends_before_it_starts_is_refused(client, demo_db):
    from verbund.programmes.models import Programme

    client.force_login(demo_db["office"])
    response = client.post("/reporting/reports/", {
        "programme": Programme.objects.get().pk, "period_start": "2004-01-01",
        "period_end": "2003-01-01", "language": "de",
    })  # fmt: skip
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors


def test_the_demo_loads_twice_without_changes(demo_db):
    from verbund.reporting import demo
    from verbund.reporting.models import Indicator

    before = (ReportJob.objects.count(), Indicator.history.count(), Indicator.objects.count())
    demo.load(users=demo_db)
    assert (
        ReportJob.objects.count(),
        Indicator.history.count(),
        Indicator.objects.count(),
    ) == before
    assert before[2] == 6
