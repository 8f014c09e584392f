"""Two people doing the same thing at the same moment, on PostgreSQL with real threads (issue 17):
exactly one wins, the other gets a clear message, nothing is lost, mixed or doubled."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.competitions.domain.decisions import record_decision
from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.reviews import save_review
from verbund.competitions.enums import Phase
from verbund.competitions.models import Decision, Review

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks)"),
]


def _at_once(*works) -> list:
    """Run the callables in threads released together; their results or exceptions, in order."""
    barrier = threading.Barrier(len(works))
    results: list = [None] * len(works)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = works[i]()
        except Exception as exc:  # each thread's outcome is asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _competition_in_review():
    return CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))


def test_two_saves_of_the_same_review_keep_exactly_one_version_whole(make_user):
    competition = _competition_in_review()
    first, second = list(competition.criteria.all())[:2]
    reviewer = ReviewerFactory(competition=competition, user=make_user("reviewer"))
    review = assign(reviewer, SubmissionFactory(competition=competition)).review
    version = review.version

    def save(values: tuple[int, int], note: str):
        def work():
            with translation.override("en"):
                return save_review(
                    review=review, expected_version=version, user=reviewer.user, comment=note,
                    scores={first.pk: (Decimal(values[0]), ""), second.pk: (Decimal(values[1]), "")},
                )  # fmt: skip

        return work

    outcomes = _at_once(save((3, 4), "window A"), save((9, 8), "window B"))

    won = [o for o in outcomes if isinstance(o, Review)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    assert "saved elsewhere" in str(refused[0])
    stored = Review.objects.get(pk=review.pk)
    values = {s.criterion_id: s.value for s in stored.scores.all()}
    winner = (3, 4) if stored.comment == "window A" else (9, 8)
    assert values == {first.pk: Decimal(winner[0]), second.pk: Decimal(winner[1])}
    assert stored.version == version + 1


def test_two_office_users_deciding_at_once_record_one_decision(make_user):
    competition = _competition_in_review()
    criteria = list(competition.criteria.all())
    ideas = [SubmissionFactory(competition=competition, title=f"Idee {i}") for i in range(3)]
    reviewer = ReviewerFactory(competition=competition, user=make_user("reviewer"))
    for points, idea in zip((9, 7, 5), ideas, strict=True):
        scored(assign(reviewer, idea), {c: points for c in criteria})
    office_a, office_b = make_user("office"), make_user("office")

    def decide(user, chosen):
        def work():
            with translation.override("en"):
                return record_decision(
                    competition=competition, selected=[chosen.pk], user=user,
                    justifications={i.pk: "Begründung" for i in ideas}, committee="Jury",
                )  # fmt: skip

        return work

    outcomes = _at_once(decide(office_a, ideas[0]), decide(office_b, ideas[1]))

    won = [o for o in outcomes if isinstance(o, Decision)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], CompetitionError)
    assert "already been recorded" in str(refused[0])
    decision = Decision.objects.get(competition=competition)
    assert decision.pk == won[0].pk
