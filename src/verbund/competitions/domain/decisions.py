"""Recording the decision and the data of the decision letters.

The decision snapshots the ranking (rank, score, number of reviews per idea) so that the letters
and the audit trail show what the committee saw, even if settings were changed later. Scores are
immutable from then on: review writes check the phase (see reviews.save_review).
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.competitions.domain import queries
from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.enums import REVIEW_PHASES, Outcome, Phase
from verbund.competitions.models import Competition, Decision, DecisionEntry, Submission


def deviations(rows: list[queries.RankingRow], selected: set[int]) -> list[queries.RankingRow]:
    """Ideas where the selection differs from the ranking (selected outside / skipped inside)."""
    return [r for r in rows if r.within_selection != (r.submission.pk in selected)]


@domain_write
def record_decision(
    *, competition: Competition, selected: Iterable[int], justifications: Mapping[int, str],
    user, committee: str = "", notes: str = "", now=None,
) -> Decision:  # fmt: skip
    """Snapshot the ranking with the committee's selection; `now` (default: the clock) is the
    time of the decision."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.phase not in REVIEW_PHASES:
        raise CompetitionError(_("The decision is recorded at the end of the review."))
    if Decision.objects.filter(competition=competition).exists():
        raise CompetitionError(_("The decision has already been recorded."))
    rows = queries.ranking(competition)
    by_id = {r.submission.pk: r for r in rows}
    selected = set(selected)
    unknown = selected - set(by_id)
    if unknown:
        raise CompetitionError(_("Only submitted ideas of this competition can be selected."))
    if not selected:
        raise CompetitionError(_("Select at least one idea."))
    missing = [
        r.submission.title
        for r in deviations(rows, selected)
        if not (justifications.get(r.submission.pk) or "").strip()
    ]
    if missing:
        raise CompetitionError(
            _("Each deviation from the ranking needs a written justification: %(titles)s.")
            % {"titles": "; ".join(missing)}
        )
    if competition.budget_cap is not None:
        total = sum((by_id[i].submission.requested_budget or Decimal(0)) for i in selected)
        if total > competition.budget_cap:
            raise CompetitionError(
                _(
                    "The selected ideas request %(total)s EUR, more than the budget cap of %(cap)s EUR."
                )
                % {"total": total, "cap": competition.budget_cap}
            )
    decision = Decision.objects.create(
        competition=competition, decided_by=user, decided_at=now or timezone.now(),
        committee=committee, notes=notes,
    )  # fmt: skip
    for row in rows:
        pk = row.submission.pk
        is_selected = pk in selected
        deviation = row.within_selection != is_selected
        DecisionEntry.objects.create(
            decision=decision,
            submission=row.submission,
            rank=row.result.rank,
            score=queries.decimal_or_none(row.result.score),
            reviews=row.result.n_reviews,
            selected=is_selected,
            deviation=deviation,
            justification=(justifications.get(pk) or "").strip() if deviation else "",
        )
        sub = row.submission
        sub.outcome = Outcome.SELECTED if is_selected else Outcome.NOT_SELECTED
        sub.save(update_fields=["outcome"])
    competition.phase = Phase.DECIDED
    competition.save(update_fields=["phase"])
    return decision


def letter_context(submission: Submission) -> dict:
    """What a decision letter shows: the outcome, rank, score and the per-criterion means."""
    entry = DecisionEntry.objects.select_related("decision__decided_by").get(submission=submission)
    competition = submission.competition
    criteria = list(competition.criteria.all())
    per_criterion = {c.pk: [] for c in criteria}
    for criterion_id, value in (
        submission.assignments.filter(review__submitted=True)
        .exclude(reviewer__conflicts__submission=submission)
        .values_list("review__scores__criterion_id", "review__scores__value")
    ):
        if criterion_id in per_criterion:
            per_criterion[criterion_id].append(value)
    summary = [
        {
            "criterion": c,
            "mean": (sum(per_criterion[c.pk]) / len(per_criterion[c.pk]))
            if per_criterion[c.pk]
            else None,
        }
        for c in criteria
    ]
    return {
        "submission": submission,
        "competition": competition,
        "entry": entry,
        "decision": entry.decision,
        "ideas": DecisionEntry.objects.filter(decision=entry.decision).count(),
        "summary": summary,
    }
