import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.competitions.enums import Phase


@pytest.fixture
def competition(db):
    return CompetitionFactory()


@pytest.fixture
def world(db, make_user):
    """A competition in review: ideas a, b, c; reviewers r1, r2 on a and b, r3 conflicted on a."""
    from verbund.competitions.domain.reviews import record_conflict

    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    crit = list(comp.criteria.all())
    applicant = make_user("applicant", username="anna")
    a = SubmissionFactory(competition=comp, applicant=applicant, title="Idee A")
    b = SubmissionFactory(competition=comp, title="Idee B")
    c = SubmissionFactory(competition=comp, title="Idee C")
    r1 = ReviewerFactory(competition=comp, user=make_user("reviewer", username="rev1"))
    r2 = ReviewerFactory(competition=comp, user=make_user("reviewer", username="rev2"))
    r3 = ReviewerFactory(competition=comp, user=make_user("reviewer", username="rev3"))
    a1, a2 = assign(r1, a), assign(r2, a)
    b1 = assign(r1, b)
    c3 = assign(r3, c)
    scored(a1, {crit[0]: 8, crit[1]: 6})
    scored(a2, {crit[0]: 6, crit[1]: 9})
    scored(b1, {crit[0]: 5, crit[1]: 5})
    record_conflict(reviewer=r3, submission=a, kind="declared", reason="Schwester im Team")
    return {
        "competition": comp, "criteria": crit, "applicant": applicant, "a": a, "b": b, "c": c,
        "r1": r1, "r2": r2, "r3": r3, "a1": a1, "a2": a2, "b1": b1, "c3": c3,
    }  # fmt: skip
