"""Starting a run through the web and reading its results (tasks run inline in tests)."""

import pytest

from tests.factories.clusters import planted_register
from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.domain.runs import ProgressWriter, execute_run, start_run
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun
from verbund.companies.models import Company

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FORM = {
    "title": "Standortanalyse Test",
    "area_unit": "district",
    "wz_level": "group",
    "weight": "employees",
    "reference": "city",
    "distance_m": "500",
    "permutations": "0",
    "partners_k": "5",
}
PLANTED = {"automotive", "it", "media", "logistics", "health"}


@pytest.fixture
def planted(db) -> dict[int, str]:
    return planted_register(600)


def test_office_starts_run_and_lands_on_its_finished_results(office_client, planted):
    response = office_client.post("/analysis/new/", {**FORM, "distance_m": "500,5"}, follow=True)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100
    assert run.parameters["distance_m"] == 500.5
    assert run.company_count == Company.objects.filter(main_wz__isnull=False).count()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/analysis/runs/{run.pk}/"
    assert "Die Analyse wurde gestartet." in html
    assert 'value="100"' in html  # the progress bar, full
    assert "Spezialisierung und Verwandtschaft berechnet." in html  # the progress log
    assert "Kandidat 1" in html


def test_empty_register_fails_with_a_clear_message(office_client):
    response = office_client.post("/analysis/new/", FORM, follow=True)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "Das Unternehmensregister ist leer" in response.content.decode()


def test_queued_run_polls_progress_and_finished_run_refreshes(office_client, office_user, planted):
    run = start_run(title="Wartend", params=RunParameters(), user=office_user, enqueue=False)
    page = office_client.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Wartet auf einen freien Hintergrundprozess." in page
    execute_run(run_id=run.pk)
    partial = office_client.get(
        f"/analysis/runs/{run.pk}/progress/", headers={"HX-Request": "true"}
    )
    assert partial["HX-Refresh"] == "true"
    assert "every 2s" not in partial.content.decode()
    assert execute_run(run_id=run.pk) is None  # a finished run is not run again


def test_progress_writer_is_throttled(office_user):
    run = AnalysisRun.objects.create(title="x", created_by=office_user, status=RunStatus.RUNNING)
    clock = iter([100.0, 100.3, 101.0])  # seconds: a fixed clock, not the machine's
    write = ProgressWriter(run.pk, clock=lambda: next(clock))
    write(0.1, "eins", force=True)
    write(0.5, "zwei")  # within 0.5 s of the last write: not written
    run.refresh_from_db()
    assert (run.progress, run.message) == (10, "eins")
    write(0.7, "drei")  # a second later: written
    run.refresh_from_db()
    assert (run.progress, run.message) == (70, "drei")
    assert [m for _, m in write.log] == ["eins", "zwei", "drei"]


