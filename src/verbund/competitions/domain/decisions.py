"""Recording the decision, the figures it froze, and the data of the decision letters.

A decided competition does not change afterwards: at decision time every figure the decision used is
frozen with it — per idea the eligibility facts and findings, the scores, the per-criterion means and
the cluster-potential figures (`DecisionEntry.figures`); for the competition the eligibility rules,
the criteria, the ranking settings and the analysis run (`Decision.snapshot`). The ranking, the
decision page, the letters and the history show these from then on. Later register changes (a
member company moved, an analysis run added) are computed by :func:`changes_since_decision` and
shown beside the frozen figures as "changed since the decision", never instead of them.

A decision while assigned reviews are still missing needs an explicit override with a reason; it is
recorded on the decision (and so in its history), and the letters state the number of reviews.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.competitions.domain import eligibility, queries
from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.enums import REVIEW_PHASES, Outcome, Phase
from verbund.competitions.models import (
    Competition,
    Decision,
    DecisionEntry,
    Score,
    Submission,
)


def deviations(rows: list[queries.RankingRow], selected: set[int]) -> list[queries.RankingRow]:
    """Ideas where the selection differs from the ranking (selected outside / skipped inside)."""
    return [r for r in rows if r.within_selection != (r.submission.pk in selected)]


def missing_reviews(rows: list[queries.RankingRow]) -> int:
    """Assigned reviews not yet submitted, over all ideas of the ranking (a conflict removes the
    assignment, so conflicted reviewers are not counted as missing)."""
    return sum(max(0, r.submission.n_assigned - r.submission.n_reviewed) for r in rows)


def criterion_means(competition: Competition) -> dict[int, dict[int, float]]:
    """Per idea, the mean score of each criterion over its submitted, unconflicted reviews (one
    query; conflicted reviewers have no assignment, see reviews.record_conflict)."""
    sums: dict[int, dict[int, list[float]]] = {}
    for sub_id, criterion_id, value in Score.objects.filter(
        review__assignment__submission__competition=competition, review__submitted=True
    ).values_list("review__assignment__submission_id", "criterion_id", "value"):
        sums.setdefault(sub_id, {}).setdefault(criterion_id, []).append(float(value))
    return {
        sub_id: {c: sum(v) / len(v) for c, v in by_criterion.items()}
        for sub_id, by_criterion in sums.items()
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def idea_figures(row: queries.RankingRow, potential, means: Mapping[int, float]) -> dict:
    """The figures of one idea as they go into the snapshot (JSON: numbers, strings, lists)."""
    r, sub = row.result, row.submission
    facts = queries.facts_of(sub)
    rel = potential.relatedness if potential else None
    hot = potential.hotspots if potential else None
    return {
        "rank": r.rank,
        "score": _round(r.score, 2),
        "mean": _round(r.mean, 2),
        "median": _round(r.median, 2),
        "std": _round(r.std, 2),
        "reviews": r.n_reviews,
        "reviews_assigned": sub.n_assigned,
        "disagreement": r.disagreement,
        "within_selection": row.within_selection,
        "facts": asdict(facts),
        "share_in_area": _round(facts.share_in_area, 1),
        "eligible": row.eligible,
        "issues": [asdict(i) for i in row.issues],
        "requested_budget": None if sub.requested_budget is None else str(sub.requested_budget),
        "relatedness": None if rel is None else _round(rel.mean, 2),
        "relatedness_level": str(rel.level) if rel else "unknown",
        "register_relatedness": None if rel is None else _round(rel.register_mean, 2),
        "divisions": list(rel.divisions) if rel else [],
        "hotspot_share": None if hot is None else _round(hot.share, 1),
        "hotspot_members_analysed": None if hot is None else hot.analysed,
        "criterion_means": {str(c): round(m, 2) for c, m in means.items()},
    }


def _criterion_data(c) -> dict:
    return {
        "pk": c.pk, "name": c.name, "name_en": c.name_en, "weight": str(c.weight),
        "scale_min": c.scale_min, "scale_max": c.scale_max,
    }  # fmt: skip


def _competition_snapshot(competition: Competition, run) -> dict:
    rules = queries.rules_of(competition)
    return {
        "rules": asdict(rules),
        "settings": {
            "aggregation": competition.aggregation,
            "normalise_reviewers": competition.normalise_reviewers,
            "number_to_select": competition.number_to_select,
            "reviewers_per_idea": competition.reviewers_per_idea,
            "disagreement_threshold": str(competition.disagreement_threshold),
            "budget_cap": None if competition.budget_cap is None else str(competition.budget_cap),
        },
        "criteria": [_criterion_data(c) for c in competition.criteria.all()],
        "run": None
        if run is None
        else {
            "pk": run.pk,
            "title": run.title,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        },
    }


@domain_write
def record_decision(
    *, competition: Competition, selected: Iterable[int], justifications: Mapping[int, str],
    user, committee: str = "", notes: str = "", missing_reviews_reason: str = "", now=None,
) -> Decision:  # fmt: skip
    """Freeze the ranking and every figure it used with the committee's selection.

    `missing_reviews_reason` is required when assigned reviews are not yet submitted (an explicit
    override); `now` (default: the clock) is the time of the decision."""
    from verbund.competitions.domain.potential import potentials

    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    # Checked first: the loser of two simultaneous decisions finds the phase already "decided"
    # and must be told that, not that the review has not ended.
    if Decision.objects.filter(competition=competition).exists():
        raise CompetitionError(_("The decision has already been recorded."))
    if competition.phase not in REVIEW_PHASES:
        raise CompetitionError(_("The decision is recorded at the end of the review."))
    rows = queries.ranking(competition)
    by_id = {r.submission.pk: r for r in rows}
    selected = set(selected)
    unknown = selected - set(by_id)
    if unknown:
        raise CompetitionError(_("Only submitted ideas of this competition can be selected."))
    if not selected:
        raise CompetitionError(_("Select at least one idea."))
    missing_titles = [
        r.submission.title
        for r in deviations(rows, selected)
        if not (justifications.get(r.submission.pk) or "").strip()
    ]
    if missing_titles:
        raise CompetitionError(
            _("Each deviation from the ranking needs a written justification: %(titles)s.")
            % {"titles": "; ".join(missing_titles)}
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
    missing = missing_reviews(rows)
    missing_reviews_reason = (missing_reviews_reason or "").strip()
    if missing and not missing_reviews_reason:
        raise CompetitionError(
            ngettext(
                "%(n)s assigned review is not submitted yet. Wait for it, or give the reason "
                "for deciding without it.",
                "%(n)s assigned reviews are not submitted yet. Wait for them, or give the reason "
                "for deciding without them.",
                missing,
            )
            % {"n": missing},
            field="missing_reviews_reason",
            code="missing_reviews",
        )
    figures = potentials([r.submission.pk for r in rows], competition=competition)
    means = criterion_means(competition)
    decision = Decision.objects.create(
        competition=competition, decided_by=user, decided_at=now or timezone.now(),
        committee=committee, notes=notes, missing_reviews=missing,
        missing_reviews_reason=missing_reviews_reason if missing else "",
        snapshot=_competition_snapshot(competition, figures.run),
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
            figures=idea_figures(row, figures[pk], means.get(pk, {})),
        )
        sub = row.submission
        sub.outcome = Outcome.SELECTED if is_selected else Outcome.NOT_SELECTED
        sub.save(update_fields=["outcome"])
    competition.phase = Phase.DECIDED
    competition.save(update_fields=["phase"])
    return decision


# --- reading the frozen figures -------------------------------------------------------------------


def frozen_issues(figures: Mapping) -> list[eligibility.Issue]:
    """The eligibility findings as the decision saw them (the shape the templates know)."""
    names = {f.name for f in fields(eligibility.Issue)}
    out = []
    for item in figures.get("issues", []):
        try:
            finding = eligibility.Finding(item["finding"])
        except ValueError:
            continue  # a finding that no longer exists in the code is not shown
        values = {k: v for k, v in item.items() if k in names and k != "finding"}
        out.append(eligibility.Issue(finding, **values))
    return out


def frozen_rules(snapshot: Mapping) -> eligibility.EligibilityRules | None:
    """The eligibility rules the decision applied (None: decided before snapshots existed)."""
    rules = snapshot.get("rules")
    if rules is None:
        return None
    names = {f.name for f in fields(eligibility.EligibilityRules)}
    return eligibility.EligibilityRules(**{k: v for k, v in rules.items() if k in names})


@dataclass(frozen=True)
class Change:
    """A figure of an idea that differs now from what the decision saw."""

    key: str
    """One of CHANGE_LABELS' keys."""
    then: object
    now: object


