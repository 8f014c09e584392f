"""Every reporting page and download for every role (acceptance 4): the office and the auditor
read; only the office writes; carriers, member companies and applicants get 403/404; the public is
sent to sign in, except for the open data."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.contracts import pdf_upload
from tests.factories.networks import NetworkFactory
from tests.factories.reporting import IndicatorFactory
from verbund.reporting.domain.indicators import enter_value
from verbund.reporting.enums import Derivation
from verbund.reporting.models import ReportJob

pytestmark = pytest.mark.django_db
ROLES = ("office", "auditor", "carrier", "member", "applicant", None)
READ = {"office": 200, "auditor": 200, "carrier": 403, "member": 403, "applicant": 403, None: 302}
READ_OBJECT = {**READ, "carrier": 404, "member": 404, "applicant": 404}
WRITE = {**READ, "auditor": 403}
WRITE_OBJECT = {**READ_OBJECT, "auditor": 403}
PUBLIC = dict.fromkeys(ROLES, 200)
PERIOD = "2003-01-01/2003-12-31"


@pytest.fixture
def objects(office_user):
    network = NetworkFactory()
    project = network.project
    entered = IndicatorFactory(project=project, code="E1")
    value = enter_value(
        indicator=entered, period_start=dt.date(2003, 1, 1), period_end=dt.date(2003, 12, 31),
        value=Decimal(4), upload=pdf_upload(), user=office_user,
    )  # fmt: skip
    derived = IndicatorFactory(project=project, code="RCO01", derivation=Derivation.RCO01)
    programme = project.measure.programme
    job = ReportJob.objects.create(
        programme=programme, period_start=dt.date(2003, 1, 1), period_end=dt.date(2003, 12, 31),
        language="de", created_by=office_user, status="done", xlsx=b"PK\x03\x04x", pdf=b"%PDF-1.4",
    )  # fmt: skip
    return {"project": project, "entered": entered, "derived": derived, "value": value, "job": job}


def _pages(o) -> list[tuple[str, dict]]:
    e, d, job = o["entered"].pk, o["derived"].pk, o["job"].pk
    return [
        ("/reporting/", READ),
        ("/reporting/progress/", READ),
        ("/reporting/reports/", READ),
        (f"/reporting/reports/{job}/", READ_OBJECT),
        (f"/reporting/reports/{job}/progress/", READ_OBJECT),
        (f"/reporting/reports/{job}/report.xlsx", READ_OBJECT),
        (f"/reporting/reports/{job}/report.pdf", READ_OBJECT),
        (f"/reporting/indicators/{e}/", READ_OBJECT),
        (f"/reporting/indicators/{d}/", READ_OBJECT),
        (f"/reporting/indicators/{d}/records/?period=2003-01-01/2003-12-31", READ_OBJECT),
        (f"/reporting/indicators/{e}/records/?period=2003-01-01/2003-12-31", READ_OBJECT),
        (f"/reporting/values/{o['value'].pk}/evidence/", READ_OBJECT),
        (f"/reporting/programmes/{o['job'].programme_id}/rco01/records/?period={PERIOD}", READ),
        (f"/en/reporting/indicators/{d}/records/?period={PERIOD}", READ_OBJECT),
        ("/en/reporting/", READ),
        ("/en/reporting/progress/", READ),
        (f"/en/reporting/reports/{job}/", READ_OBJECT),
        (f"/reporting/projects/{o['project'].code}/indicators/new/", WRITE),
        (f"/reporting/indicators/{e}/edit/", WRITE_OBJECT),
        (f"/reporting/indicators/{e}/values/new/", WRITE_OBJECT),
        (f"/reporting/indicators/{d}/notes/new/", WRITE_OBJECT),
        ("/reporting/open-data/", PUBLIC),
        ("/en/reporting/open-data/", PUBLIC),
        ("/open-data/operations.csv", PUBLIC),
        ("/open-data/operations.json", PUBLIC),
        ("/open-data/operations.schema.json", PUBLIC),
        ("/open-data/indicators.csv", PUBLIC),
        ("/open-data/indicators.json", PUBLIC),
        ("/open-data/indicators.schema.json", PUBLIC),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_download_by_role(client, make_user, objects, role):
    if role:
        client.force_login(make_user(role))
    wrong = []
    for url, expected in _pages(objects):
        status = client.get(url).status_code
        if status != expected[role]:
            wrong.append((url, status, expected[role]))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_writes_by_role(client, make_user, objects, role):
    if role:
        client.force_login(make_user(role))
    job, d = objects["job"], objects["derived"]
    repeat = client.post(f"/reporting/reports/{job.pk}/repeat/").status_code
    note = client.post(f"/reporting/indicators/{d.pk}/notes/new/", {
        "period_start": "2003-01-01", "period_end": "2003-12-31", "text": "Geprüft.",
    }).status_code  # fmt: skip
    report = client.post("/reporting/reports/", {
        "programme": job.programme_id, "period_start": "2003-01-01", "period_end": "2003-06-30",
        "language": "de",
    }).status_code  # fmt: skip
    expected = {"office": (302, 302, 302), "auditor": (403, 403, 403), None: (302, 302, 302)}
    expected_for_others = (404, 404, 403)
    assert (repeat, note, report) == expected.get(role, expected_for_others)
    if role != "office":
        assert d.notes.count() == 0
        assert ReportJob.objects.count() == 1


def test_the_fact_sheet_shows_indicators_without_the_enterprises(client, objects):
    from django.urls import reverse

    project = objects["project"]
    sheet = client.get(reverse("programmes:project_sheet", args=[project.code]))
    assert sheet.status_code == 200
    text = sheet.content.decode()
    assert "E1 Indikator" in text and "RCO01" in text
    assert "/reporting/indicators/" not in text
    assert "Zielwert 10" in text or "target 10" in text or "Ziel 10" in text


@pytest.mark.parametrize("role", ["office", "auditor", "carrier", "member", "applicant"])
def test_reporting_is_in_the_navigation_and_start_page_of_office_and_auditor(
    client, make_user, role
):
    client.force_login(make_user(role))
    text = client.get("/").content.decode()
    shown = "/reporting/" in text and "Berichtswesen" in text
    assert shown == (role in ("office", "auditor"))