def test_reference_totals_import_and_run_against_them(office_client, planted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verbund.clusters.models import ReferenceTotals

    csv = "WZ;Beschäftigte\n" + "\n".join(f"{d:02d};{1000 + d},5" for d in range(1, 100))
    response = office_client.post(
        "/analysis/references/new/",
        {
            "name": "Deutschland 2023",
            "source": "Bundesagentur für Arbeit",
            "file": SimpleUploadedFile("ref.csv", csv.encode()),
        },
        follow=True,
    )
    assert "99 Referenzsummen importiert." in response.content.decode()
    ref = ReferenceTotals.objects.get()
    assert ref.rows["25"] == 1025.5
    office_client.post("/analysis/new/", {**FORM, "reference": str(ref.pk), "wz_level": "division"})
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.reference_totals == ref
    assert "Deutschland 2023" in office_client.get(f"/analysis/runs/{run.pk}/").content.decode()


def test_reference_file_without_numbers_is_rejected(office_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = office_client.post(
        "/analysis/references/new/",
        {"name": "kaputt", "file": SimpleUploadedFile("r.csv", b"WZ;Summe\n25;viele\n")},
    )
    assert "enthalten in der zweiten Spalte keine Zahl" in response.content.decode()


def _stopped_message() -> str:
    from django.utils import translation

    from verbund.core.jobs import STOPPED_MESSAGE

    with translation.override("de"):
        return str(STOPPED_MESSAGE)


def test_run_killed_mid_way_is_marked_failed_and_can_be_started_again(office_client, office_user):
    """Issue 9 item 3: a run whose worker died at 55 % no longer stays "running" for ever."""
    import datetime as dt

    from django.utils import timezone

    from verbund.clusters.domain.runs import fail_stale_runs

    t0 = timezone.now()
    run = AnalysisRun.objects.create(
        title="Hängt",
        created_by=office_user,
        status=RunStatus.RUNNING,
        progress=55,
        heartbeat_at=t0,
    )
    assert fail_stale_runs(now=t0 + dt.timedelta(seconds=90)) == 0  # still beating recently
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    page = office_client.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert "Erneut mit denselben Parametern" not in page  # alive: no second start
    assert fail_stale_runs(now=t0 + dt.timedelta(minutes=3)) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == _stopped_message()


def test_opening_a_dead_runs_page_marks_it_failed_and_offers_a_new_start(
    office_client, office_user
):
    import datetime as dt

    from django.utils import timezone

    run = AnalysisRun.objects.create(
        title="Hängt",
        created_by=office_user,
        status=RunStatus.RUNNING,
        progress=55,
        parameters=RunParameters(permutations=0).to_dict(),
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    page = office_client.get(f"/analysis/runs/{run.pk}/").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == _stopped_message() and run.error in page
    assert "Erneut mit denselben Parametern" in page
    response = office_client.post(f"/analysis/runs/{run.pk}/repeat/")
    new = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert response.url == f"/analysis/runs/{new.pk}/"
    assert (new.title, new.parameters) == (run.title, run.parameters)


def test_the_worker_runs_the_stale_check_every_minute():
    import datetime as dt

    from verbund.core.periodic import REGISTRY

    job = REGISTRY["verbund.clusters.periodic.fail_stale_runs"]
    assert job.interval == dt.timedelta(minutes=1)


def test_history_of_a_run_from_the_task_names_who_started_it(office_user, planted):
    """The task has no request: the history rows of the run still record its starter."""
    run = start_run(title="Wer", params=RunParameters(permutations=0), user=office_user)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    authors = {(h.status, h.history_user_id) for h in run.history.all()}
    assert authors == {(RunStatus.QUEUED, office_user.pk), (RunStatus.DONE, office_user.pk)}
    assert run.heartbeat_at is not None  # the task beat while it worked


def test_a_run_with_the_standard_traded_categories(office_client, planted):
    office_client.post("/analysis/new/", {**FORM, "categories": "traded"}, follow=True)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    names = run.results["category_names"]
    assert names["oil_and_gas_production_and_transportation"]["en"].startswith("Oil and Gas")
    assert {s["category"] for s in run.results["stars"]} <= {
        k for k in names if k != "other" and not k.startswith("local_")
    }
    assert "Standard-Exportcluster" in dict(run.parameter_rows)["Clusterkategorien"]


def test_a_run_with_an_uploaded_categories_file(office_client, planted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    toml = '[cars]\nen = "Cars"\nde = "Autos"\nprefixes = ["29", "45"]\n'
    upload = SimpleUploadedFile("cats.toml", toml.encode(), content_type="application/toml")
    form = {**FORM, "categories": "file", "categories_file": upload}
    office_client.post("/analysis/new/", form, follow=True)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.results["category_names"]["cars"] == {"en": "Cars", "de": "Autos"}
    assert set(run.results["category_names"]) == {"cars", "other"}
    assert dict(run.parameter_rows)["Clusterkategorien"].endswith("cats.toml")


def test_a_bad_categories_file_is_refused_at_the_field(office_client, planted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("cats.toml", b"[cars\nen = 1", content_type="text/plain")
    response = office_client.post(
        "/analysis/new/", {**FORM, "categories": "file", "categories_file": upload}
    )
    assert response.status_code == 200
    assert "Die Kategoriendatei kann nicht gelesen werden" in response.content.decode()
    assert not AnalysisRun.objects.exists()


def test_a_register_placed_by_zone_gets_zone_hotspots_and_says_so(office_client, planted):
    from verbund.companies.models import Company

    # every company known only by its district (no point of its own)
    Company.objects.update(lon=None, lat=None, placement_precision="zone")
    office_client.post("/analysis/new/", FORM, follow=True)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    r = run.results
    assert r["summary"]["hotspot_zones"] is True
    assert any("placed by zone" in w for w in r["warnings"])
    assert all(h["value"] > 0 for h in r["hotspots"])  # no hot zone without companies
    for cand in r["candidates"]:
        points = {(c["lon"], c["lat"]) for c in r["companies"] if c["id"] in cand["company_ids"]}
        assert len(points) >= 2  # never a network of a single point
    page = office_client.get(f"/analysis/runs/{run.pk}/map/").content.decode()
    assert "nur nach Zone" in page and "Stärkste Hotspot-Zonen" in page
