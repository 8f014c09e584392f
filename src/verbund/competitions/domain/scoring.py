"""Aggregation and ranking of expert reviews — pure Python/numpy, no database.

Kept free of the ORM (its one Django import is the shared `DomainError` base of its error) so the rules that decide which network ideas are funded can be tested with
hand-computed vectors and reused by the ranking page, the CSV/XLSX export, the decision letters
and the benchmark alike. Hand-written because the rules are short and must be stated exactly;
no library offers this combination (weighted criteria, z-normalisation, stated tie rule).

Rules (also shown to the office on the ranking page):

* **Weighted total of one review**: each criterion score is mapped onto 0-1 of its scale
  (``(score - min) / (max - min)``), the weighted mean of those is multiplied by 100. A total is
  therefore 0-100 points whatever the scales are. A score outside its scale is refused.
* **Per-reviewer normalisation (optional)**: against harsh or lenient reviewers, each total is
  turned into the reviewer's z-score ``(t - mean_r) / std_r`` (population std over all of that
  reviewer's reviews in the competition) and mapped back onto points with the mean and std of all
  totals of the competition. A reviewer with fewer than two reviews or no spread gives no basis for
  a correction; their totals are kept as they are.
* **Score of an idea**: the mean (default) or the median of its (normalised) review totals.
* **Disagreement**: the population standard deviation of those totals; flagged when it exceeds
  the threshold (default 15 points).
* **Ties**: higher score, then higher median, then more reviews, then earlier submission, then
  title (case-insensitive), then id. Ideas without reviews come last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import numpy as np

from verbund.core.errors import DomainError

DEFAULT_DISAGREEMENT_THRESHOLD = 15.0


class Aggregation(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"


class ScoreOutOfScale(DomainError):
    """A criterion score lies outside the criterion's scale (or is missing)."""

    def __init__(self, criterion: str, score: object, low: float, high: float) -> None:
        self.criterion, self.score, self.low, self.high = criterion, score, low, high
        super().__init__(f"{criterion}: {score} is outside {low}-{high}", code="out_of_scale")


@dataclass(frozen=True)
class Criterion:
    key: Hashable
    weight: float
    scale_min: float
    scale_max: float

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError(f"weight of {self.key} must be positive")
        if self.scale_max <= self.scale_min:
            raise ValueError(f"scale of {self.key} must have max > min")


def check_score(criterion: Criterion, score: float | None) -> None:
    if score is None or not (criterion.scale_min <= score <= criterion.scale_max):
        raise ScoreOutOfScale(str(criterion.key), score, criterion.scale_min, criterion.scale_max)


def weighted_total(scores: Mapping[Hashable, float | None], criteria: Sequence[Criterion]) -> float:
    """0-100 points: weighted mean of the scores, each scaled to 0-1 of its criterion's scale."""
    if not criteria:
        raise ValueError("no criteria")
    weighted = 0.0
    weights = 0.0
    for c in criteria:
        score = scores.get(c.key)
        check_score(c, score)
        weighted += c.weight * (float(score) - c.scale_min) / (c.scale_max - c.scale_min)
        weights += c.weight
    return 100.0 * weighted / weights


@dataclass(frozen=True)
class ReviewTotal:
    idea: Hashable
    reviewer: Hashable
    total: float


def normalise_per_reviewer(totals: Sequence[ReviewTotal]) -> list[ReviewTotal]:
    """Z-normalise each reviewer's totals and map them back onto the competition's point scale."""
    if not totals:
        return []
    values = np.array([t.total for t in totals], dtype=float)
    overall_mean = float(values.mean())
    overall_std = float(values.std())
    by_reviewer: dict[Hashable, list[float]] = defaultdict(list)
    for t in totals:
        by_reviewer[t.reviewer].append(t.total)
    stats = {
        r: (float(np.mean(v)), float(np.std(v))) if len(v) >= 2 else (0.0, 0.0)
        for r, v in by_reviewer.items()
    }
    out = []
    for t in totals:
        mean_r, std_r = stats[t.reviewer]
        if std_r == 0.0:
            out.append(t)
            continue
        z = (t.total - mean_r) / std_r
        out.append(ReviewTotal(t.idea, t.reviewer, overall_mean + z * overall_std))
    return out


@dataclass(frozen=True)
class IdeaInfo:
    """What the tie rule needs besides the scores."""

    idea: Hashable
    submitted_at: datetime | None
    title: str


@dataclass
class IdeaResult:
    idea: Hashable
    totals: list[float] = field(default_factory=list)
    score: float | None = None
    mean: float | None = None
    median: float | None = None
    std: float | None = None
    disagreement: bool = False
    rank: int = 0

    @property
    def n_reviews(self) -> int:
        return len(self.totals)


_FAR_FUTURE = datetime.max


def _tie_key(result: IdeaResult, info: IdeaInfo) -> tuple:
    has_score = result.score is not None
    submitted = info.submitted_at
    # compare naive and aware datetimes alike: use the timestamp where there is one
    when = submitted.timestamp() if submitted is not None else float("inf")
    return (
        0 if has_score else 1,
        -(result.score or 0.0),
        -(result.median or 0.0),
        -result.n_reviews,
        when,
        info.title.casefold(),
        str(info.idea),
    )


def rank_ideas(
    ideas: Iterable[IdeaInfo],
    totals: Sequence[ReviewTotal],
    *,
    aggregation: Aggregation | str = Aggregation.MEAN,
    normalise: bool = False,
    disagreement_threshold: float = DEFAULT_DISAGREEMENT_THRESHOLD,
) -> list[IdeaResult]:
    """Score and order ideas; rank 1 is best. Every idea appears, also those without reviews.

    Normalisation uses all given totals, so pass the totals of the whole competition (conflicted
    reviewers' and unsubmitted reviews already left out).
    """
    aggregation = Aggregation(aggregation)
    infos = {i.idea: i for i in ideas}
    used = normalise_per_reviewer(totals) if normalise else list(totals)
    results = {idea: IdeaResult(idea) for idea in infos}
    for t in used:
        if t.idea in results:
            results[t.idea].totals.append(t.total)
    for r in results.values():
        if not r.totals:
            continue
        arr = np.array(r.totals, dtype=float)
        r.mean = float(arr.mean())
        r.median = float(np.median(arr))
        r.std = float(arr.std())
        r.score = r.mean if aggregation is Aggregation.MEAN else r.median
        r.disagreement = r.n_reviews >= 2 and r.std > disagreement_threshold
    ordered = sorted(results.values(), key=lambda r: _tie_key(r, infos[r.idea]))
    for position, r in enumerate(ordered, start=1):
        r.rank = position
    return ordered
