"""Acceptance 3: the office starts a site analysis of a generated register in the browser, sees its
progress and then the planted concentrations with reasons.

The analysis never runs inside a request here (a loaded machine would make the click time out): the
run is enqueued and the test plays the worker, while the open page waits on its own state (the
progress box polls and reloads itself). Timeouts are generous; nothing waits a fixed time.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories.clusters import make_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
PAGE_TIMEOUT_MS = 60_000
"""For clicks, navigation and every expectation: a loaded 2-core machine can be slow."""


@pytest.fixture(autouse=True)
def _generous_timeouts(page):
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    yield
    expect.set_options(timeout=None)  # Playwright's default again for other modules


def _play_the_worker() -> None:
    """What `verbund worker` would do: run the queued analysis (outside any request)."""
    from verbund.clusters.domain.runs import execute_run
    from verbund.clusters.models import AnalysisRun

    run = AnalysisRun.objects.get()
    execute_run(run_id=run.pk)


def test_office_runs_an_analysis_and_reads_the_concentrations(
    page, live_server, make_user, settings
):
    settings.TASKS = DUMMY  # enqueued, not run inside the request: the test plays the worker
    planted = make_register(500)
    make_user("office", username="petra", first_name="Petra", last_name="Scheibler")
    sign_in(page, live_server, username="petra")

    page.click("nav >> text=Analyse")
    page.click("text=Neue Analyse")
    page.fill("input[name=title]", "Standortanalyse Westen")
    page.select_option("select[name=area_unit]", "district")
    page.select_option("select[name=weight]", "employees")
    page.fill("input[name=distance_m]", "500,0")
    page.fill("input[name=permutations]", "0")
    page.click("main form button[type=submit]")
    expect(page.locator("#run-progress")).to_contain_text("wartet")
    _play_the_worker()

    # progress: the bar, the steps the run went through, then the finished state
    expect(page.locator("#run-progress")).to_have_count(0)  # the polling page reloaded itself
    expect(page.locator("h1")).to_have_text("Standortanalyse Westen")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.locator(".progress-log")).to_contain_text("Hotspots und dichte Gruppen gefunden.")
    expect(page.locator(".badge.ok").first).to_have_text("fertig")
    expect(page.locator("tr.concentration").first).to_contain_text("★")
    expect(page.locator("article.candidate").first).to_contain_text(
        "Unternehmen im Umkreis von etwa"
    )

    page.click("text=Clusterkategorien")
    stars = page.locator("#stars")
    for category in ["IT und Software", "Gesundheit", "Medien und Kreativwirtschaft"]:
        expect(stars).to_contain_text(category)
    expect(stars).to_contain_text("★★★")
    expect(stars).to_contain_text("Spezialisierung: LQ")

    page.click("text=Netzwerkkandidaten")
    first = page.locator("article.candidate").first
    expect(first).to_contain_text("Kandidat 1")
    expect(first.locator(".reason")).to_contain_text("gemeinsame Kompetenzen:")
    expect(
        page.locator("article.candidate .reason").filter(has_text="% im Programmgebiet")
    ).not_to_have_count(0)

    page.click("text=Hotspots und Karte")
    expect(page.locator("#analysis-map.leaflet-container")).to_be_visible()
    expect(page.locator("#analysis-map img.leaflet-tile")).to_have_count(0)  # no tiles configured
    expect(page.locator("#hotspots tbody tr").first).not_to_contain_text("Keine Hotspots")

    page.click("text=Partnervorschläge")
    media = next(i for i, key in enumerate(planted) if key == "media")
    from verbund.companies.models import Company

    company = Company.objects.order_by("pk")[media]
    options = page.locator("select[name=company] option").all_text_contents()
    chosen = next((o for o in options if o.startswith(company.name)), options[1])
    page.select_option("select[name=company]", label=chosen)
    page.click("text=Partner vorschlagen")
    expect(page.locator("#partners tbody tr").first).to_contain_text("km entfernt")


def test_progress_bar_follows_a_background_run_until_the_results_appear(
    page, live_server, make_user, settings
):
    """The run waits in the queue (no worker in this test), the page polls; the test then plays the
    worker, and the open page switches to the results by itself."""
    settings.TASKS = DUMMY  # enqueued, not run: the test plays the worker below
    make_register(300)
    make_user("office", username="petra")
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/analysis/new/")
    page.fill("input[name=title]", "Im Hintergrund")
    page.fill("input[name=permutations]", "0")
    page.click("main form button[type=submit]")

    box = page.locator("#run-progress")
    expect(box).to_contain_text("wartet")
    expect(box).to_contain_text("Wartet auf einen freien Hintergrundprozess.")
    expect(box.locator("progress")).to_have_attribute("value", "0")
    _play_the_worker()
    # the next poll sees the finished run and reloads the page with the results
    expect(page.locator(".progress-log")).to_contain_text("Fertig.")
    expect(page.locator("#run-progress")).to_have_count(0)
    expect(page.locator("article.candidate").first).to_contain_text("Kandidat 1")


XSS = '<img src=x onerror="document.body.dataset.xss=1">'


def test_names_on_the_analysis_map_are_text_not_html(page, live_server, make_user, settings):
    """Issue 9 item 5: district, area and company names in the map's tooltips are not HTML."""
    from verbund.clusters.domain.parameters import RunParameters
    from verbund.clusters.domain.runs import execute_run, start_run
    from verbund.companies.models import Area, Company, District

    make_register(300)
    District.objects.update(name=XSS)
    Area.objects.update(name=XSS)
    Company.objects.update(name=XSS)
    office = make_user("office", username="petra")
    run = start_run(title="Karte", params=RunParameters(permutations=0), user=office, enqueue=False)
    execute_run(run_id=run.pk)
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/analysis/runs/{run.pk}/map/")
    box = page.locator("#analysis-map.leaflet-container")
    expect(box).to_be_visible()
    area = box.bounding_box()
    seen = 0
    for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
        for fy in (0.2, 0.35, 0.5, 0.65, 0.8):
            page.mouse.move(area["x"] + fx * area["width"], area["y"] + fy * area["height"])
            # read what is open now without waiting: a tooltip may close as the mouse moves on
            texts = page.locator(".leaflet-tooltip").all_text_contents()
            if any("<img" in text for text in texts):
                seen += 1
    assert page.evaluate("document.body.dataset.xss") is None, "a name ran as script"
    expect(page.locator(".leaflet-tooltip img")).to_have_count(0)
    assert seen, "no tooltip showed a name as text"
