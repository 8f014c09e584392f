"""Read helpers: ranking, progress and eligibility with a fixed number of queries.

Each page asks for whole columns (submissions with annotated counts, all scores of the
competition in one values() query) and aggregates in Python with the pure scoring module, so the
number of queries does not grow with the number of ideas, reviewers or reviews.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from verbund.competitions.domain import eligibility, scoring
from verbund.competitions.enums import SubmissionStatus
from verbund.competitions.models import (
    Assignment,
    Competition,
    ConflictOfInterest,
    Review,
    Score,
    Submission,
)


def _subcount(model, outer_field: str, **filters) -> Coalesce:
    """Correlated COUNT(*) subquery: no join fan-out, one query for the whole page."""
    qs = (
        model.objects.filter(**{outer_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(qs, output_field=IntegerField()), Value(0))


def annotated_submissions(competition: Competition, *, include_drafts: bool = False) -> QuerySet:
    """Submissions with member counts (all / inside the programme area) and review progress."""
    from verbund.competitions.domain.members import in_area_filter, unknown_placement_filter

    through = Submission.founding_members.through
    qs = competition.submissions.all()
    if not include_drafts:
        qs = qs.filter(status=SubmissionStatus.SUBMITTED)
    return qs.select_related("applicant", "carrier").annotate(
        n_members=_subcount(through, "submission_id"),
        n_in_area=_subcount(through, "submission_id", **in_area_filter(prefix="company__")),
        n_unknown=_subcount(
            through, "submission_id", **unknown_placement_filter(prefix="company__")
        ),
        n_assigned=_subcount(Assignment, "submission_id"),
        n_reviewed=_subcount(Assignment, "submission_id", review__submitted=True),
    )


def rules_of(competition: Competition) -> eligibility.EligibilityRules:
    return eligibility.EligibilityRules(
        min_members=competition.min_members,
        min_share_in_area=float(competition.min_share_in_area),
        carrier_required=competition.carrier_required,
    )


def facts_of(sub: Submission) -> eligibility.IdeaFacts:
    return eligibility.IdeaFacts(
        members=sub.n_members, members_in_area=sub.n_in_area, has_carrier=sub.carrier_id is not None,
        members_unknown=getattr(sub, "n_unknown", 0),
    )  # fmt: skip


def criteria_of(competition: Competition) -> list[scoring.Criterion]:
    return [
        scoring.Criterion(c.pk, float(c.weight), c.scale_min, c.scale_max)
        for c in competition.criteria.all()
    ]


def review_totals(
    competition: Competition, criteria: list[scoring.Criterion]
) -> list[scoring.ReviewTotal]:
    """Weighted totals of the submitted reviews, conflicted reviewers left out (one query)."""
    conflicted = ConflictOfInterest.objects.filter(
        reviewer_id=OuterRef("review__assignment__reviewer_id"),
        submission_id=OuterRef("review__assignment__submission_id"),
    )
    rows = (
        Score.objects.filter(
            review__assignment__submission__competition=competition,
            review__assignment__submission__status=SubmissionStatus.SUBMITTED,
            review__submitted=True,
        )
        .exclude(Exists(conflicted))
        .values_list(
            "review_id",
            "review__assignment__submission_id",
            "review__assignment__reviewer_id",
            "criterion_id",
            "value",
        )
    )
    by_review: dict[int, dict] = {}
    who: dict[int, tuple[int, int]] = {}
    for review_id, sub_id, reviewer_id, criterion_id, value in rows:
        by_review.setdefault(review_id, {})[criterion_id] = float(value)
        who[review_id] = (sub_id, reviewer_id)
    totals = []
    for review_id, scores in by_review.items():
        try:
            total = scoring.weighted_total(scores, criteria)
        except scoring.ScoreOutOfScale:
            continue  # incomplete review (a criterion added later); not counted
        sub_id, reviewer_id = who[review_id]
        totals.append(scoring.ReviewTotal(sub_id, reviewer_id, total))
    return totals


@dataclass
class RankingRow:
    submission: Submission
    result: scoring.IdeaResult
    issues: list[eligibility.Issue] = field(default_factory=list)
    within_selection: bool = False

    @property
    def eligible(self) -> bool:
        return not self.issues

    @property
    def share_in_area(self) -> float | None:
        return facts_of(self.submission).share_in_area


def ranking(
    competition: Competition, *, aggregation: str | None = None, normalise: bool | None = None
) -> list[RankingRow]:
    """All submitted ideas in rank order; the first `number_to_select` eligible ones are marked."""
    criteria = criteria_of(competition)
    subs = {s.pk: s for s in annotated_submissions(competition)}
    totals = review_totals(competition, criteria) if criteria else []
    results = scoring.rank_ideas(
        [scoring.IdeaInfo(s.pk, s.submitted_at, s.title) for s in subs.values()],
        totals,
        aggregation=aggregation or competition.aggregation,
        normalise=competition.normalise_reviewers if normalise is None else normalise,
        disagreement_threshold=float(competition.disagreement_threshold),
    )
    rules = rules_of(competition)
    rows = []
    picked = 0
    for r in results:
        sub = subs[r.idea]
        row = RankingRow(sub, r, eligibility.check(rules, facts_of(sub)))
        if row.eligible and r.score is not None and picked < competition.number_to_select:
            row.within_selection = True
            picked += 1
        rows.append(row)
    return rows


def progress(competition: Competition) -> dict:
    subs = list(annotated_submissions(competition))
    done = sum(s.n_reviewed for s in subs)
    assigned = sum(s.n_assigned for s in subs)
    return {"submissions": subs, "done": done, "assigned": assigned}


def decimal_or_none(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def reviews_for_discussion(submission: Submission) -> QuerySet:
    return (
        Review.objects.filter(assignment__submission=submission, submitted=True)
        .select_related("assignment__reviewer__user")
        .prefetch_related("scores__criterion")
    )


@dataclass(frozen=True)
class MemberProfile:
    """Industry profile of the founding members, shown to everyone who may see the idea
    (relatedness and hotspot overlap, for the office and reviewers, are in `domain.potential`)."""

    divisions: int
    """Distinct WZ divisions (2 digits) among the founding members' main industries."""
    sector_share: float | None
    """Percent of members whose main WZ code falls under one of the idea's WZ codes."""


