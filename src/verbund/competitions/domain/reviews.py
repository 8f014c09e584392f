"""Conflicts of interest, assignments and reviews.

A conflict removes the reviewer from the idea: an existing assignment (and its review, kept in
the change history) is deleted, so a conflicted reviewer is never assigned, cannot open the idea
and is not counted. Reviews use optimistic locking: the form carries the version it was opened
with and a save against a newer version is refused, so a stale tab never overwrites newer scores.
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.competitions.domain import scoring
from verbund.competitions.domain.assignment import plan_assignments
from verbund.competitions.domain.errors import CompetitionError, ScoresLocked, StaleReview
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.enums import REVIEW_PHASES, ConflictKind, Phase, SubmissionStatus
from verbund.competitions.models import (
    Assignment,
    Competition,
    ConflictOfInterest,
    Review,
    Reviewer,
    Score,
    Submission,
)

ASSIGNABLE_PHASES = {Phase.CLOSED, Phase.IN_REVIEW, Phase.DISCUSSION}


def _check_not_decided(competition: Competition) -> None:
    if competition.is_decided:
        raise ScoresLocked(
            _("The competition is decided; reviews and scores can no longer change.")
        )


def _drop_assignment(reviewer: Reviewer, submission: Submission) -> None:
    for assignment in Assignment.objects.filter(reviewer=reviewer, submission=submission):
        review = getattr(assignment, "review", None)
        if review is not None:
            review.scores.all().delete()
            review.delete()
        assignment.delete()


@domain_write
def record_conflict(
    *, reviewer: Reviewer, submission: Submission, kind: ConflictKind | str, reason: str = "",
    detected: bool = False, user=None,
) -> ConflictOfInterest:  # fmt: skip
    submission = Submission.objects.select_related("competition").get(pk=submission.pk)
    _check_not_decided(submission.competition)
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer, submission=submission, kind=kind,
        defaults={"reason": reason, "detected": detected},
    )  # fmt: skip
    _drop_assignment(reviewer, submission)
    return conflict


def declare_conflict(*, reviewer: Reviewer, submission: Submission, reason: str, user):
    """A reviewer (or the office for them) declares a personal conflict."""
    if not reason.strip():
        raise CompetitionError(_("Please give a reason for the conflict."))
    return record_conflict(
        reviewer=reviewer,
        submission=submission,
        kind=ConflictKind.DECLARED,
        reason=reason,
        user=user,
    )


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@domain_write
def detect_conflicts(*, competition: Competition, user=None) -> list[ConflictOfInterest]:
    """Find reviewers who belong to an idea's applicant, carrier or member companies.

    Belonging means: the reviewer is the applicant or a co-applicant, or their organisation is the
    applicant's organisation or the carrier, or they are affiliated with the carrier or a founding
    member company in the company register.
    """
    from verbund.competitions.domain.members import affiliated_companies, carrier_company_ids

    competition = Competition.objects.get(pk=competition.pk)
    if competition.is_decided:
        return []
    reviewers = list(competition.reviewers.filter(active=True).select_related("user"))
    if not reviewers:
        return []
    submissions = list(
        competition.submissions.exclude(status=SubmissionStatus.WITHDRAWN)
        .select_related("carrier")
        .prefetch_related("co_applicants", "founding_members")
    )
    affiliations = affiliated_companies([r.user_id for r in reviewers])
    found: list[ConflictOfInterest] = []
    for sub in submissions:
        applicants = {sub.applicant_id, *(u.pk for u in sub.co_applicants.all())}
        members = {c.pk: c for c in sub.founding_members.all()}
        carrier_name = _norm(sub.carrier.name) if sub.carrier else ""
        carrier_ids = carrier_company_ids(sub.carrier) if sub.carrier else set()
        for reviewer in reviewers:
            org = _norm(reviewer.user.organisation)
            mine = affiliations.get(reviewer.user_id, set())
            hits: list[tuple[str, str]] = []
            if reviewer.user_id in applicants:
                hits.append((ConflictKind.APPLICANT, _("Reviewer is an applicant of this idea.")))
            elif org and org == _norm(sub.applicant_organisation):
                hits.append(
                    (ConflictKind.APPLICANT, _("Reviewer works for the applying organisation."))
                )
            if sub.carrier and ((org and org == carrier_name) or mine & carrier_ids):
                hits.append(
                    (
                        ConflictKind.CARRIER,
                        _("Reviewer belongs to the carrier %(name)s.") % {"name": sub.carrier.name},
                    )
                )
            for company_id in sorted(mine & set(members)):
                hits.append(
                    (
                        ConflictKind.MEMBER,
                        _("Reviewer is affiliated with member company %(name)s.")
                        % {"name": members[company_id]},
                    )
                )
                break
            for kind, reason in hits:
                found.append(
                    record_conflict(reviewer=reviewer, submission=sub, kind=kind, reason=reason, detected=True, user=user)
                )  # fmt: skip
    return found


def conflicted_pairs(competition: Competition) -> set[tuple[int, int]]:
    """(submission_id, reviewer_id) pairs with any conflict."""
    return set(
        ConflictOfInterest.objects.filter(submission__competition=competition).values_list(
            "submission_id", "reviewer_id"
        )
    )


def _create_assignment(
    reviewer: Reviewer, submission: Submission, *, automatic: bool
) -> Assignment:
    """The assignment and its empty review; an existing one is returned as it is (get-or-create
    under the unique constraint: a parallel request that created it first wins, no error)."""
    assignment, created = Assignment.objects.get_or_create(
        reviewer=reviewer, submission=submission, defaults={"automatic": automatic}
    )
    if created:
        Review.objects.create(assignment=assignment)
    return assignment


@domain_write
def assign(*, reviewer: Reviewer, submission: Submission, user) -> Assignment:
    """Assign a reviewer to an idea; idempotent, also for parallel requests (the idea's row is
    locked, and the create is a get-or-create under the unique constraint)."""
    submission = (
        Submission.objects.select_for_update().select_related("competition").get(pk=submission.pk)
    )
    reviewer = Reviewer.objects.get(pk=reviewer.pk)
    competition = submission.competition
    if competition.phase not in ASSIGNABLE_PHASES:
        raise CompetitionError(
            _("Reviewers are assigned after the submission deadline and before the decision.")
        )
    if submission.status != SubmissionStatus.SUBMITTED:
        raise CompetitionError(_("Only submitted ideas are reviewed."))
    if reviewer.competition_id != competition.pk or not reviewer.active:
        raise CompetitionError(_("This reviewer is not in the competition's pool."))
    if ConflictOfInterest.objects.filter(reviewer=reviewer, submission=submission).exists():
        raise CompetitionError(
            _("%(reviewer)s has a conflict of interest with this idea.") % {"reviewer": reviewer}
        )
    return _create_assignment(reviewer, submission, automatic=False)


@domain_write
def unassign(*, assignment: Assignment, user) -> None:
    assignment = Assignment.objects.select_related("submission__competition", "reviewer").get(
        pk=assignment.pk
    )
    _check_not_decided(assignment.submission.competition)
    _drop_assignment(assignment.reviewer, assignment.submission)


@domain_write
def auto_assign(*, competition: Competition, user) -> dict:
    """Give every submitted idea `reviewers_per_idea` reviewers; returns {"created": n, "short": {...}}."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.phase not in ASSIGNABLE_PHASES:
        raise CompetitionError(
            _("Reviewers are assigned after the submission deadline and before the decision.")
        )
    detect_conflicts(competition=competition, user=user)
    ideas = list(
        competition.submissions.filter(status=SubmissionStatus.SUBMITTED).order_by("submitted_at", "pk").values_list("pk", flat=True)
    )  # fmt: skip
    reviewers = list(
        competition.reviewers.filter(active=True).order_by("pk").values_list("pk", flat=True)
    )
    existing = Assignment.objects.filter(submission__competition=competition).values_list(
        "submission_id", "reviewer_id"
    )
    plan = plan_assignments(
        ideas, reviewers, k=competition.reviewers_per_idea, conflicts=conflicted_pairs(competition), existing=existing
    )  # fmt: skip
    by_pk_reviewer = {r.pk: r for r in competition.reviewers.all()}
    by_pk_sub = {s.pk: s for s in competition.submissions.filter(pk__in={i for i, _ in plan.new})}
    for idea, reviewer in plan.new:
        _create_assignment(by_pk_reviewer[reviewer], by_pk_sub[idea], automatic=True)
    return {"created": len(plan.new), "short": plan.short}


