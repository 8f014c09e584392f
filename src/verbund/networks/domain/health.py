"""Network health figures (pure: plain values in, plain values out; igraph, no Django).

The collaboration graph has one node per member company; two members are tied when they took part
in the same measure (as responsible or participant) or the same activity. From it:

- density: ties / possible ties = 2E / (n (n - 1));
- Freeman degree centralisation: sum over nodes of (max degree - degree) divided by its largest
  possible value (n - 1)(n - 2), reached by a star; 0 for a complete or empty graph, 1 for a star;
- the carrier's share of ties: the ties that touch the carrier's own company / all ties;
- cut off without the carrier: the members connected to the carrier's company whose connection
  depends on it — after removing the carrier's node they are outside the largest remaining
  component (or that component is a single member) — as a share of all other members (how much falls apart without the carrier);
- new ties per quarter: each tie counted in the quarter of its first joint measure or activity.

Members over time count members inside and outside the programme area at the end of each quarter.
The traffic light combines the figures with plain-language reasons; thresholds are named constants.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

ACTIVE_RED, ACTIVE_YELLOW = 0.3, 0.5
COMMITTED_YELLOW = 0.5
CARRIER_SHARE_YELLOW = 0.6
CUT_OFF_RED, CUT_OFF_YELLOW = 0.5, 0.25
GREEN, YELLOW, RED = "green", "yellow", "red"


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    in_area: bool
    joined: dt.date
    left: dt.date | None = None
    committed: bool = False
    active: bool = False


@dataclass(frozen=True)
class Joint:
    """Members who took part together in one measure or activity, with its date (may be None)."""

    members: frozenset[int]
    date: dt.date | None = None


@dataclass
class Health:
    members: int
    members_in_area: int
    committed: int
    active: int
    ties: int
    density: float
    centralisation: float
    carrier_share: float | None
    cut_off_share: float | None
    cut_off: list[int]
    new_ties_per_quarter: list[tuple[str, int]]
    members_over_time: list[tuple[str, int, int]]
    catalogue_progress: float | None
    measures: int
    measures_completed: int
    light: str = GREEN
    reasons: list = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    nodes: list[Member] = field(default_factory=list)

    @property
    def committed_share(self) -> float | None:
        return self.committed / self.members if self.members else None

    @property
    def active_share(self) -> float | None:
        return self.active / self.members if self.members else None


def quarter(d: dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def quarter_end(label: str) -> dt.date:
    year, q = int(label[:4]), int(label[-1])
    month = 3 * q
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def quarters_between(start: dt.date, end: dt.date) -> list[str]:
    out, y, q = [], start.year, (start.month - 1) // 3 + 1
    while (y, q) <= (end.year, (end.month - 1) // 3 + 1):
        out.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def tie_dates(joints: list[Joint], member_ids: set[int]) -> dict[tuple[int, int], dt.date | None]:
    """Each tie (a, b) with a < b and the earliest date it appeared (None: undated only)."""
    first: dict[tuple[int, int], dt.date | None] = {}
    for joint in joints:
        ids = sorted(m for m in joint.members if m in member_ids)
        for pair in combinations(ids, 2):
            known = first.get(pair, joint.date)
            if pair not in first or (joint.date and (known is None or joint.date < known)):
                first[pair] = joint.date
    return first


def graph_figures(
    ids: list[int], edges: list[tuple[int, int]], carrier: int | None
) -> tuple[float, float, float | None, list[int]]:
    """density, Freeman degree centralisation, carrier's share of ties, members cut off."""
    import igraph

    n = len(ids)
    index = {m: k for k, m in enumerate(ids)}
    g = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in edges])
    e = g.ecount()
    density = 2 * e / (n * (n - 1)) if n > 1 else 0.0
    degrees = g.degree()
    if n > 2:
        top = max(degrees)
        centralisation = sum(top - d for d in degrees) / ((n - 1) * (n - 2))
    else:
        centralisation = 0.0
    if carrier is None or carrier not in index:
        return density, centralisation, None, []
    c = index[carrier]
    share = degrees[c] / e if e else 0.0
    reachable = set(g.subcomponent(c)) - {c}
    rest = g.copy()
    rest.delete_vertices([c])
    remaining = [k for k in range(n) if k != c]  # vertex k' in `rest` is remaining[k']
    components = rest.connected_components()
    largest = max(components, key=len) if len(components) else []
    kept = {remaining[k] for k in largest} if len(largest) > 1 else set()  # lone nodes: all cut
    cut = sorted(ids[k] for k in reachable if k not in kept)
    return density, centralisation, share, cut


