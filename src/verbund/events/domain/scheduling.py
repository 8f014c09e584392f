"""The B2B meeting scheduler: place the largest possible number of accepted meetings into slots.

A pure function on plain Python values (no Django), so that it can be tested and benchmarked on its
own. The problem is an integer programme solved exactly by HiGHS through `scipy.optimize.milp`:

    x[m, s] ∈ {0, 1}                      meeting m takes place in slot s
    Σ_s x[m, s] ≤ 1                        every meeting at most once
    Σ_{m ∋ p} x[m, s] ≤ 1                  a participant has at most one meeting per slot
    Σ_m x[m, s] ≤ tables                   a slot holds at most as many meetings as there are tables
    x[m, s] = 0 if a participant of m is unavailable in s
    maximise Σ x[m, s]

When the time limit is hit, the best schedule found so far is returned with `optimal=False` and a
note naming the bound and the gap.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

Pair = tuple[Hashable, Hashable]


@dataclass
class Schedule:
    placed: dict[tuple, Hashable] = field(default_factory=dict)
    unplaced: list[tuple] = field(default_factory=list)
    optimal: bool = True
    note: str = ""


def _check(meetings: Sequence[Pair]) -> None:
    seen = set()
    for pair in meetings:
        a, b = pair
        if a == b:
            raise ValueError(f"a meeting needs two different participants: {pair!r}")
        key = frozenset(pair)
        if key in seen:
            raise ValueError(f"the meeting {pair!r} is given twice")
        seen.add(key)


def _greedy(meetings, slots, tables, blocked) -> dict[tuple, Hashable]:
    """First fit: a feasible schedule to fall back on when the solver stops without one."""
    busy: set = set()
    load: dict = defaultdict(int)
    placed = {}
    for a, b in meetings:
        for slot in slots:
            if (a, slot) in busy or (b, slot) in busy:
                continue
            if slot in blocked.get(a, ()) or slot in blocked.get(b, ()):
                continue
            if tables is not None and load[slot] >= tables:
                continue
            placed[(a, b)] = slot
            busy |= {(a, slot), (b, slot)}
            load[slot] += 1
            break
    return placed


def schedule_meetings(
    meetings: Sequence[Pair],
    slots: Sequence[Hashable],
    tables: int | None = None,
    unavailable: Mapping[Hashable, Iterable[Hashable]] | None = None,
    time_limit_s: float = 10.0,
) -> Schedule:
    """Place as many of `meetings` (distinct pairs of participant ids) as possible into `slots`."""
    meetings = [tuple(m) for m in meetings]
    slots = list(slots)
    _check(meetings)
    if tables is not None and tables < 0:
        raise ValueError("the number of tables cannot be negative")
    blocked = {p: set(s) for p, s in (unavailable or {}).items()}
    if not meetings or not slots or tables == 0:
        return Schedule(placed={}, unplaced=list(meetings), optimal=True, note="")

    n_m, n_s = len(meetings), len(slots)
    n = n_m * n_s  # variable index: m * n_s + s

    def var(m: int, s: int) -> int:
        return m * n_s + s

    upper = np.ones(n)
    for m, (a, b) in enumerate(meetings):
        for s, slot in enumerate(slots):
            if slot in blocked.get(a, ()) or slot in blocked.get(b, ()):
                upper[var(m, s)] = 0
    rows, cols, bounds_up = [], [], []
    row = 0
    # every meeting at most once
    for m in range(n_m):
        for s in range(n_s):
            rows.append(row)
            cols.append(var(m, s))
        bounds_up.append(1)
        row += 1
    # a participant at most once per slot (only participants with two or more meetings matter)
    by_participant: dict[Hashable, list[int]] = defaultdict(list)
    for m, (a, b) in enumerate(meetings):
        by_participant[a].append(m)
        by_participant[b].append(m)
    for ms in by_participant.values():
        if len(ms) < 2:
            continue
        for s in range(n_s):
            for m in ms:
                rows.append(row)
                cols.append(var(m, s))
            bounds_up.append(1)
            row += 1
    # tables per slot
    if tables is not None and tables < n_m:
        for s in range(n_s):
            for m in range(n_m):
                rows.append(row)
                cols.append(var(m, s))
            bounds_up.append(tables)
            row += 1
    matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(row, n))
    result = milp(
        c=-np.ones(n),
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), upper),
        constraints=LinearConstraint(matrix, -np.inf, np.array(bounds_up, dtype=float)),
        options={"time_limit": float(time_limit_s), "presolve": True},
    )
    placed: dict[tuple, Hashable] = {}
    if result.x is not None:
        chosen = result.x.reshape(n_m, n_s) > 0.5
        for m, s in zip(*np.nonzero(chosen), strict=True):
            placed[meetings[m]] = slots[s]
    optimal = result.status == 0
    if not optimal:
        fallback = _greedy(meetings, slots, tables, blocked)
        if len(fallback) > len(placed):
            placed = fallback
    unplaced = [m for m in meetings if m not in placed]
    note = ""
    if not optimal:
        bound = getattr(result, "mip_dual_bound", None)
        gap = getattr(result, "mip_gap", None)
        parts = [f"time limit of {time_limit_s:g} s reached: {len(placed)} meetings placed"]
        if bound is not None and np.isfinite(bound):
            parts.append(f"at most {int(np.floor(-bound + 1e-6))} possible")
        if gap is not None and np.isfinite(gap):
            parts.append(f"gap {gap:.1%}")
        if result.x is None:
            parts.append("the solver found no schedule in time; this one is greedy")
        note = ", ".join(parts)
    return Schedule(placed=placed, unplaced=unplaced, optimal=optimal, note=note)
