"""Result pages of one finished run over a generated register with planted concentrations."""

from collections import Counter

import pytest

from tests.factories.clusters import planted_register
from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.domain.runs import execute_run, start_run
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun
from verbund.companies.models import Company

# The shared run below is committed outside the per-test transactions: the module runs as one group
# on one worker (make test uses --dist loadgroup), so no other test sees its register meanwhile.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db,
    pytest.mark.xdist_group("clusters-shared-run"),
]
PLANTED = {"automotive", "it", "media", "logistics", "health"}


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    """One finished run over one register for the read-only result tests of this module (an analysis
    takes seconds); created outside the per-test transaction, so it is removed explicitly."""
    from tests.factories.core import UserFactory
    from verbund.companies.models import Area, District

    with django_db_blocker.unblock():
        owner = UserFactory(roles=["office"])
        planted = planted_register(600)
        run = start_run(
            title="Geteilt", params=RunParameters(permutations=0), user=owner, enqueue=False
        )
        execute_run(run_id=run.pk)
        run.refresh_from_db()
        try:
            yield run, planted
        finally:
            AnalysisRun.history.all().delete()
            AnalysisRun.objects.all().delete()
            Company.objects.all().delete()
            Company.history.all().delete()
            District.objects.all().delete()
            Area.objects.all().delete()
            for model in (District, Area):
                if hasattr(model, "history"):
                    model.history.all().delete()
            owner.delete()


@pytest.fixture
def done_run(shared) -> AnalysisRun:
    run, _planted = shared
    assert run.status == RunStatus.DONE, run.error
    return run


@pytest.fixture
def shared_planted(shared) -> dict[int, str]:
    return shared[1]


def test_candidate_networks_are_the_planted_clusters_with_reasons(
    office_client, done_run, shared_planted
):
    planted = shared_planted
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
    unit = next(s["unit"] for s in done_run.results["specialisation"] if s["establishments"] >= 3)
    filtered = office_client.get(f"/analysis/runs/{pk}/specialisation/", {"unit": unit})
    assert filtered.context["rows"]
    assert {row["unit"] for row in filtered.context["rows"]} == {unit}
    pots = office_client.get(f"/analysis/runs/{pk}/potentials/").content.decode()
    assert "noch nicht spezialisiert" in pots
    assert "<line" in pots  # relatedness network edges
    page = office_client.get(f"/analysis/runs/{pk}/map/")
    assert page.context["map_data"]["hotspots"]
    assert page.context["map_data"]["members"]
    assert page.context["map_data"]["districts"]["features"]
    assert page.context["map_data"]["areas"]["features"][0]["properties"]["name"] == (
        "Programmgebiet West"
    )
    assert "leaflet.js" in page.content.decode()


def test_english_pages_show_english_industry_titles(office_client, done_run):
    from verbund.analysis.titles import industry_title

    pk = done_run.pk
    rows = office_client.get(f"/en/analysis/runs/{pk}/specialisation/").context["rows"]
    assert rows
    for row in rows[:5]:
        assert row["title"] == industry_title(row["industry"], "en") != ""
    german = office_client.get(f"/analysis/runs/{pk}/specialisation/").context["rows"]
    assert german[0]["title"] == industry_title(german[0]["industry"], "de")


def test_partner_suggestions_for_a_chosen_company(office_client, done_run, shared_planted):
    planted = shared_planted
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


def test_report_pdf_holds_stars_potentials_and_candidates(office_client, done_run):
    import io

    from pypdf import PdfReader

    response = office_client.get(f"/analysis/runs/{done_run.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Sternebewertung der Clusterkategorien" in text
    assert "Verwandtschaftspotenziale" in text
    assert "Kandidat 1" in text
