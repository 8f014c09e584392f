"""Starting a run through the web and reading its results (tasks run inline in tests)."""

from collections import Counter

import pytest

from tests.factories.clusters import make_register
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
    """Company pk → planted cluster key ("" for background companies)."""
    keys = make_register(600)
    pks = Company.objects.order_by("pk").values_list("pk", flat=True)
    return dict(zip(pks, keys, strict=True))


@pytest.fixture
def done_run(office_client, planted) -> AnalysisRun:
    office_client.post("/analysis/new/", FORM)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    return run


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


def test_candidate_networks_are_the_planted_clusters_with_reasons(office_client, done_run, planted):
    candidates = done_run.results["candidates"]
    analysed = {c["id"] for c in done_run.results["companies"]}
    size = Counter(key for pk, key in planted.items() if pk in analysed)
    found = set()
    for c in candidates[:6]:  # each planted cluster: two thirds of it in one of the top candidates
        for key, n in Counter(planted[i] for i in c["company_ids"]).items():
            if key and n >= 2 / 3 * size[key]:
                found.add(key)
    assert found == PLANTED
    html = office_client.get(f"/analysis/runs/{done_run.pk}/networks/").content.decode()
    media = next(
        c
        for c in candidates
        if Counter(planted[i] for i in c["company_ids"]).most_common(1)[0][0] == "media"
    )
    assert f"Kandidat {media['rank']}" in html
    assert "Unternehmen im Umkreis von etwa" in html
    assert "gemeinsame Kompetenzen:" in html
    assert "im Programmgebiet" in html
    member = Company.objects.get(pk=media["company_ids"][0])
    assert member.name in html
    assert member.get_absolute_url() in html


def test_star_table_rates_planted_categories_with_thresholds_and_reasons(office_client, done_run):
    html = office_client.get(f"/analysis/runs/{done_run.pk}/clusters/").content.decode()
    for name in ["IT und Software", "Gesundheit", "Medien und Kreativwirtschaft"]:
        assert name in html
    assert "★★★" in html
    assert "Nach dem Vorbild des European Cluster Observatory" in html
    assert "Spezialisierung: LQ" in html
    assert "Starke Cluster" in html and "im obersten Viertel" in html
    top = [s for s in done_run.results["stars"] if s["stars"] == 3]
    assert {s["category"] for s in top} >= {"it_software", "health", "media_creative"}


def test_specialisation_potentials_map_and_charts_render(office_client, done_run):
    pk = done_run.pk
    spec = office_client.get(f"/analysis/runs/{pk}/specialisation/").content.decode()
    assert "<svg" in spec and "<circle" in spec
    assert "Krugman" in spec
    unit = done_run.results["units"][0]["unit"]
    filtered = office_client.get(f"/analysis/runs/{pk}/specialisation/", {"unit": unit})
    assert filtered.status_code == 200
    pots = office_client.get(f"/analysis/runs/{pk}/potentials/").content.decode()
    assert "noch nicht spezialisiert" in pots
    assert "<line" in pots  # relatedness network edges
    page = office_client.get(f"/analysis/runs/{pk}/map/")
    assert page.context["map_data"]["hotspots"]
    assert page.context["map_data"]["members"]
    assert page.context["map_data"]["districts"]["features"]
    assert "leaflet.js" in page.content.decode()


def test_partner_suggestions_for_a_chosen_company(office_client, done_run, planted):
    media = next(pk for pk, key in planted.items() if key == "media")
    response = office_client.get(f"/analysis/runs/{done_run.pk}/partners/", {"company": media})
    html = response.content.decode()
    partners = response.context["partners"]
    assert 1 <= len(partners) <= 5
    assert "km entfernt" in html
    # partners of a media company come mostly from the media cluster next door
    assert sum(planted[p["id"]] == "media" for p in partners) >= len(partners) / 2


def test_results_download_as_json(office_client, done_run):
    response = office_client.get(f"/analysis/runs/{done_run.pk}/results.json")
    assert response["Content-Disposition"].startswith("attachment")
    assert response.json()["results"]["summary"]["companies"] == done_run.company_count


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
    write = ProgressWriter(run.pk)
    write(0.1, "eins", force=True)
    write(0.5, "zwei")  # within 0.5 s of the last write: not written
    run.refresh_from_db()
    assert (run.progress, run.message) == (10, "eins")
    write(0.7, "drei", force=True)
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
