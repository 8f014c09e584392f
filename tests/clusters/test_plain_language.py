"""Every figure on the result pages comes with a one-sentence plain meaning (legend and header
abbreviation), in German and English; the long tables are paginated and filterable."""

import pytest
from django.utils import translation
from django.utils.html import escape

from tests.clusters.fakes import finished_run, spec_row
from verbund.clusters.interfaces import glossary

pytestmark = pytest.mark.django_db

PAGES = {
    "": ["stars", "lq", "strong"],
    "specialisation/": [
        "establishments", "count", "lq", "density", "diversity", "krugman", "herfindahl",
        "entropy", "ubiquity", "hoover", "gini",
    ],
    "clusters/": ["stars", "employment", "lq", "focus", "strong", "clq", "z"],
    "potentials/": ["lq", "density", "phi"],
    "map/": ["z", "p_sim", "hotspot_companies"],
    "networks/": ["candidate_size", "employment", "share_in_area"],
    "partners/?company=1": ["distance", "score"],
}  # fmt: skip


@pytest.fixture
def run(client, make_user):
    user = make_user("office")
    client.force_login(user)
    partners = {"1": [{"id": 5, "distance_m": 800.0, "relatedness": 0.4, "text_similarity": 0.2,
                       "score": 0.61}]}  # fmt: skip
    return finished_run(user, partners=partners)


def test_every_term_has_a_german_meaning():
    for term in glossary.TERMS.values():
        with translation.override("en"):
            english = str(term.meaning)
        with translation.override("de"):
            german = str(term.meaning)
        assert german and german != english, term.key


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("page", "keys"), PAGES.items())
def test_each_figure_on_the_page_has_its_plain_meaning(client, run, language, page, keys):
    prefix = "" if language == "de" else "/en"
    response = client.get(f"{prefix}/analysis/runs/{run.pk}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        assert '<details class="legend" open>' in html
        assert escape(str(translation.gettext("What the figures mean"))) in html
        for key in keys:
            meaning = escape(glossary.meaning(key))
            assert f"<dd>{meaning}</dd>" in html, key  # in the legend beside the table
            assert f'<abbr title="{meaning}">' in html, key  # and on the column header
    assert "style=" not in html.split("<main", 1)[-1]  # strict CSP: no inline styles


def _rows(n: int) -> list[dict]:
    return [
        spec_row("Plagwitz" if i % 2 else "Lindenau", f"{10 + i}", 3.0 - i / 100) for i in range(n)
    ]


@pytest.mark.parametrize("page", ["specialisation", "potentials"])
def test_result_tables_cost_the_same_queries_for_one_and_three_rows(
    client, make_user, django_assert_num_queries, page
):
    user = make_user("office")
    client.force_login(user)
    key = "specialisation" if page == "specialisation" else "potentials"
    one, three = finished_run(user, **{key: _rows(1)}), finished_run(user, **{key: _rows(3)})
    client.get(f"/analysis/runs/{one.pk}/{page}/")  # warm caches (session, content types)
    with django_assert_num_queries(4, exact=False) as first:
        assert len(client.get(f"/analysis/runs/{one.pk}/{page}/").context["table"].rows) == 1
    with django_assert_num_queries(4, exact=False) as second:
        assert len(client.get(f"/analysis/runs/{three.pk}/{page}/").context["table"].rows) == 3
    assert len(first.captured_queries) == len(second.captured_queries)


def test_specialisation_table_pages_and_filters(client, make_user):
    user = make_user("office")
    client.force_login(user)
    run = finished_run(user, specialisation=_rows(120))
    page = client.get(f"/en/analysis/runs/{run.pk}/specialisation/")
    table = page.context["table"]
    assert table.paginator.count == 120 and len(table.page.object_list) == 50
    assert "120 rows" in page.content.decode()
    second = client.get(f"/en/analysis/runs/{run.pk}/specialisation/", {"page": 3})
    assert len(second.context["table"].page.object_list) == 20
    by_unit = client.get(f"/en/analysis/runs/{run.pk}/specialisation/", {"unit": "Plagwitz"})
    assert {r["unit"] for r in by_unit.context["rows"]} == {"Plagwitz"}
    by_industry = client.get(f"/analysis/runs/{run.pk}/specialisation/", {"industry": "Branche 15"})
    assert [r["industry"] for r in by_industry.context["rows"]] == ["15"]
    strong = client.get(f"/en/analysis/runs/{run.pk}/specialisation/", {"min_lq": "2.5"})
    assert all(r["lq"] >= 2.5 for r in strong.context["rows"]) and strong.context["rows"]
    bad = client.get(f"/en/analysis/runs/{run.pk}/specialisation/", {"min_lq": "-1"})
    assert bad.context["filter_form"].errors["min_lq"]


def test_run_list_filters_by_status_and_title(client, make_user):
    from tests.factories.clusters import AnalysisRunFactory

    user = make_user("office")
    client.force_login(user)
    finished_run(user, summary={})
    AnalysisRunFactory(created_by=user, title="Wartende Analyse")
    done = client.get("/analysis/", {"status": "done"}).context["runs"]
    assert [r.status for r in done] == ["done"]
    named = client.get("/analysis/", {"q": "wartende"}).context["runs"]
    assert [r.title for r in named] == ["Wartende Analyse"]
