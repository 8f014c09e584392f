"""Automatic reviewer assignment — pure Python, no Django.

Hand-written (a greedy rule is enough at the scale of a call, and it must be explainable):
ideas are served most-constrained first (fewest eligible reviewers, then id order); each gets
the eligible reviewers with the lowest current load, ties broken by a rotation that starts at a
different reviewer for each idea so that the same pairs do not always meet. Conflicted reviewers
and reviewers already on the idea are never chosen. The same input always gives the same output.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class AssignmentPlan:
    new: list[tuple[Hashable, Hashable]] = field(default_factory=list)
    """(idea, reviewer) pairs to create."""
    short: dict[Hashable, int] = field(default_factory=dict)
    """idea -> how many reviewers are still missing because too few are free of conflicts."""


def plan_assignments(
    ideas: Sequence[Hashable],
    reviewers: Sequence[Hashable],
    *,
    k: int,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    existing: Iterable[tuple[Hashable, Hashable]] = (),
    max_load: Mapping[Hashable, int] | None = None,
) -> AssignmentPlan:
    """Give each idea k reviewers in total (existing ones count), balancing reviewer load.

    ``conflicts`` and ``existing`` are (idea, reviewer) pairs. ``max_load`` optionally caps how many
    ideas a reviewer may hold.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    conflicted = set(conflicts)
    position = {r: i for i, r in enumerate(reviewers)}
    load = dict.fromkeys(reviewers, 0)
    on_idea: dict[Hashable, set[Hashable]] = {i: set() for i in ideas}
    for idea, reviewer in existing:
        if idea in on_idea:
            on_idea[idea].add(reviewer)
        if reviewer in load:
            load[reviewer] += 1

    def eligible(idea) -> list[Hashable]:
        return [r for r in reviewers if (idea, r) not in conflicted and r not in on_idea[idea]]

    order = sorted(
        range(len(ideas)), key=lambda i: (len(eligible(ideas[i])) - (k - len(on_idea[ideas[i]])), i)
    )
    plan = AssignmentPlan()
    n = len(reviewers) or 1
    for i in order:
        idea = ideas[i]
        need = k - len(on_idea[idea])
        if need <= 0:
            continue
        candidates = [
            r for r in eligible(idea) if max_load is None or load[r] < max_load.get(r, 1 << 30)
        ]
        candidates.sort(key=lambda r: (load[r], (position[r] - i) % n))
        chosen = candidates[:need]
        for r in chosen:
            plan.new.append((idea, r))
            on_idea[idea].add(r)
            load[r] += 1
        if len(chosen) < need:
            plan.short[idea] = need - len(chosen)
    return plan
