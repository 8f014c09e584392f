"""The list of runs costs the same number of queries for one run as for three."""

import pytest

from tests.factories.clusters import AnalysisRunFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("role", "queries"),
    # session, user, groups, the paginator's count, runs; a consultancy (applicant) also gets the permission backend's
    # two lookups (user and group permissions), once per request, for the navigation's entries
    # it may not open
    [("office", 5), ("applicant", 7)],
)
def test_index_query_count_is_independent_of_run_count(
    client, make_user, django_assert_num_queries, role, queries
):
    user = make_user(role)
    client.force_login(user)
    AnalysisRunFactory(created_by=user)
    client.get("/analysis/")  # warm caches (session, content types)
    with django_assert_num_queries(queries) as one:
        assert client.get("/analysis/").status_code == 200
    AnalysisRunFactory.create_batch(2, created_by=user)
    with django_assert_num_queries(queries) as three:
        response = client.get("/analysis/")
    assert len(response.context["runs"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)


def test_reference_list_query_count_is_independent_of_row_count(
    office_client, office_user, django_assert_num_queries
):
    from verbund.clusters.domain.references import import_reference_totals

    import_reference_totals(name="A", rows={"25": 1.0}, user=office_user)
    office_client.get("/analysis/references/")
    with django_assert_num_queries(4) as one:
        office_client.get("/analysis/references/")
    for name in ["B", "C"]:
        import_reference_totals(name=name, rows={"62": 2.0}, user=office_user)
    with django_assert_num_queries(4) as three:
        response = office_client.get("/analysis/references/")
    assert len(response.context["references"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)


def _finished(title, finished_at, companies=(), hotspots=()):
    from verbund.clusters.enums import RunStatus

    return AnalysisRunFactory(
        title=title,
        status=RunStatus.DONE,
        finished_at=finished_at,
        results={"companies": list(companies), "hotspots": list(hotspots)},
    )


def test_other_apps_read_the_latest_finished_runs_hotspots_through_queries(
    django_assert_num_queries,
):
    import datetime as dt

    from django.core.cache import cache

    from verbund.clusters.domain import queries
    from verbund.clusters.enums import RunStatus

    cache.clear()
    assert queries.latest_finished_run() is None
    assert queries.latest_company_hotspots() is None
    assert queries.latest_hotspot_cells() == []
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    _finished("old", t0, companies=[{"id": 1, "hotspot_z": 5.0}])
    AnalysisRunFactory(title="still running", status=RunStatus.RUNNING)
    latest = _finished(
        "new",
        t0 + dt.timedelta(days=1),
        companies=[
            {"id": 1, "hotspot_z": 1.5},
            {"id": 2, "hotspot_z": 1.96},
            {"id": 3, "hotspot_z": None},
        ],
        hotspots=[
            {"lat": 51.3, "lon": 12.3, "z": 2.5, "value": 4},
            {"lat": 51.4, "lon": 12.4, "z": 4.0, "value": 9},
        ],
    )
    with django_assert_num_queries(2):
        got = queries.latest_company_hotspots()
    assert got.run == queries.FinishedRun(latest.pk, "new", latest.finished_at)
    assert got.in_hotspot == {1: False, 2: True, 3: False}  # z = 1.96 (HOTSPOT_Z) counts
    assert got.analysed(3) and not got.analysed(4) and not got.hot(4)
    with django_assert_num_queries(1):  # the flags of a finished run come from the cache
        assert queries.latest_company_hotspots().in_hotspot == got.in_hotspot
    assert queries.latest_company_hotspots(min_z=3.0).in_hotspot == {1: False, 2: False, 3: False}
    cells = queries.latest_hotspot_cells()
    assert [(c.z, c.value) for c in cells] == [(4.0, 9.0), (2.5, 4.0)]
    assert [c.z for c in queries.latest_hotspot_cells(min_z=3.0)] == [4.0]


def test_result_page_selections_use_the_named_cut_offs():
    from verbund.clusters.domain import queries

    results = {
        "specialisation": [
            {"unit": "A", "industry": "62", "lq": 3.0, "value": 10, "establishments": 2},
            {"unit": "A", "industry": "25", "lq": 2.0, "value": 20, "establishments": 3},
            {"unit": "B", "industry": "62", "lq": 1.5, "value": 30, "establishments": 5},
        ],
        "industries": [
            {"industry": "62", "value": 40, "establishments": 7},
            {"industry": "25", "value": 20, "establishments": 3},
        ],
        "stars": [
            {"category": "it", "stars": 1},
            {"category": "auto", "stars": 2},
            {"category": "media", "stars": 0, "strong": True},
        ],
    }
    rows = queries.specialisation_rows(results, unit="A")
    assert [r["industry"] for r in rows] == ["62", "25"]
    assert [r["industry"] for r in queries.shown_specialisations(rows)] == ["25"]
    # 62's LQ of 3.0 rests on 2 establishments: the chart takes B's 1.5
    assert {r["industry"]: r["lq"] for r in queries.city_rows(results)} == {"62": 1.5, "25": 2.0}
    assert [s["category"] for s in queries.overview_stars(results)] == ["auto", "media"]
