"""Near-identical candidate networks (same category, ≥ 80 % the same companies) show as one."""

import pytest

from tests.clusters.fakes import candidate, finished_run
from verbund.clusters.domain.merging import jaccard, merge_near_identical


def test_near_identical_candidates_of_one_category_are_merged_into_the_better_ranked():
    first = candidate(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    twin = candidate(2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 11])  # 9 of 11 shared: Jaccard 0.82
    other_category = candidate(3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], category="health")
    apart = candidate(4, [1, 2, 3, 4, 5, 6, 7, 20, 21, 22])  # 7 of 15 shared
    assert jaccard(set(first["company_ids"]), set(twin["company_ids"])) >= 0.8

    shown, merged = merge_near_identical([first, twin, other_category, apart])

    assert merged == 1
    assert [c["rank"] for c in shown] == [1, 3, 4]
    assert shown[0]["merged_ranks"] == [2]
    assert set(shown[0]["company_ids"]) == set(range(1, 12))
    assert shown[0]["size"] == 11
    assert first["company_ids"] == list(range(1, 11))  # the stored results stay as they were


def test_candidates_without_near_twins_are_kept_as_stored():
    cands = [candidate(1, [1, 2, 3]), candidate(2, [4, 5, 6])]
    shown, merged = merge_near_identical(cands)
    assert merged == 0
    assert [c["company_ids"] for c in shown] == [[1, 2, 3], [4, 5, 6]]


@pytest.mark.django_db
def test_networks_page_says_how_many_candidates_were_merged(client, make_user):
    user = make_user("office")
    client.force_login(user)
    run = finished_run(
        user,
        candidates=[candidate(1, [1, 2, 3, 4, 5]), candidate(2, [1, 2, 3, 4, 5, 6])],
    )
    page = client.get(f"/en/analysis/runs/{run.pk}/networks/")
    html = page.content.decode()
    assert page.context["merged"] == 1
    assert len(page.context["candidates"]) == 1
    assert "1 near-identical candidate was merged into a better-ranked one" in html
    assert "at least 80 % of the companies the same" in html
    assert "merged with candidate 2" in html
    assert 'id="candidate-2"' not in html
    german = client.get(f"/analysis/runs/{run.pk}/networks/").content.decode()
    assert "1 fast gleicher Kandidat wurde mit einem besser platzierten zusammengeführt" in german
    overview = client.get(f"/en/analysis/runs/{run.pk}/").context["top_candidates"]
    assert [c["rank"] for c in overview] == [1]
