"""Domain rules through the database: deadlines, uploads, conflicts, locking, decisions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.competitions import OrganisationFactory, ReviewerFactory, SubmissionFactory
from verbund.companies.models import Affiliation, Company
from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import decisions, queries, reviews, submissions
from verbund.competitions.domain.errors import CompetitionError, ScoresLocked, StaleReview
from verbund.competitions.enums import ConflictKind, Outcome, Phase, SubmissionStatus
from verbund.competitions.models import Assignment, ConflictOfInterest, Review

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_draft_submit_sends_confirmation_and_late_submission_is_refused(
    competition, applicant_user, django_capture_on_commit_callbacks
):
    applicant_user.email = "anna@example.org"
    applicant_user.save()
    sub = submissions.create_submission(
        competition=competition,
        applicant=applicant_user,
        title="Netzwerk Holz",
        goals="Kooperation",
    )
    assert sub.status == SubmissionStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        submissions.submit(submission=sub, user=applicant_user)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.submitted_at is not None
    assert len(mail.outbox) == 1
    assert "Netzwerk Holz" in mail.outbox[0].body
    assert mail.outbox[0].to == ["anna@example.org"]

    late = submissions.create_submission(
        competition=competition, applicant=applicant_user, title="Spät"
    )
    competition.deadline = timezone.now() - dt.timedelta(minutes=1)
    competition.save()
    with pytest.raises(CompetitionError, match="Einreichungsschluss"):
        submissions.submit(submission=late, user=applicant_user)
    with pytest.raises(CompetitionError):
        submissions.update_submission(submission=sub, user=applicant_user, title="Neu")
    late.refresh_from_db()
    assert late.status == SubmissionStatus.DRAFT


def test_withdrawn_idea_cannot_be_changed(competition, applicant_user):
    sub = submissions.create_submission(
        competition=competition, applicant=applicant_user, title="X"
    )
    submissions.withdraw(submission=sub, user=applicant_user)
    with pytest.raises(CompetitionError):
        submissions.update_submission(submission=sub, user=applicant_user, title="Y")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"MZ\x90\x00 not a pdf", "kein PDF"),
        ("a.exe", b"MZ\x90\x00", "kein PDF"),
        ("a.pdf", b"", "leer"),
    ],
)
def test_uploads_of_wrong_type_are_refused(competition, applicant_user, name, content, message):
    sub = SubmissionFactory(competition=competition, applicant=applicant_user, status="draft")
    with pytest.raises(CompetitionError, match=message):
        submissions.add_attachment(
            submission=sub, upload=SimpleUploadedFile(name, content), user=applicant_user
        )
    assert not sub.attachments.exists()


def test_upload_too_large_is_refused_and_pdf_is_accepted(
    competition, applicant_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sub = SubmissionFactory(competition=competition, applicant=applicant_user, status="draft")
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * submissions.MAX_ATTACHMENT_BYTES)
    with pytest.raises(CompetitionError, match="10 MB"):
        submissions.add_attachment(submission=sub, upload=big, user=applicant_user)
    ok = submissions.add_attachment(
        submission=sub, upload=SimpleUploadedFile("konzept.pdf", PDF), user=applicant_user
    )
    assert ok.name == "konzept.pdf" and ok.size == len(PDF)


def test_new_founding_member_is_deduplicated_against_register(competition, applicant_user):
    existing = Company.objects.create(name="Kunststoffzentrum Leipzig gGmbH", placement="inside")
    sub = SubmissionFactory(competition=competition, applicant=applicant_user, status="draft")
    company, created = submissions.add_founding_member(
        submission=sub, name="kunststoffzentrum  leipzig ggmbh", user=applicant_user
    )
    assert (company, created) == (existing, False)
    other, created = submissions.add_founding_member(
        submission=sub, name="Holzbau Lindenau", user=applicant_user
    )
    assert created and other.name == "Holzbau Lindenau"
    assert set(sub.founding_members.all()) == {existing, other}


def test_conflicts_detected_for_applicant_carrier_and_member(competition, make_user):
    carrier = OrganisationFactory(name="Schröder Design")
    member = Company.objects.create(name="Metallbau Plagwitz")
    applicant = make_user("applicant")
    sub = SubmissionFactory(competition=competition, applicant=applicant, carrier=carrier)
    sub.founding_members.add(member)
    as_applicant = ReviewerFactory(competition=competition, user=applicant)
    at_carrier = ReviewerFactory(
        competition=competition, user=make_user("reviewer", organisation="Schröder Design")
    )
    at_member = ReviewerFactory(competition=competition, user=make_user("reviewer"))
    Affiliation.objects.create(user=at_member.user, company=member)
    free = ReviewerFactory(competition=competition, user=make_user("reviewer", organisation="Uni"))
    reviews.detect_conflicts(competition=competition)
    kinds = dict(
        ConflictOfInterest.objects.filter(submission=sub).values_list("reviewer_id", "kind")
    )
    assert kinds == {
        as_applicant.pk: ConflictKind.APPLICANT,
        at_carrier.pk: ConflictKind.CARRIER,
        at_member.pk: ConflictKind.MEMBER,
    }
    assert free.pk not in kinds
    competition.phase = Phase.CLOSED
    competition.save()
    result = reviews.auto_assign(competition=competition, user=None)
    assert result["short"] == {sub.pk: 1}  # k=2 but only one reviewer is free of conflicts
    assert list(
        Assignment.objects.filter(submission=sub).values_list("reviewer_id", flat=True)
    ) == [free.pk]
    with pytest.raises(CompetitionError, match="befangen"):
        reviews.assign(reviewer=at_member, submission=sub, user=None)


def test_declared_conflict_removes_assignment_and_is_not_counted(world):
    rows = {r.submission.pk: r for r in queries.ranking(world["competition"])}
    assert rows[world["a"].pk].result.n_reviews == 2
    reviews.declare_conflict(
        reviewer=world["r2"], submission=world["a"], reason="Ehemaliger Kollege", user=None
    )
    assert not Assignment.objects.filter(reviewer=world["r2"], submission=world["a"]).exists()
    rows = {r.submission.pk: r for r in queries.ranking(world["competition"])}
    assert rows[world["a"].pk].result.n_reviews == 1


def _scores(world, v0, v1):
    c0, c1 = world["criteria"]
    return {c0.pk: (Decimal(v0), ""), c1.pk: (Decimal(v1), "")}


def test_scores_outside_scale_are_refused(world):
    review = world["b1"].review
    with pytest.raises(CompetitionError, match="außerhalb der Skala"):
        reviews.save_review(
            review=review, expected_version=review.version, scores=_scores(world, 11, 5), user=None
        )


def test_two_reviewers_saving_at_once_lose_nothing_and_a_stale_save_is_refused(world, make_user):
    c = world["competition"]
    r4 = ReviewerFactory(competition=c, user=make_user("reviewer"))
    from tests.factories.competitions import assign

    x = assign(world["r2"], world["b"]).review
    y = assign(r4, world["b"]).review
    # both open their forms at version 0, both save: different reviews, nothing is lost
    reviews.save_review(
        review=x, expected_version=0, scores=_scores(world, 7, 7), recommendation="fund", user=None
    )
    reviews.save_review(
        review=y,
        expected_version=0,
        scores=_scores(world, 3, 4),
        recommendation="reject",
        user=None,
    )
    assert {r.recommendation for r in Review.objects.filter(pk__in=[x.pk, y.pk])} == {
        "fund",
        "reject",
    }
    # the same review opened in two windows: the second save, based on version 0, is refused
    with pytest.raises(StaleReview):
        reviews.save_review(review=x, expected_version=0, scores=_scores(world, 1, 1), user=None)
    x.refresh_from_db()
    assert x.version == 1
    assert sorted(s.value for s in x.scores.all()) == [7, 7]


def test_submit_needs_every_criterion_and_a_recommendation(world):
    review = world["b1"].review
    c0, _c1 = world["criteria"]
    with pytest.raises(CompetitionError) as info:
        reviews.save_review(
            review=review, expected_version=review.version,
            scores={c0.pk: (Decimal(5), "")}, submit=True, user=None,
        )  # fmt: skip
    assert len(info.value.messages) == 2


def test_criteria_are_locked_once_review_starts(world):
    with pytest.raises(CompetitionError):
        comp_domain.set_criteria(
            competition=world["competition"],
            criteria=[comp_domain.CriterionSpec("Neu", 1)],
            user=None,
        )


def test_phase_transitions_follow_the_order(competition):
    with pytest.raises(CompetitionError):
        comp_domain.change_phase(competition=competition, to=Phase.DECIDED, user=None)
    comp_domain.change_phase(competition=competition, to=Phase.CLOSED, user=None)
    comp_domain.change_phase(competition=competition, to=Phase.IN_REVIEW, user=None)
    competition.refresh_from_db()
    assert competition.phase == Phase.IN_REVIEW


def test_decision_needs_justification_for_deviation_and_locks_scores(world, office_user):
    comp = world["competition"]
    a, b = world["a"], world["b"]
    rows = queries.ranking(comp)
    assert [r.submission for r in rows[:2]] == [a, b] and rows[0].within_selection
    with pytest.raises(CompetitionError, match="Begründung"):
        decisions.record_decision(
            competition=comp, selected=[b.pk], justifications={}, user=office_user
        )
    decision = decisions.record_decision(
        competition=comp, selected=[b.pk],
        justifications={a.pk: "Träger nicht tragfähig", b.pk: "Bessere Verankerung im Gebiet"},
        user=office_user, missing_reviews_reason="Das Gutachten zu Idee C kommt nicht mehr.",
    )  # fmt: skip
    entries = {e.submission_id: e for e in decision.entries.all()}
    assert entries[a.pk].deviation and not entries[a.pk].selected
    assert entries[b.pk].deviation and entries[b.pk].selected
    assert entries[b.pk].justification == "Bessere Verankerung im Gebiet"
    assert entries[world["c"].pk].justification == ""
    b.refresh_from_db()
    assert b.outcome == Outcome.SELECTED
    comp.refresh_from_db()
    assert comp.phase == Phase.DECIDED
    review = world["a1"].review
    with pytest.raises(ScoresLocked):
        reviews.save_review(
            review=review, expected_version=review.version, scores=_scores(world, 1, 1), user=None
        )
    with pytest.raises(ScoresLocked):
        reviews.declare_conflict(reviewer=world["r1"], submission=a, reason="spät", user=None)
    with pytest.raises(CompetitionError):
        comp_domain.update_competition(competition=comp, user=None, number_to_select=2)


def test_budget_cap_is_enforced(world, office_user):
    comp = world["competition"]
    comp.budget_cap = Decimal("100000")
    comp.save()
    world["a"].requested_budget = Decimal("150000")
    world["a"].save()
    with pytest.raises(CompetitionError, match="Budgetobergrenze"):
        decisions.record_decision(
            competition=comp, selected=[world["a"].pk], justifications={}, user=office_user
        )


def test_eligibility_reasons(competition, applicant_user):
    competition.min_members = 2
    competition.min_share_in_area = Decimal(50)
    competition.carrier_required = True
    competition.save()
    sub = SubmissionFactory(competition=competition)
    sub.founding_members.add(
        Company.objects.create(name="A", placement="inside"), Company.objects.create(name="B")
    )
    row = queries.ranking(competition)[0]
    assert [i.finding for i in row.issues] == ["no_carrier"]
    assert row.share_in_area == 50.0


def test_selected_ideas_for_other_apps(make_user):
    from tests.factories.competitions import CompetitionFactory, SubmissionFactory
    from verbund.competitions.domain.queries import selected_ideas
    from verbund.competitions.enums import Outcome

    competition = CompetitionFactory()
    chosen = SubmissionFactory(competition=competition, title="B", outcome=Outcome.SELECTED)
    SubmissionFactory(competition=competition, title="A", outcome=Outcome.NOT_SELECTED)
    assert list(selected_ideas()) == [chosen]
