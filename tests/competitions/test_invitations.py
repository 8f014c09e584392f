"""Co-applicants by invitation (issue 9, item 8): naming someone gives them no right and makes no
reviewer conflicted until they accept after logging in; the form never tells whether an account
exists; the invitation is announced by mail after the commit."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories.competitions import CompetitionFactory, ReviewerFactory
from verbund.competitions.domain import reviews as review_domain
from verbund.competitions.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client, make_user):
    anna = make_user("applicant", username="anna")
    bert = make_user("reviewer", username="bert", email="bert@example.org")
    competition = CompetitionFactory()
    client.force_login(anna)
    return {"client": client, "anna": anna, "bert": bert, "competition": competition}


def _create(client, competition, co_applicants, capture):
    with capture(execute=True):
        response = client.post(
            reverse("competitions:submission_create", args=[competition.pk]),
            {"title": "Netzwerk Holz", "co_applicants": co_applicants},
        )
    return response


def test_the_form_does_not_reveal_whether_an_account_exists(
    setup, django_capture_on_commit_callbacks
):
    client, competition = setup["client"], setup["competition"]
    known = _create(client, competition, "bert", django_capture_on_commit_callbacks)
    unknown = _create(client, competition, "nobody-here", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 302
    first = client.get(known.url).content.decode()
    second = client.get(unknown.url).content.decode()
    assert "bert" in first and "nobody-here" in second
    assert "No registered user" not in first + second and "Kein registrierter" not in second


def test_an_invited_user_has_no_rights_until_accepting(
    setup, client, django_capture_on_commit_callbacks
):
    response = _create(
        setup["client"],
        setup["competition"],
        "bert@example.org",
        django_capture_on_commit_callbacks,
    )
    idea = Submission.objects.get()
    assert idea.co_applicants.count() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bert@example.org"]
    assert response.status_code == 302
    client.force_login(setup["bert"])
    detail = reverse("competitions:submission_detail", args=[idea.pk])
    assert client.get(detail).status_code == 404
    assert client.get(reverse("competitions:submission_edit", args=[idea.pk])).status_code == 404
    page = client.get(reverse("competitions:invitations")).content.decode()
    assert "Netzwerk Holz" in page
    invitation = idea.invitations.get()
    client.post(reverse("competitions:invitation_accept", args=[invitation.pk]))
    assert list(idea.co_applicants.all()) == [setup["bert"]]
    assert client.get(detail).status_code == 200


def test_no_conflict_of_interest_before_acceptance(
    setup, client, django_capture_on_commit_callbacks
):
    _create(setup["client"], setup["competition"], "bert", django_capture_on_commit_callbacks)
    idea = Submission.objects.get()
    competition = setup["competition"]
    competition.phase, competition.deadline = "closed", timezone.now() - dt.timedelta(days=1)
    competition.save()
    idea.status = "submitted"
    idea.save()
    reviewer = ReviewerFactory(competition=competition, user=setup["bert"])
    assert review_domain.detect_conflicts(competition=competition) == []
    review_domain.assign(reviewer=reviewer, submission=idea, user=None)
    assert idea.assignments.count() == 1


def test_only_the_invited_user_can_accept(
    setup, client, make_user, django_capture_on_commit_callbacks
):
    _create(setup["client"], setup["competition"], "bert", django_capture_on_commit_callbacks)
    invitation = Submission.objects.get().invitations.get()
    client.force_login(make_user("applicant", username="carla"))
    response = client.post(reverse("competitions:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 404
    assert Submission.objects.get().co_applicants.count() == 0


def test_declining_and_removing_an_invitation(setup, client, django_capture_on_commit_callbacks):
    _create(setup["client"], setup["competition"], "bert", django_capture_on_commit_callbacks)
    idea = Submission.objects.get()
    client.force_login(setup["bert"])
    client.post(reverse("competitions:invitation_decline", args=[idea.invitations.get().pk]))
    assert idea.co_applicants.count() == 0
    assert "Netzwerk Holz" not in client.get(reverse("competitions:invitations")).content.decode()