def members_over_time(members: list[Member], *, today: dt.date) -> list[tuple[str, int, int]]:
    """(quarter, inside the area, outside) at the end of each quarter from the first joining."""
    if not members:
        return []
    start = min(m.joined for m in members)
    rows = []
    for label in quarters_between(start, today):
        end = min(quarter_end(label), today)
        current = [m for m in members if m.joined <= end and (m.left is None or m.left > end)]
        inside = sum(1 for m in current if m.in_area)
        rows.append((label, inside, len(current) - inside))
    return rows


def compute(
    *,
    members: list[Member],
    joints: list[Joint],
    carrier: int | None,
    progress: list[int],
    completed: int,
    today: dt.date,
    all_members: list[Member] | None = None,
) -> Health:
    """`members`: current members; `all_members` (default: `members`): also those who left."""
    ids = [m.id for m in members]
    first = tie_dates(joints, set(ids))
    edges = sorted(first)
    density, centralisation, carrier_share, cut = graph_figures(ids, edges, carrier)
    by_quarter = Counter(quarter(d) for d in first.values() if d is not None)
    n = len(members)
    others = n - 1 if carrier in set(ids) else n
    health = Health(
        members=n,
        members_in_area=sum(1 for m in members if m.in_area),
        committed=sum(1 for m in members if m.committed),
        active=sum(1 for m in members if m.active),
        ties=len(edges),
        density=density,
        centralisation=centralisation,
        carrier_share=carrier_share,
        cut_off_share=(len(cut) / others if others else 0.0) if carrier_share is not None else None,
        cut_off=cut,
        new_ties_per_quarter=sorted(by_quarter.items()),
        members_over_time=members_over_time(all_members or members, today=today),
        catalogue_progress=sum(progress) / len(progress) if progress else None,
        measures=len(progress),
        measures_completed=completed,
        edges=edges,
        nodes=list(members),
    )
    health.light, health.reasons = traffic_light(health, today=today)
    return health


@dataclass(frozen=True)
class Reason:
    """One signal of the traffic light; `interfaces.presenters.reason_text` words it."""

    level: str
    code: str
    values: dict = field(default_factory=dict)


def traffic_light(h: Health, *, today: dt.date) -> tuple[str, list[Reason]]:
    """Worst colour of the signals, with one reason per signal that is not green."""
    if h.members == 0:
        return RED, [Reason(RED, "no_members")]
    signals: list[Reason] = []
    counts = {"active": h.active, "committed": h.committed, "members": h.members}
    share = h.active / h.members
    if share < ACTIVE_YELLOW:
        signals.append(Reason(RED if share < ACTIVE_RED else YELLOW, "few_active", counts))
    if h.committed / h.members < COMMITTED_YELLOW:
        signals.append(Reason(YELLOW, "few_committed", counts))
    if h.carrier_share is not None and h.ties and h.carrier_share > CARRIER_SHARE_YELLOW:
        signals.append(Reason(YELLOW, "carrier_share", {"share": round(100 * h.carrier_share)}))
    if h.cut_off_share is not None and h.cut_off_share >= CUT_OFF_YELLOW:
        level = RED if h.cut_off_share >= CUT_OFF_RED else YELLOW
        signals.append(Reason(level, "cut_off", {"n": len(h.cut_off)}))
    recent = {quarter(today), quarter(today - dt.timedelta(days=92))}
    if h.members > 1 and not any(q in recent for q, k in h.new_ties_per_quarter if k):
        signals.append(Reason(YELLOW, "no_new_ties"))
    if h.measures == 0:
        signals.append(Reason(YELLOW, "no_measures"))
    colour = GREEN
    for reason in signals:
        if reason.level == RED or (reason.level == YELLOW and colour == GREEN):
            colour = reason.level
    return colour, signals
