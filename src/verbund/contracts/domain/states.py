"""The milestone's review as an explicit state machine (pure: a table and one check).

draft → submitted → (changes requested → resubmitted)* → accepted / rejected. Accepted and rejected
are final: a rejected milestone gets no payment, and a change to it is an amendment of the contract.
"""

from django.utils.translation import gettext as _

from verbund.contracts.domain.errors import ContractError
from verbund.contracts.enums import MilestoneState as S

TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.CHANGES_REQUESTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.SUBMITTED, S.REJECTED),
        (S.CHANGES_REQUESTED, S.RESUBMITTED),
        (S.RESUBMITTED, S.CHANGES_REQUESTED),
        (S.RESUBMITTED, S.ACCEPTED),
        (S.RESUBMITTED, S.REJECTED),
    }
)
"""Every allowed (from, to) pair; every other pair is refused."""

ACTIONS: dict[str, str] = {
    "submit": S.SUBMITTED,
    "resubmit": S.RESUBMITTED,
    "request_changes": S.CHANGES_REQUESTED,
    "accept": S.ACCEPTED,
    "reject": S.REJECTED,
}
CARRIER_ACTIONS = frozenset({"submit", "resubmit"})
OFFICE_ACTIONS = frozenset({"request_changes", "accept", "reject"})
FINAL = frozenset({S.ACCEPTED, S.REJECTED})
IN_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})


def allowed(from_state: str, to_state: str) -> bool:
    return (str(from_state), str(to_state)) in TRANSITIONS


def check(from_state: str, to_state: str) -> None:
    """Refuse a transition the table does not allow, naming both states."""
    if not allowed(from_state, to_state):
        raise ContractError(
            _("a milestone cannot go from “%(from)s” to “%(to)s”")
            % {"from": S(from_state).label, "to": S(to_state).label},
            field="state",
        )


def actions_from(state: str) -> list[str]:
    """The actions possible in `state`, in the order of `ACTIONS`."""
    return [a for a, to in ACTIONS.items() if allowed(state, to)]
