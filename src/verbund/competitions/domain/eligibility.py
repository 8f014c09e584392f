"""Eligibility of a network idea against the call's rules — pure Python, no Django.

Returns structured findings (code, required, actual) rather than sentences so the web layer can
word them in the reader's language; the rules themselves stay testable without a database.

Members of unknown placement (no position and no known zone in the register) are never counted as
outside. The call's rule reads "at least X % of the founding members inside the programme area",
so the share is taken over all founding members, and by default (`UnknownPlacement.UNDECIDED`):

- inside share ≥ X: the rule is met, whatever the unknown members turn out to be;
- inside share + unknown share < X: the rule is broken even if every unknown member were inside
  (`TOO_FEW_IN_AREA`);
- otherwise the outcome depends on the unknown members: `PLACEMENT_UNKNOWN` (not eligible yet,
  "60 % inside, 20 % unknown, at least 70 % required": the office places those members first).

A call may instead say that the share counts only the members whose placement is known
(`UnknownPlacement.KNOWN_ONLY`): then the unknown members are left out of both sides of the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Finding(StrEnum):
    TOO_FEW_MEMBERS = "too_few_members"
    TOO_FEW_IN_AREA = "too_few_in_area"
    PLACEMENT_UNKNOWN = "placement_unknown"
    NO_CARRIER = "no_carrier"


class UnknownPlacement(StrEnum):
    """How the call's area rule treats members of unknown placement (see the module docstring)."""

    UNDECIDED = "undecided"
    KNOWN_ONLY = "known_only"


@dataclass(frozen=True)
class EligibilityRules:
    min_members: int = 0
    min_share_in_area: float = 0.0
    """Percent, 0-100."""
    carrier_required: bool = False
    unknown_placement: UnknownPlacement = UnknownPlacement.UNDECIDED


@dataclass(frozen=True)
class IdeaFacts:
    members: int
    members_in_area: int
    has_carrier: bool
    members_unknown: int = 0
    """Founding members whose placement is unknown: neither inside nor outside."""

    @property
    def members_outside(self) -> int:
        return self.members - self.members_in_area - self.members_unknown

    @property
    def share_in_area(self) -> float | None:
        """Percent of founding members known to be inside the programme area; None without
        members."""
        return 100.0 * self.members_in_area / self.members if self.members else None

    @property
    def share_unknown(self) -> float | None:
        """Percent of founding members of unknown placement; None without members."""
        return 100.0 * self.members_unknown / self.members if self.members else None

    def share_in_known(self) -> float | None:
        """Percent inside among the members whose placement is known; None when none is known."""
        known = self.members - self.members_unknown
        return 100.0 * self.members_in_area / known if known > 0 else None


@dataclass(frozen=True)
class Issue:
    finding: Finding
    required: float | int | bool
    actual: float | int | bool | None
    unknown: float | None = None
    """For the area rule: percent of members of unknown placement (None when there are none)."""


def check(rules: EligibilityRules, facts: IdeaFacts) -> list[Issue]:
    """Every rule the idea breaks; an empty list means eligible."""
    issues: list[Issue] = []
    if facts.members < rules.min_members:
        issues.append(Issue(Finding.TOO_FEW_MEMBERS, rules.min_members, facts.members))
    area_issue = _area_issue(rules, facts)
    if area_issue is not None:
        issues.append(area_issue)
    if rules.carrier_required and not facts.has_carrier:
        issues.append(Issue(Finding.NO_CARRIER, True, False))
    return issues


def _area_issue(rules: EligibilityRules, facts: IdeaFacts) -> Issue | None:
    required = rules.min_share_in_area
    if required <= 0:
        return None
    unknown = facts.share_unknown if facts.members_unknown else None
    if rules.unknown_placement == UnknownPlacement.KNOWN_ONLY:
        share = facts.share_in_known()
        if share is None or share < required:
            return Issue(Finding.TOO_FEW_IN_AREA, required, share, unknown)
        return None
    share = facts.share_in_area
    if share is not None and share >= required:
        return None
    if share is None or share + (facts.share_unknown or 0.0) < required:
        return Issue(Finding.TOO_FEW_IN_AREA, required, share, unknown)
    return Issue(Finding.PLACEMENT_UNKNOWN, required, share, unknown)
