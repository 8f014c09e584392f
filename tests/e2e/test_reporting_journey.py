"""The office builds the programme report in the browser: the progress bar polls until the worker
is done and the page offers the XLSX and the PDF; the public reads the open-data page.

The report is never built inside a request here (a loaded machine would make the click time out):
the job is enqueued and the test plays the worker, while the open page waits on its own state.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.reporting import IndicatorFactory, took_part
from verbund.reporting.enums import Derivation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _play_the_worker() -> None:
    from verbund.reporting.domain.reports import execute_report
    from verbund.reporting.models import ReportJob
    from verbund.reporting.report_files import report_pdf, report_xlsx

    job = ReportJob.objects.get()
    execute_report(job_id=job.pk, build_xlsx=report_xlsx, build_pdf=report_pdf)


def test_office_builds_the_programme_report(page, live_server, make_user, settings):
    settings.TASKS = DUMMY
    network = NetworkFactory(name="Netzwerk Automobilzulieferer")
    took_part(MembershipFactory(network=network, joined=dt.date(2003, 1, 1)), dt.date(2003, 5, 1))
    IndicatorFactory(project=network.project, code="RCO01", name="Unterstützte Unternehmen",
                     derivation=Derivation.RCO01)  # fmt: skip
    make_user("office", username="petra", first_name="Petra", last_name="Scheibler")
    sign_in(page, live_server, username="petra")

    page.click("nav >> text=Berichtswesen")
    expect(page.locator("main")).to_contain_text("Unterstützte Unternehmen")
    page.click("main >> text=Programmberichte")
    page.fill("input[name=period_start]", "2003-01-01")
    page.fill("input[name=period_end]", "2003-12-31")
    page.click("main form button[type=submit]")
    expect(page.locator("#report-progress")).to_contain_text("Wartet auf")
    _play_the_worker()
    expect(page.locator("text=XLSX herunterladen")).to_be_visible(timeout=90_000)
    with page.expect_download() as download:
        page.click("text=PDF herunterladen")
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_public_reads_the_open_data_page(page, live_server):
    page.goto(f"{live_server.url}/en/reporting/open-data/")
    expect(page.locator("#open-data-files")).to_contain_text("/open-data/operations.csv")
    page.goto(f"{live_server.url}/open-data/operations.json")
    expect(page.locator("body")).to_contain_text("operations")
