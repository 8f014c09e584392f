"""The competitions app's sections of the role start pages (issue 10: "my tasks")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.competitions.enums import Phase
from verbund.core.start import sections_for

pytestmark = pytest.mark.django_db


def _section(user, title: str):
    return next((s for s in sections_for(user) if s.title == title), None)


def _in_review(**kwargs):
    return CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=3), **kwargs
    )


def test_a_reviewer_sees_the_reviews_still_to_write_with_their_due_date(make_user):
    competition = _in_review(review_deadline=timezone.localdate() - dt.timedelta(days=1))
    user = make_user("reviewer")
    reviewer = ReviewerFactory(competition=competition, user=user)
    waiting = assign(reviewer, SubmissionFactory(competition=competition, title="Kunststoffnetz"))
    done = assign(reviewer, SubmissionFactory(competition=competition, title="Energienetz"))
    scored(done, {c: 5 for c in competition.criteria.all()})

    section = _section(user, "Meine Gutachten")

    assert [t.url for t in section.tasks] == [
        reverse("competitions:review_form", args=[waiting.pk])
    ]
    assert "Kunststoffnetz" in section.tasks[0].text
    assert section.tasks[0].due == competition.review_deadline
    assert section.tasks[0].overdue


def test_a_reviewer_with_nothing_open_is_told_so(make_user):
    user = make_user("reviewer")
    section = _section(user, "Meine Gutachten")
    assert section.tasks == [] and section.empty_text


def test_an_applicant_sees_each_idea_and_where_it_stands(make_user):
    user = make_user("applicant")
    idea = SubmissionFactory(competition=CompetitionFactory(), applicant=user, title="Holznetz")
    section = _section(user, "Meine Ideen")
    assert [t.url for t in section.tasks] == [
        reverse("competitions:submission_detail", args=[idea.pk])
    ]
    assert section.tasks[0].state == idea.get_status_display()


def test_the_office_sees_competitions_waiting_with_their_review_progress(make_user):
    competition = _in_review(title="URBAN-Ideenwettbewerb")
    reviewer = ReviewerFactory(competition=competition, user=make_user("reviewer"))
    first = assign(reviewer, SubmissionFactory(competition=competition))
    assign(reviewer, SubmissionFactory(competition=competition))
    scored(first, {c: 7 for c in competition.criteria.all()})
    office = make_user("office")

    section = _section(office, "Wettbewerbe zur Begutachtung und Entscheidung")

    assert len(section.tasks) == 1
    assert "1 von 2" in section.tasks[0].state
    assert _section(make_user("auditor"), "Wettbewerbe zur Begutachtung und Entscheidung") is None
