"""Cluster-potential figures of network ideas: relatedness of the members' industries, hotspot overlap.

Relatedness: Hidalgo's proximity between WZ divisions (``verbund.analysis.proximity``), computed
from the whole company register with districts as units (a division is present in a district when
a company of that division is located there); an idea's figure is the mean proximity over the pairs
of distinct divisions among its founding members, compared with the mean over all pairs of
divisions present in the register.

Hotspot overlap: the share of founding members whose location lies in a Gi* hotspot cell
(z ≥ `verbund.analysis.constants.HOTSPOT_Z`) of the latest finished analysis run, asked of the
clusters app through `verbund.clusters.domain.queries.latest_company_hotspots` (never its stored
JSON).

:func:`potentials` computes both for all ideas of a page at once with a fixed number of queries
(register presence, members, latest run), so lists stay constant in their query count.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
from django.apps import apps

if TYPE_CHECKING:  # imported when used: the clusters queries load the analysis package (~2 s)
    from verbund.clusters.domain.queries import FinishedRun as RunInfo

ABOVE, BELOW = 1.1, 0.9
"""Members' mean proximity above 110 % / below 90 % of the register mean reads as "more / less
related than usual"; in between as "about as related as usual"."""


class Level(StrEnum):
    ABOVE = "above"
    ABOUT = "about"
    BELOW = "below"
    SINGLE = "single"
    """All members in one WZ division: no pair of different industries."""
    UNKNOWN = "unknown"
    """Fewer than two members with a WZ code present in the register's districts."""


@dataclass(frozen=True)
class Relatedness:
    divisions: tuple[str, ...]
    """The members' distinct WZ divisions (2 digits), sorted."""
    mean: float | None
    """Mean proximity φ over the pairs of these divisions (0..1); None without a pair."""
    register_mean: float | None
    """Mean proximity over all pairs of divisions present in the register's districts."""
    level: Level


# RunInfo: the analysis run the figures come from (pk, title, finished_at), as the clusters app
# gives it (`verbund.clusters.domain.queries.FinishedRun`).


@dataclass(frozen=True)
class HotspotOverlap:
    run: RunInfo
    members: int
    analysed: int
    """Members contained in the run (positioned and with a WZ code when it ran)."""
    in_hotspots: int

    @property
    def share(self) -> float | None:
        """Percent of the founding members located in hotspot cells; None without members."""
        return 100.0 * self.in_hotspots / self.members if self.members else None

    @property
    def not_analysed(self) -> int:
        return self.members - self.analysed


@dataclass(frozen=True)
class IdeaPotential:
    relatedness: Relatedness
    hotspots: HotspotOverlap | None
    """None when the clusters app has no finished analysis run yet."""


# --- pure numerics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProximityTable:
    """Proximity between the divisions present in the register, with the mean over all pairs."""

    index: dict[str, int]
    phi: np.ndarray
    register_mean: float | None

    @classmethod
    def from_presence(cls, pairs: list[tuple[object, str]]) -> ProximityTable:
        """`pairs`: (unit, division) for every division present in a unit (duplicates allowed)."""
        units = sorted({u for u, _d in pairs}, key=str)
        divisions = sorted({d for _u, d in pairs})
        index = {d: k for k, d in enumerate(divisions)}
        if len(units) < 2 or len(divisions) < 2:
            # one district (or one industry) says nothing about which industries go together
            return cls(index, np.zeros((len(divisions), len(divisions))), None)
        presence = np.zeros((len(units), len(divisions)))
        rows = {u: k for k, u in enumerate(units)}
        for u, d in pairs:
            presence[rows[u], index[d]] = 1.0
        from verbund.analysis import proximity  # here: the analysis stack costs ~4 s to import

        phi = proximity(presence)
        iu, ju = np.triu_indices(len(divisions), k=1)
        return cls(index, phi, float(phi[iu, ju].mean()))

    def relatedness(self, divisions: set[str]) -> Relatedness:
        known = sorted(d for d in divisions if d in self.index)
        if self.register_mean is None or not known:
            return Relatedness(tuple(known), None, self.register_mean, Level.UNKNOWN)
        if len(known) == 1:
            return Relatedness(tuple(known), None, self.register_mean, Level.SINGLE)
        values = [float(self.phi[self.index[a], self.index[b]]) for a, b in combinations(known, 2)]
        mean = sum(values) / len(values)
        if mean > ABOVE * self.register_mean:
            level = Level.ABOVE
        elif mean < BELOW * self.register_mean:
            level = Level.BELOW
        else:
            level = Level.ABOUT
        return Relatedness(tuple(known), mean, self.register_mean, level)


# --- database reads -----------------------------------------------------------------------------


def register_proximity() -> ProximityTable:
    """Proximity of WZ divisions over the register's districts (one query)."""
    Company = apps.get_model("companies", "Company")
    pairs = list(
        Company.objects.filter(district__isnull=False, main_wz__isnull=False)
        .exclude(main_wz__division="")
        .order_by()
        .values_list("district_id", "main_wz__division")
        .distinct()
    )
    return ProximityTable.from_presence(pairs)


def latest_run_hotspots() -> tuple[RunInfo, dict[int, bool]] | None:
    """The latest finished analysis run and, per analysed company id, whether it lies in a hotspot
    (z ≥ `verbund.analysis.constants.HOTSPOT_Z`), asked of the clusters app through its query
    function (cached there under the run's id and finish time). One query cached, two otherwise."""
    from verbund.clusters.domain.queries import latest_company_hotspots

    found = latest_company_hotspots()
    return None if found is None else (found.run, found.in_hotspot)


@dataclass(frozen=True)
class PagePotentials:
    """The figures of all ideas on a page and the analysis run they come from (None: no run yet)."""

    run: RunInfo | None
    ideas: dict[int, IdeaPotential]

    def __getitem__(self, submission_id: int) -> IdeaPotential:
        return self.ideas[submission_id]


def potentials(submission_ids: list[int], *, competition=None) -> PagePotentials:
    """Cluster-potential figures per idea, for all given ideas at once (three or four queries).

    With `competition`, members are read by competition (no long IN list on big rankings).
    """
    Submission = apps.get_model("competitions", "Submission")
    through = Submission.founding_members.through
    members: dict[int, list[tuple[int, str | None]]] = {pk: [] for pk in submission_ids}
    rows = (
        through.objects.filter(submission__competition=competition)
        if competition is not None
        else through.objects.filter(submission_id__in=submission_ids)
    )
    for sub_id, company_id, division in rows.order_by().values_list(
        "submission_id", "company_id", "company__main_wz__division"
    ):
        if sub_id in members:
            members[sub_id].append((company_id, division))
    table = register_proximity()
    run = latest_run_hotspots()
    out = {}
    for sub_id, rows in members.items():
        rel = table.relatedness({d for _c, d in rows if d})
        overlap = None
        if run is not None:
            info, hot = run
            overlap = HotspotOverlap(
                info,
                members=len(rows),
                analysed=sum(1 for c, _d in rows if c in hot),
                in_hotspots=sum(1 for c, _d in rows if hot.get(c)),
            )
        out[sub_id] = IdeaPotential(rel, overlap)
    return PagePotentials(run[0] if run else None, out)