def parse_score(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation as exc:
        raise CompetitionError(_("“%(value)s” is not a number.") % {"value": raw}) from exc


@domain_write
def save_review(
    *, review: Review, expected_version: int, scores: dict[int, tuple[Decimal | None, str]],
    recommendation: str = "", comment: str = "", submit: bool = False, user,
) -> Review:  # fmt: skip
    """Save scores (criterion id -> (value, comment)); submit=True needs every criterion scored."""
    review = (
        Review.objects.select_for_update()
        .select_related("assignment__submission__competition", "assignment__reviewer")
        .get(pk=review.pk)
    )
    assignment = review.assignment
    competition = assignment.submission.competition
    _check_not_decided(competition)
    if competition.phase not in REVIEW_PHASES:
        raise CompetitionError(_("The review phase has not started."))
    if ConflictOfInterest.objects.filter(
        reviewer=assignment.reviewer, submission=assignment.submission
    ).exists():
        raise CompetitionError(_("You have a conflict of interest with this idea."))
    if review.version != expected_version:
        raise StaleReview(
            _("This review was saved elsewhere in the meantime (e.g. in another window). Your changes were not saved; reload to see the current version.")
        )  # fmt: skip
    criteria = {c.pk: c for c in competition.criteria.all()}
    errors = []
    for criterion_id, (value, _comment) in scores.items():
        c = criteria.get(criterion_id)
        if c is None:
            raise CompetitionError(_("Unknown criterion."))
        if value is None:
            continue
        try:
            scoring.check_score(
                scoring.Criterion(c.pk, float(c.weight), c.scale_min, c.scale_max), float(value)
            )
        except scoring.ScoreOutOfScale:
            errors.append(
                _("%(criterion)s: %(value)s is outside the scale %(min)s-%(max)s.")
                % {
                    "criterion": c.localized_name,
                    "value": value,
                    "min": c.scale_min,
                    "max": c.scale_max,
                }
            )
    if submit:
        missing = [
            c.localized_name for pk, c in criteria.items() if scores.get(pk, (None, ""))[0] is None
        ]
        if missing:
            errors.append(
                _("Please score every criterion before submitting: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        if not recommendation:
            errors.append(_("Please give an overall recommendation."))
    if errors:
        raise CompetitionError(errors)
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_id, (value, score_comment) in scores.items():
        current = existing.get(criterion_id)
        if value is None:
            if current is not None:
                current.delete()
            continue
        if current is None:
            Score.objects.create(
                review=review, criterion_id=criterion_id, value=value, comment=score_comment
            )
        elif current.value != value or current.comment != score_comment:
            current.value, current.comment = value, score_comment
            current.save()
    review.recommendation = recommendation
    review.comment = comment
    if submit and not review.submitted:
        review.submitted = True
        review.submitted_at = timezone.now()
    review.version += 1
    review.updated_at = timezone.now()
    review.save()
    return review