CHANGE_KEYS = ("eligible", "members", "members_in_area", "members_unknown", "share_in_area",
               "relatedness", "hotspot_share")  # fmt: skip


def _now_figures(row: queries.EligibilityRow) -> dict:
    rel, hot = row.potential.relatedness, row.potential.hotspots
    return {
        "eligible": not row.issues,
        "members": row.facts.members,
        "members_in_area": row.facts.members_in_area,
        "members_unknown": getattr(row.facts, "members_unknown", 0),
        "share_in_area": _round(row.facts.share_in_area, 1),
        "relatedness": _round(rel.mean, 2),
        "hotspot_share": None if hot is None else _round(hot.share, 1),
    }


def _then_figures(figures: Mapping) -> dict:
    facts = figures.get("facts", {})
    return {
        "eligible": figures.get("eligible"),
        "members": facts.get("members"),
        "members_in_area": facts.get("members_in_area"),
        "members_unknown": facts.get("members_unknown", 0),
        "share_in_area": figures.get("share_in_area"),
        "relatedness": figures.get("relatedness"),
        "hotspot_share": figures.get("hotspot_share"),
    }


def changes_since_decision(competition: Competition) -> dict[int, list[Change]]:
    """Per decided idea, the figures that differ now (live register and latest analysis run, under
    the eligibility rules frozen with the decision) from the snapshot. Ideas decided before
    snapshots existed (no figures) have no entry. A fixed number of queries."""
    decision = getattr(competition, "decision", None)
    if decision is None:
        return {}
    frozen = {
        sub_id: figures
        for sub_id, figures in decision.entries.values_list("submission_id", "figures")
        if figures
    }
    if not frozen:
        return {}
    rules = frozen_rules(decision.snapshot)
    live, _run = queries.eligibility_rows(competition)
    out: dict[int, list[Change]] = {}
    for row in live:
        figures = frozen.get(row.submission.pk)
        if figures is None:
            continue
        if rules is not None:  # judged by the rules the decision applied, not today's settings
            issues = eligibility.check(rules, row.facts)
            row = queries.EligibilityRow(row.submission, row.facts, issues, row.potential)
        then, now = _then_figures(figures), _now_figures(row)
        changes = [Change(k, then[k], now[k]) for k in CHANGE_KEYS if then[k] != now[k]]
        if changes:
            out[row.submission.pk] = changes
    return out


