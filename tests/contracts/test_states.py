"""The milestone state machine allows exactly its table and refuses every other transition."""

import itertools

import pytest

from verbund.contracts.domain import states
from verbund.contracts.enums import MilestoneState as S
from verbund.core.errors import DomainError

ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.CHANGES_REQUESTED),
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.REJECTED),
    (S.CHANGES_REQUESTED, S.RESUBMITTED),
    (S.RESUBMITTED, S.CHANGES_REQUESTED),
    (S.RESUBMITTED, S.ACCEPTED),
    (S.RESUBMITTED, S.REJECTED),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_allowed_transitions_pass(from_state, to_state):
    states.check(from_state, to_state)


@pytest.mark.parametrize(("from_state", "to_state"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_every_other_transition_is_refused(from_state, to_state):
    with pytest.raises(DomainError) as info:
        states.check(from_state, to_state)
    assert info.value.field == "state"


def test_final_states_offer_no_action():
    assert states.actions_from(S.ACCEPTED) == []
    assert states.actions_from(S.REJECTED) == []
    assert states.actions_from(S.DRAFT) == ["submit"]
    assert states.actions_from(S.RESUBMITTED) == ["request_changes", "accept", "reject"]
