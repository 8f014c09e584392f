"""Eligibility of a network idea against the call's rules — pure Python, no Django.

Returns structured findings (code, required, actual) rather than sentences so the web layer can
word them in the reader's language; the rules themselves stay testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Finding(StrEnum):
    TOO_FEW_MEMBERS = "too_few_members"
    TOO_FEW_IN_AREA = "too_few_in_area"
    NO_CARRIER = "no_carrier"


@dataclass(frozen=True)
class EligibilityRules:
    min_members: int = 0
    min_share_in_area: float = 0.0
    """Percent, 0-100."""
    carrier_required: bool = False


@dataclass(frozen=True)
class IdeaFacts:
    members: int
    members_in_area: int
    has_carrier: bool

    @property
    def share_in_area(self) -> float | None:
        """Percent of founding members inside the programme area; None without members."""
        return 100.0 * self.members_in_area / self.members if self.members else None


@dataclass(frozen=True)
class Issue:
    finding: Finding
    required: float | int | bool
    actual: float | int | bool | None


def check(rules: EligibilityRules, facts: IdeaFacts) -> list[Issue]:
    """Every rule the idea breaks; an empty list means eligible."""
    issues: list[Issue] = []
    if facts.members < rules.min_members:
        issues.append(Issue(Finding.TOO_FEW_MEMBERS, rules.min_members, facts.members))
    share = facts.share_in_area
    if rules.min_share_in_area > 0 and (share is None or share < rules.min_share_in_area):
        issues.append(Issue(Finding.TOO_FEW_IN_AREA, rules.min_share_in_area, share))
    if rules.carrier_required and not facts.has_carrier:
        issues.append(Issue(Finding.NO_CARRIER, True, False))
    return issues
