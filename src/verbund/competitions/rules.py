"""Who may see and do what in a competition (django-rules, checked on every object).

Views answer 404 for objects a user may not see and 403 for actions a user may not take.
"""

import rules

from verbund.competitions.enums import DECIDED_PHASES, REVIEW_PHASES, Phase, SubmissionStatus
from verbund.core.rules import can_read_everything, is_applicant, is_office, is_reviewer


@rules.predicate
def competition_is_public(user, competition) -> bool:
    return competition is not None and competition.phase != Phase.DRAFT


@rules.predicate
def results_published(user, competition) -> bool:
    return competition is not None and competition.phase == Phase.PUBLISHED


@rules.predicate
def competition_decided(user, competition) -> bool:
    return competition is not None and competition.phase in DECIDED_PHASES


@rules.predicate
def competition_in_review(user, competition) -> bool:
    return competition is not None and competition.phase in REVIEW_PHASES


@rules.predicate
def competition_open(user, competition) -> bool:
    return competition is not None and competition.is_open


def _is_own(user, submission) -> bool:
    if not user.is_authenticated or submission is None:
        return False
    if submission.applicant_id == user.pk:
        return True
    return submission.co_applicants.filter(pk=user.pk).exists()


@rules.predicate
def is_own_submission(user, submission) -> bool:
    return _is_own(user, submission)


@rules.predicate
def reviews_submission(user, submission) -> bool:
    """Assigned to the idea and free of conflicts (conflicted reviewers cannot open the idea)."""
    if not user.is_authenticated or submission is None:
        return False
    from verbund.competitions.models import Assignment, ConflictOfInterest

    if ConflictOfInterest.objects.filter(reviewer__user=user, submission=submission).exists():
        return False
    return Assignment.objects.filter(reviewer__user=user, submission=submission).exists()


@rules.predicate
def submission_editable(user, submission) -> bool:
    return (
        submission is not None
        and submission.status != SubmissionStatus.WITHDRAWN
        and submission.competition.is_open
    )


@rules.predicate
def submission_withdrawable(user, submission) -> bool:
    return (
        submission is not None
        and submission.status != SubmissionStatus.WITHDRAWN
        and submission.competition.phase not in DECIDED_PHASES
    )


@rules.predicate
def submission_decided(user, submission) -> bool:
    return submission is not None and submission.competition.phase in DECIDED_PHASES


@rules.predicate
def own_assignment(user, assignment) -> bool:
    if not user.is_authenticated or assignment is None:
        return False
    return assignment.reviewer.user_id == user.pk and reviews_submission(
        user, assignment.submission
    )


@rules.predicate
def review_phase(user, assignment) -> bool:
    return assignment is not None and assignment.submission.competition.phase in REVIEW_PHASES


@rules.predicate
def discussion_open(user, submission) -> bool:
    return submission is not None and submission.competition.phase == Phase.DISCUSSION


rules.add_perm("competitions.view_competition", competition_is_public | can_read_everything)
rules.add_perm(
    "competitions.view_results", (results_published | can_read_everything) & competition_decided
)
rules.add_perm("competitions.manage_competition", is_office)
rules.add_perm("competitions.view_office_pages", can_read_everything)
rules.add_perm("competitions.record_decision", is_office & competition_in_review)
rules.add_perm(
    "competitions.view_letters", can_read_everything & competition_decided
)  # the office's list of all decision letters of a decided competition
rules.add_perm("competitions.submit_idea", is_applicant & competition_open)
rules.add_perm("competitions.list_own_submissions", rules.is_authenticated)
rules.add_perm(
    "competitions.view_submission", can_read_everything | is_own_submission | reviews_submission
)
rules.add_perm(
    "competitions.view_potential", can_read_everything | reviews_submission
)  # analysis figures (relatedness, hotspot overlap) for the office and the idea's reviewers
rules.add_perm("competitions.change_submission", is_own_submission & submission_editable)
rules.add_perm(
    "competitions.view_invitations", can_read_everything | is_own_submission
)  # who was invited as co-applicant (typed addresses: not for reviewers)
rules.add_perm("competitions.withdraw_submission", is_own_submission & submission_withdrawable)
rules.add_perm(
    "competitions.view_letter", (can_read_everything | is_own_submission) & submission_decided
)
rules.add_perm("competitions.list_assignments", is_reviewer)
rules.add_perm("competitions.view_assignment", own_assignment | can_read_everything)
rules.add_perm("competitions.review", own_assignment & review_phase)
rules.add_perm("competitions.declare_conflict", own_assignment)
rules.add_perm(
    "competitions.see_other_reviews", can_read_everything | (reviews_submission & discussion_open)
)
