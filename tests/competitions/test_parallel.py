"""Parallel requests on PostgreSQL (issue 9, item 9): the same action sent several times at once
gives the normal answer every time and writes once. Real threads, each with its own connection."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.competitions import CompetitionFactory, ReviewerFactory, SubmissionFactory
from verbund.competitions.domain import submissions as sub_domain
from verbund.competitions.enums import Phase
from verbund.competitions.models import Assignment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (real row locks)"
    ),
]
N = 4


def _in_parallel(work, n: int = N) -> list:
    """Run `work(i)` in n threads started together; the results (or exceptions) in order."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # the test reports what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_assigning_the_same_reviewer_in_parallel_answers_normally_and_assigns_once(make_user):
    competition = CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1)
    )
    idea = SubmissionFactory(competition=competition)
    reviewer = ReviewerFactory(competition=competition)
    office = make_user("office")
    url = reverse("competitions:assign", args=[competition.pk])

    def post(_i):
        client = Client(raise_request_exception=False)
        client.force_login(office)
        return client.post(url, {"reviewer": reviewer.pk, "submission": idea.pk}).status_code

    assert _in_parallel(post) == [302] * N
    assert Assignment.objects.filter(reviewer=reviewer, submission=idea).count() == 1


def test_the_same_new_founding_member_in_parallel_creates_one_company(make_user):
    from verbund.companies.models import Company

    competition = CompetitionFactory()
    applicant = make_user("applicant")
    ideas = [
        sub_domain.create_submission(competition=competition, applicant=applicant, title=f"I{i}")
        for i in range(N)
    ]
    before = Company.objects.count()

    def add(i):
        company, _created = sub_domain.add_founding_member(
            submission=ideas[i % len(ideas)], name="Tischlerei Parallel GmbH", user=applicant
        )
        return company.pk

    results = _in_parallel(add)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Company.objects.count() == before + 1
