"""Acceptance 1: hand-computed vectors for totals, mean, median, z-scores and the tie rule."""

from datetime import UTC, datetime

import pytest

from verbund.competitions.domain.scoring import (
    Aggregation,
    Criterion,
    IdeaInfo,
    ReviewTotal,
    ScoreOutOfScale,
    normalise_per_reviewer,
    rank_ideas,
    weighted_total,
)

pytestmark = pytest.mark.unit

# A: weight 2 on 0-10; B: weight 1 on 1-5
CRITERIA = [Criterion("A", 2, 0, 10), Criterion("B", 1, 1, 5)]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"A": 7, "B": 4}, 100 * (2 * 0.7 + 1 * 0.75) / 3),  # 71.666…
        ({"A": 10, "B": 5}, 100.0),
        ({"A": 0, "B": 1}, 0.0),
        ({"A": 5, "B": 3}, 50.0),
        ({"A": 0, "B": 5}, 100 / 3),
    ],
)
def test_weighted_total_maps_each_scale_to_points(scores, expected):
    assert weighted_total(scores, CRITERIA) == pytest.approx(expected)


def test_weighted_total_value_by_hand():
    assert weighted_total({"A": 7, "B": 4}, CRITERIA) == pytest.approx(71.6666667)


@pytest.mark.parametrize(
    "scores", [{"A": 11, "B": 3}, {"A": 5, "B": 0}, {"A": -1, "B": 3}, {"A": 5}]
)
def test_scores_outside_scale_or_missing_are_refused(scores):
    with pytest.raises(ScoreOutOfScale):
        weighted_total(scores, CRITERIA)


def test_criterion_needs_positive_weight_and_proper_scale():
    with pytest.raises(ValueError):
        Criterion("x", 0, 0, 10)
    with pytest.raises(ValueError):
        Criterion("x", 1, 5, 5)


def _at(minute: int) -> datetime:
    return datetime(2002, 7, 1, 12, minute, tzinfo=UTC)


def _totals(spec: dict[str, list[float]]) -> list[ReviewTotal]:
    return [ReviewTotal(idea, f"r{i}", t) for idea, ts in spec.items() for i, t in enumerate(ts)]


def test_mean_median_std_and_disagreement_by_hand():
    ideas = [IdeaInfo("x", _at(0), "X"), IdeaInfo("y", _at(1), "Y")]
    results = {r.idea: r for r in rank_ideas(ideas, _totals({"x": [60, 70, 95], "y": [40, 90]}))}
    x, y = results["x"], results["y"]
    assert (x.mean, x.median, x.n_reviews) == (75.0, 70.0, 3)
    assert x.std == pytest.approx((650 / 3) ** 0.5)  # 14.72
    assert not x.disagreement  # below the default 15 points
    assert (y.mean, y.median, y.std) == (65.0, 65.0, 25.0)
    assert y.disagreement
    assert [x.rank, y.rank] == [1, 2]
    lower = {
        r.idea: r
        for r in rank_ideas(ideas, _totals({"x": [60, 70, 95]}), disagreement_threshold=14)
    }
    assert lower["x"].disagreement


def test_median_aggregation_changes_the_order():
    ideas = [IdeaInfo("s", _at(0), "S"), IdeaInfo("u", _at(0), "U")]
    totals = _totals({"s": [50, 80, 80], "u": [75]})
    assert [r.idea for r in rank_ideas(ideas, totals)] == ["u", "s"]  # mean 75 vs 70
    by_median = rank_ideas(ideas, totals, aggregation=Aggregation.MEDIAN)
    assert [(r.idea, r.score) for r in by_median] == [("s", 80.0), ("u", 75.0)]


def test_tie_rule_score_then_median_then_reviews_then_submission_then_title():
    ideas = [
        IdeaInfo("p", _at(2), "beta"),
        IdeaInfo("q", _at(1), "Q"),
        IdeaInfo("r", _at(3), "R"),
        IdeaInfo("s", _at(4), "S"),
        IdeaInfo("t", _at(0), "T"),
        IdeaInfo("u", _at(5), "U"),
        IdeaInfo("v", _at(2), "Alpha"),
    ]
    totals = _totals(
        {
            "p": [70, 70],  # mean 70, median 70, 2 reviews, submitted 12:02, "beta"
            "q": [60, 80],  # same figures, submitted earlier
            "r": [70, 70, 70],  # mean 70, 3 reviews
            "s": [50, 80, 80],  # mean 70, median 80
            "u": [75],  # best mean
            "v": [70, 70],  # like p, same time, title "Alpha" sorts first
            # t has no reviews: last
        }
    )
    ranked = rank_ideas(ideas, totals)
    assert [r.idea for r in ranked] == ["u", "s", "r", "q", "v", "p", "t"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, 6, 7]
    assert ranked[-1].score is None


def test_z_normalisation_by_hand():
    # R1 is lenient (a 90, b 70), R2 harsh (c 50, d 30): both spread ±10 around their own mean.
    totals = [
        ReviewTotal("a", "R1", 90),
        ReviewTotal("b", "R1", 70),
        ReviewTotal("c", "R2", 50),
        ReviewTotal("d", "R2", 30),
    ]
    # overall mean 60, population std sqrt((900+100+100+900)/4) = sqrt(500) = 22.36
    out = {t.idea: t.total for t in normalise_per_reviewer(totals)}
    assert out["a"] == pytest.approx(60 + 500**0.5)
    assert out["c"] == pytest.approx(60 + 500**0.5)  # the harsh reviewer's best counts as much
    assert out["b"] == pytest.approx(60 - 500**0.5)
    assert out["d"] == pytest.approx(out["b"])
    ideas = [IdeaInfo(i, _at(m), i.upper()) for i, m in [("a", 5), ("b", 1), ("c", 2), ("d", 3)]]
    ranked = rank_ideas(ideas, totals, normalise=True)
    # a and c tie on every figure but submission time: c was earlier
    assert [r.idea for r in ranked] == ["c", "a", "b", "d"]
    assert [r.idea for r in rank_ideas(ideas, totals)] == ["a", "b", "c", "d"]


def test_z_normalisation_keeps_reviewers_without_spread():
    totals = [ReviewTotal("a", "R1", 80), ReviewTotal("b", "R2", 40), ReviewTotal("c", "R2", 40)]
    assert [t.total for t in normalise_per_reviewer(totals)] == [80, 40, 40]


def test_normalisation_can_remove_disagreement():
    totals = [
        ReviewTotal("a", "R1", 80),
        ReviewTotal("b", "R1", 60),
        ReviewTotal("a", "R2", 50),
        ReviewTotal("b", "R2", 40),
    ]
    ideas = [IdeaInfo("a", _at(0), "A"), IdeaInfo("b", _at(1), "B")]
    raw = {r.idea: r for r in rank_ideas(ideas, totals, disagreement_threshold=14)}
    assert raw["a"].std == 15.0 and raw["a"].disagreement
    normalised = {r.idea: r for r in rank_ideas(ideas, totals, normalise=True)}
    assert normalised["a"].std == pytest.approx(0.0)
    assert normalised["a"].score == pytest.approx(57.5 + (875 / 4) ** 0.5)