def letter_context(submission: Submission) -> dict:
    """What a decision letter shows: the outcome, rank, score, number of reviews and the
    per-criterion means, all from the figures frozen with the decision."""
    entry = DecisionEntry.objects.select_related(
        "decision__decided_by", "submission__applicant",
        "submission__competition__project__measure__programme",
    ).get(submission=submission)  # fmt: skip
    competition = entry.submission.competition
    figures = entry.figures or {}
    frozen_criteria = entry.decision.snapshot.get("criteria")
    if frozen_criteria is None:  # decided before snapshots: the criteria are locked since then
        frozen_criteria = [_criterion_data(c) for c in competition.criteria.all()]
        means = criterion_means(competition).get(submission.pk, {})
    else:
        means = {int(k): v for k, v in figures.get("criterion_means", {}).items()}
    summary = [
        {
            "criterion": _FrozenCriterion(c),
            "mean": means.get(c["pk"]),
        }
        for c in frozen_criteria
    ]
    planned = entry.decision.snapshot.get("settings", {}).get(
        "reviewers_per_idea", competition.reviewers_per_idea
    )
    programme = competition.project.measure.programme
    applicant = entry.submission.applicant
    return {
        "submission": entry.submission,
        "competition": competition,
        "programme": programme,
        "reference": letter_reference(entry, programme),
        "salutation": applicant.salutation(translation.get_language()),
        "entry": entry,
        "decision": entry.decision,
        "ideas": DecisionEntry.objects.filter(decision=entry.decision).count(),
        "summary": summary,
        "reviews_planned": max(planned, figures.get("reviews_assigned") or 0),
    }


def letter_reference(entry: DecisionEntry, programme) -> str:
    """A reference number that stays the same for the letter of this idea, in every language and
    every download: the office's prefix, the year of the decision, competition and idea."""
    prefix = (programme.letter_reference_prefix or "").strip() or "IW"
    year = timezone.localtime(entry.decision.decided_at).year
    return f"{prefix}-{year}-{entry.decision.competition_id}-{entry.submission_id}"


class _FrozenCriterion:
    """A criterion as the decision saw it, with the attributes the letter template reads."""

    def __init__(self, data: Mapping) -> None:
        self.pk = data["pk"]
        self.name = data["name"]
        self.name_en = data.get("name_en", "")
        self.weight = Decimal(str(data["weight"]))
        self.scale_min = data["scale_min"]
        self.scale_max = data["scale_max"]

    @property
    def localized_name(self) -> str:
        from verbund.core.i18n import localized

        return localized(self, "name")
