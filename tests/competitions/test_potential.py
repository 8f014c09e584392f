"""Cluster-potential figures of ideas: relatedness of the members' industries and hotspot overlap.

A hand-built register of three districts and four WZ divisions; presence per district:

    D1: 22 (plastics), 25 (metal), 29 (automotive)     D2: 22, 29     D3: 25, 62 (IT)

Ubiquity: 22, 25, 29 → 2 districts, 62 → 1. Co-occurrence / proximity φ = C / max(u):
22–25: 1/2 = 0.5   22–29: 2/2 = 1.0   22–62: 0   25–29: 1/2 = 0.5   25–62: 1/2 = 0.5   29–62: 0
Register mean over the six pairs: 2.5 / 6 = 0.4167.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.clusters import AnalysisRunFactory
from tests.factories.companies import CompanyFactory, DistrictFactory, wz
from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
)
from verbund.competitions.domain.potential import (
    Level,
    ProximityTable,
    potentials,
)
from verbund.competitions.enums import Phase

CODES = {"22": "22.21.0", "25": "25.62.0", "29": "29.32.0", "62": "62.01.1"}


@pytest.mark.unit
def test_proximity_table_from_hand_built_presence():
    pairs = [("D1", "22"), ("D1", "25"), ("D1", "29"), ("D2", "22"), ("D2", "29")]
    pairs += [("D3", "25"), ("D3", "62"), ("D1", "22")]  # a duplicate changes nothing
    table = ProximityTable.from_presence(pairs)
    assert table.register_mean == pytest.approx(2.5 / 6)
    close = table.relatedness({"22", "29"})
    assert (close.mean, close.level) == (pytest.approx(1.0), Level.ABOVE)
    assert table.relatedness({"22", "62"}).level == Level.BELOW
    everything = table.relatedness({"22", "25", "29", "62"})
    assert (everything.mean, everything.level) == (pytest.approx(2.5 / 6), Level.ABOUT)
    assert table.relatedness({"25"}).level == Level.SINGLE
    assert table.relatedness({"99"}).level == Level.UNKNOWN  # present in no district


@pytest.mark.unit
def test_one_district_gives_no_relatedness():
    table = ProximityTable.from_presence([("D1", "22"), ("D1", "29")])
    assert table.register_mean is None
    assert table.relatedness({"22", "29"}).level == Level.UNKNOWN


@pytest.fixture
def register(db):
    """The register of the module docstring; companies by (district, division)."""
    d = {name: DistrictFactory(name=name) for name in ("D1", "D2", "D3")}
    layout = [("D1", "22"), ("D1", "25"), ("D1", "29"), ("D2", "22"), ("D2", "29")]
    layout += [("D3", "25"), ("D3", "62")]
    return {
        (dist, div): CompanyFactory(name=f"Firma {dist}-{div}", district=d[dist], main_wz=wz(CODES[div]))
        for dist, div in layout
    }  # fmt: skip


@pytest.fixture
def ideas(register):
    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    close = SubmissionFactory(competition=comp, title="Kunststoff und Auto")
    close.founding_members.set([register["D1", "22"], register["D2", "29"], register["D2", "22"]])
    distant = SubmissionFactory(competition=comp, title="Kunststoff und IT")
    distant.founding_members.set([register["D1", "22"], register["D3", "62"]])
    return comp, close, distant


def _run(members_z: dict, *, finished: dt.datetime, status: str = "done", title="Analyse"):
    return AnalysisRunFactory(
        title=title,
        status=status,
        finished_at=finished,
        results={"companies": [{"id": c.pk, "hotspot_z": z} for c, z in members_z.items()]},
    )


@pytest.mark.integration
def test_figures_without_an_analysis_run(ideas):
    comp, close, distant = ideas
    figures = potentials([close.pk, distant.pk], competition=comp)
    assert figures.run is None
    assert figures[close.pk].hotspots is None
    assert figures[close.pk].relatedness.mean == pytest.approx(1.0)
    assert figures[distant.pk].relatedness.mean == pytest.approx(0.0)


@pytest.mark.integration
def test_hotspot_overlap_uses_the_latest_finished_run(ideas, register):
    comp, close, distant = ideas
    now = timezone.now()
    _run({register["D1", "22"]: 0.1}, finished=now - dt.timedelta(days=3), title="Alt")
    _run(
        {register["D1", "22"]: 2.5, register["D2", "29"]: 1.0, register["D3", "62"]: 1.96},
        finished=now - dt.timedelta(days=1), title="Neu",
    )  # fmt: skip
    _run({register["D2", "22"]: 9.9}, finished=now, status="failed", title="Fehlgeschlagen")
    figures = potentials([close.pk, distant.pk], competition=comp)
    assert figures.run.title == "Neu"
    hot = figures[close.pk].hotspots
    assert (hot.members, hot.analysed, hot.in_hotspots) == (3, 2, 1)
    assert hot.share == pytest.approx(100 / 3)
    assert figures[distant.pk].hotspots.share == pytest.approx(100.0)  # z = 1.96 counts


@pytest.mark.integration
def test_idea_page_shows_relatedness_and_hotspot_overlap(ideas, register, office_client):
    _comp, close, distant = ideas
    _run(
        {register["D1", "22"]: 2.5, register["D2", "29"]: 1.0},
        finished=timezone.now(), title="Standortanalyse 2002",
    )  # fmt: skip
    page = office_client.get(reverse("competitions:submission_detail", args=[close.pk]))
    text = page.content.decode()
    assert "mittlere Nähe 1,00 (Durchschnitt im Register 0,42)" in text
    assert "enger verwandt als üblich" in text
    assert "33 % der Gründungsmitglieder (1 von 3) liegen in Hotspot-Zellen" in text
    assert "Standortanalyse 2002" in text
    assert "1 Mitglied ist in dieser Standortanalyse nicht enthalten" in text
    text = office_client.get(
        reverse("competitions:submission_detail", args=[distant.pk])
    ).content.decode()
    assert "mittlere Nähe 0,00 (Durchschnitt im Register 0,42)" in text
    assert "weniger eng verwandt als üblich" in text


@pytest.mark.integration
def test_idea_page_says_when_there_is_no_analysis_run(ideas, office_client):
    _comp, close, _distant = ideas
    text = office_client.get(
        reverse("competitions:submission_detail", args=[close.pk])
    ).content.decode()
    assert "Hotspot-Überlappung" in text
    assert "noch keine Standortanalyse" in text


@pytest.mark.integration
def test_reviewer_sees_figures_applicant_does_not(ideas, client, make_user):
    comp, close, _distant = ideas
    reviewer = ReviewerFactory(competition=comp, user=make_user("reviewer"))
    assign(reviewer, close)
    url = reverse("competitions:submission_detail", args=[close.pk])
    client.force_login(reviewer.user)
    assert "Verwandtschaft der Branchen" in client.get(url).content.decode()
    client.force_login(close.applicant)
    text = client.get(url).content.decode()
    assert "Verwandtschaft der Branchen" not in text
    assert "Hotspot-Überlappung" not in text


@pytest.mark.integration
def test_ranking_and_eligibility_show_the_figures(ideas, register, office_client):
    comp, _close, _distant = ideas
    ranking = office_client.get(reverse("competitions:ranking", args=[comp.pk])).content.decode()
    assert "1,00 ▲" in ranking and "0,00 ▼" in ranking
    assert "noch keine Standortanalyse" in ranking
    _run({register["D1", "22"]: 2.5}, finished=timezone.now(), title="Standortanalyse X")
    eligibility = office_client.get(
        reverse("competitions:eligibility", args=[comp.pk])
    ).content.decode()
    assert "1,00 ▲" in eligibility
    assert "33,3 %" in eligibility and "50,0 %" in eligibility
    assert "Standortanalyse X" in eligibility
    csv = office_client.get(
        reverse("competitions:ranking_export", args=[comp.pk, "csv"])
    ).content.decode("utf-8-sig")
    header, *rows = csv.splitlines()
    assert "Anteil der Mitglieder in Hotspot-Zellen (%)" in header
    assert any(row.endswith(";1.0;0.42;33.3") for row in rows)


def _competition_with_figures(n: int, register: dict) -> object:
    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    companies = list(register.values())
    for i in range(n):
        idea = SubmissionFactory(competition=comp, title=f"Idee {i}")
        idea.founding_members.set(companies[i : i + 3])
    return comp


@pytest.mark.integration
@pytest.mark.parametrize("page", ["ranking", "eligibility", "csv"])
def test_figure_columns_keep_the_query_count_constant(register, office_client, page):
    _run({c: 2.5 for c in register.values()}, finished=timezone.now())
    one = _competition_with_figures(1, register)
    three = _competition_with_figures(3, register)

    def url(comp):
        if page == "csv":
            return reverse("competitions:ranking_export", args=[comp.pk, "csv"])
        return reverse(f"competitions:{page}", args=[comp.pk])

    def count(comp) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = office_client.get(url(comp))
        assert response.status_code == 200
        assert "100" in response.content.decode("utf-8-sig")  # every member in a hotspot
        return len(ctx.captured_queries)

    count(one)  # warm caches (session, roles)
    assert count(one) == count(three)


@pytest.mark.integration
def test_a_newer_run_replaces_the_cached_hotspot_flags(ideas, register):
    comp, close, _distant = ideas
    members = [register["D1", "22"], register["D2", "29"], register["D2", "22"]]
    _run(dict.fromkeys(members, 0.0), finished=timezone.now() - dt.timedelta(hours=1))
    assert potentials([close.pk], competition=comp)[close.pk].hotspots.in_hotspots == 0
    _run(dict.fromkeys(members, 3.0), finished=timezone.now(), title="Neuer Lauf")
    figures = potentials([close.pk], competition=comp)
    assert figures.run.title == "Neuer Lauf"
    assert figures[close.pk].hotspots.in_hotspots == 3


@pytest.mark.integration
def test_idea_page_explains_members_of_one_division(register, office_client):
    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    idea = SubmissionFactory(competition=comp, title="Nur Kunststoff")
    idea.founding_members.set([register["D1", "22"], register["D2", "22"]])
    text = office_client.get(
        reverse("competitions:submission_detail", args=[idea.pk])
    ).content.decode()
    assert "Alle Mitglieder gehören zu einer Wirtschaftsabteilung (WZ 22)" in text
