"""Who changed it: every competitions write records the acting user in the change history,
also outside a request (demo, tasks, command line)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.competitions import CompetitionFactory, ReviewerFactory, SubmissionFactory
from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import reviews as review_domain
from verbund.competitions.domain import submissions as sub_domain
from verbund.competitions.enums import Phase, SubmissionStatus
from verbund.competitions.models import Assignment, FinancingShare, Submission

pytestmark = pytest.mark.django_db


def test_financing_lines_appear_in_the_history_with_the_acting_user(make_user):
    """Issue 8 bug: set_financing used bulk_create, which wrote no history rows at all."""
    applicant = make_user("applicant")
    competition = CompetitionFactory()
    submission = sub_domain.create_submission(
        competition=competition, applicant=applicant, title="Netzwerk Kunststoff",
        financing=[(None, "EFRE", Decimal("75000")), (None, "Stadt", Decimal("25000"))],
    )  # fmt: skip
    created = FinancingShare.history.filter(submission_id=submission.pk, history_type="+").order_by(
        "label"
    )
    assert [(h.label, h.amount, h.history_user) for h in created] == [
        ("EFRE", Decimal("75000.00"), applicant),
        ("Stadt", Decimal("25000.00"), applicant),
    ]


def test_replacing_financing_lines_records_their_removal(make_user):
    applicant = make_user("applicant")
    submission = sub_domain.create_submission(
        competition=CompetitionFactory(), applicant=applicant, title="Idee",
        financing=[(None, "EFRE", Decimal("1000"))],
    )  # fmt: skip
    sub_domain.update_submission(
        submission=submission, user=applicant, financing=[(None, "Land", Decimal("2000"))]
    )
    removed = FinancingShare.history.filter(submission_id=submission.pk, history_type="-")
    assert [(h.label, h.history_user) for h in removed] == [("EFRE", applicant)]
    assert list(submission.financing.values_list("label", flat=True)) == ["Land"]


def test_writes_outside_a_request_record_the_acting_user(make_user):
    """No request, no middleware: the user passed to the domain is the author of the history."""
    office = make_user("office")
    applicant = make_user("applicant")
    competition = comp_domain.create_competition(
        project=CompetitionFactory().project, title="Wettbewerb 2003",
        deadline=timezone.now() + dt.timedelta(days=3), user=office,
    )  # fmt: skip
    comp_domain.set_criteria(
        competition=competition,
        criteria=[comp_domain.CriterionSpec("Tragfähigkeit", 1)],
        user=office,
    )
    comp_domain.change_phase(competition=competition, to=Phase.OPEN, user=office)
    submission = sub_domain.create_submission(
        competition=competition, applicant=applicant, title="Idee"
    )
    sub_domain.submit(submission=submission, user=applicant)
    assert competition.history.first().history_user == office
    assert competition.criteria.first().history.first().history_user == office
    assert Submission.history.filter(id=submission.pk).first().history_user == applicant
    assert Submission.history.filter(id=submission.pk).first().status == SubmissionStatus.SUBMITTED


def test_review_writes_outside_a_request_record_the_acting_user(make_user):
    office = make_user("office")
    competition = CompetitionFactory(
        phase=Phase.CLOSED, deadline=timezone.now() - dt.timedelta(days=1)
    )
    idea = SubmissionFactory(competition=competition)
    reviewer = ReviewerFactory(competition=competition)
    assignment = review_domain.assign(reviewer=reviewer, submission=idea, user=office)
    assert Assignment.history.get(id=assignment.pk).history_user == office
    assert assignment.review.history.first().history_user == office
    review_domain.declare_conflict(
        reviewer=reviewer, submission=idea, reason="Frühere Zusammenarbeit", user=office
    )
    conflict = idea.conflicts.get()
    assert conflict.history.first().history_user == office
    deleted = Assignment.history.filter(id=assignment.pk, history_type="-").get()
    assert deleted.history_user == office