def member_profile(submission: Submission) -> MemberProfile:
    members = list(submission.founding_members.values_list("main_wz__code", "main_wz__division"))
    divisions = {d for _c, d in members if d}
    codes = [w.code for w in submission.wz_codes.all()]
    known = [c for c, _d in members if c]
    if not codes or not known:
        return MemberProfile(len(divisions), None)
    fitting = sum(1 for c in known if any(c.startswith(code) for code in codes))
    return MemberProfile(len(divisions), 100.0 * fitting / len(members))


@dataclass(frozen=True)
class EligibilityRow:
    submission: Submission
    facts: eligibility.IdeaFacts
    issues: list[eligibility.Issue]
    potential: object
    """`domain.potential.IdeaPotential` of the idea."""


def eligibility_rows(competition: Competition) -> tuple[list[EligibilityRow], object]:
    """Every idea (drafts too) with its facts, broken rules and cluster potential, and the analysis
    run the potential comes from (None: no run yet). A fixed number of queries."""
    from verbund.competitions.domain.potential import potentials

    subs = list(annotated_submissions(competition, include_drafts=True).order_by("status", "title"))
    figures = potentials([s.pk for s in subs], competition=competition)
    rules = rules_of(competition)
    rows = []
    for s in subs:
        facts = facts_of(s)
        rows.append(EligibilityRow(s, facts, eligibility.check(rules, facts), figures[s.pk]))
    return rows, figures.run


def selected_ideas() -> QuerySet:
    """The ideas a committee selected (for other apps, e.g. networks: filter out those that are a
    network already with `.filter(network__isnull=True)`), by competition and title."""
    from verbund.competitions.enums import Outcome

    return (
        Submission.objects.filter(outcome=Outcome.SELECTED)
        .select_related("competition", "carrier")
        .order_by("competition_id", "title", "pk")
    )


# --- start pages ------------------------------------------------------------------------------


def open_assignments_of(user) -> QuerySet:
    """A reviewer's assignments whose review is not yet submitted, in competitions still under
    review, conflicted ideas left out; oldest due date first."""
    from verbund.competitions.enums import REVIEW_PHASES

    return (
        Assignment.objects.filter(
            reviewer__user=user,
            submission__competition__phase__in=REVIEW_PHASES,
            review__submitted=False,
        )
        .exclude(submission__conflicts__reviewer__user=user)
        .select_related("submission__competition", "review")
        .order_by("submission__competition__review_deadline", "submission__title", "pk")
    )


def ideas_of(user) -> QuerySet:
    """An applicant's ideas with their competition, newest first."""
    return (
        Submission.objects.filter(applicant=user)
        .select_related("competition")
        .order_by("-created_at", "-pk")
    )


def competitions_waiting_for_the_office() -> QuerySet:
    """Competitions past their deadline and not yet decided, with their review progress."""
    from django.db.models import Q

    from verbund.competitions.enums import Phase

    return (
        Competition.objects.filter(phase__in=[Phase.CLOSED, Phase.IN_REVIEW, Phase.DISCUSSION])
        .annotate(
            n_reviews=Count("submissions__assignments", distinct=True),
            n_submitted=Count(
                "submissions__assignments",
                filter=Q(submissions__assignments__review__submitted=True),
                distinct=True,
            ),
        )
        .order_by("deadline", "pk")
    )
