"""Read helpers of the clusters app: for its own pages and for other apps.

Other apps (competitions) ask clusters through the functions here, never through a run's stored
JSON. They get plain dataclasses and lists. A finished run never changes, so what is derived from
its results is kept in Django's cache under the run's id and finish time (a versioned key).

The result pages show selections of a run's stored results; the cut-offs of those selections are
named here (``MIN_ESTABLISHMENTS`` …) instead of being written into the views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from verbund.analysis.constants import HOTSPOT_Z
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun
from verbund.core.rules import can_read_everything

RUN_CACHE_SECONDS = 24 * 3600
"""How long derived figures of a finished run stay cached (its key changes if it is rerun)."""

MIN_ESTABLISHMENTS = 3
"""A unit × industry cell with fewer establishments is not shown as a specialisation (an LQ from
one or two companies says nothing about a cluster) and does not count for the city-wide chart."""
SPECIALISATION_ROWS = 200
"""At most this many unit × industry rows from `shown_specialisations` (for short summaries; the
specialisation page itself pages through every row with enough establishments)."""
CONCENTRATED_INDUSTRIES = 30
"""The specialisation page lists this many industries, the most spatially concentrated first."""
OVERVIEW_MIN_STARS = 2
"""The overview lists categories with at least this many stars (or a strong cluster) …"""
OVERVIEW_CATEGORIES = 8
"""… at most this many …"""
OVERVIEW_CANDIDATES = 3
"""… and the first this many candidate networks."""
MAP_HOTSPOT_ROWS = 20
"""The table beside the map lists the strongest this many hotspot cells."""
PDF_CANDIDATES = 10
"""The PDF report lists this many candidate networks."""


def runs_visible_to(user) -> QuerySet[AnalysisRun]:
    """Runs a user may open: all for office and auditor, their own for a consultancy.

    The results column is deferred: lists never need it and it can be megabytes per run.
    """
    qs = AnalysisRun.objects.select_related("created_by").defer("results")
    if can_read_everything(user):
        return qs
    return qs.filter(created_by=user)


# --- for other apps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FinishedRun:
    """A finished analysis run, as other apps see it."""

    pk: int
    title: str
    finished_at: dt.datetime | None

    @property
    def cache_stamp(self) -> str:
        return f"{self.pk}:{self.finished_at.isoformat() if self.finished_at else '-'}"


@dataclass(frozen=True)
class HotspotCell:
    """A Gi* grid cell of a run: its centre (WGS84), z-score and the measure inside it."""

    lat: float
    lon: float
    z: float
    value: float


@dataclass(frozen=True)
class CompanyHotspots:
    """Of one finished run: which companies it analysed and which of them lie in a hotspot cell."""

    run: FinishedRun
    in_hotspot: dict[int, bool]
    """Company id → whether its cell has z ≥ the threshold; analysed companies only."""

    def analysed(self, company_id: int) -> bool:
        return company_id in self.in_hotspot

    def hot(self, company_id: int) -> bool:
        return self.in_hotspot.get(company_id, False)


def latest_finished_run() -> FinishedRun | None:
    """The most recently finished run (one query); None before the first run has finished."""
    head = (
        AnalysisRun.objects.filter(status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("pk", "title", "finished_at")
        .first()
    )
    return FinishedRun(*head) if head else None


def company_hotspot_flags(run: FinishedRun, *, min_z: float = HOTSPOT_Z) -> dict[int, bool]:
    """Per company id analysed in `run`: does it lie in a cell with z ≥ `min_z`?

    Cached (no query when cached, one otherwise): reading the company rows of a large run's JSON
    costs about 0.2 s per 20,000 companies, the cached flags a few milliseconds.
    """
    key = f"clusters:company-hotspots:{run.cache_stamp}:{min_z}"
    flags = cache.get(key)
    if flags is None:
        companies = (
            AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.DONE)
            .values_list("results__companies", flat=True)
            .first()
        )
        flags = {}
        for c in companies or []:
            if isinstance(c, dict) and c.get("id") is not None:
                z = c.get("hotspot_z")
                flags[int(c["id"])] = z is not None and z >= min_z
        cache.set(key, flags, RUN_CACHE_SECONDS)
    return flags


def latest_company_hotspots(*, min_z: float = HOTSPOT_Z) -> CompanyHotspots | None:
    """The latest finished run with its companies' hotspot flags (one query cached, two otherwise)."""
    run = latest_finished_run()
    if run is None:
        return None
    return CompanyHotspots(run, company_hotspot_flags(run, min_z=min_z))


def hotspot_cells(run: FinishedRun, *, min_z: float = HOTSPOT_Z) -> list[HotspotCell]:
    """The grid cells of `run` with z ≥ `min_z`, strongest first (cached like the flags)."""
    key = f"clusters:hotspot-cells:{run.cache_stamp}:{min_z}"
    cells = cache.get(key)
    if cells is None:
        stored = (
            AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.DONE)
            .values_list("results__hotspots", flat=True)
            .first()
        )
        cells = [
            HotspotCell(float(h["lat"]), float(h["lon"]), float(h["z"]), float(h.get("value", 0)))
            for h in stored or []
            if isinstance(h, dict) and h.get("z") is not None and h["z"] >= min_z
        ]
        cells.sort(key=lambda c: -c.z)
        cache.set(key, cells, RUN_CACHE_SECONDS)
    return cells


def latest_hotspot_cells(*, min_z: float = HOTSPOT_Z) -> list[HotspotCell]:
    """The hotspot cells of the latest finished run; empty before the first run has finished."""
    run = latest_finished_run()
    return hotspot_cells(run, min_z=min_z) if run else []


# --- selections shown on the result pages -------------------------------------------------------


def specialisation_rows(results: dict, *, unit: str = "") -> list[dict]:
    """Unit × industry rows (all units, or one), strongest LQ first, as stored."""
    return [s for s in results.get("specialisation", []) if not unit or s["unit"] == unit]


def shown_specialisations(rows: list[dict]) -> list[dict]:
    """The rows the specialisation table shows: enough establishments, at most a page."""
    return [s for s in rows if s["establishments"] >= MIN_ESTABLISHMENTS][:SPECIALISATION_ROWS]


def concentrated_industries(results: dict) -> list[dict]:
    """The most spatially concentrated industries (highest locational Gini first)."""
    industries = results.get("industries", [])
    ranked = sorted(industries, key=lambda i: -(i.get("locational_gini") or 0))
    return ranked[:CONCENTRATED_INDUSTRIES]


def city_rows(results: dict) -> list[dict]:
    """For the city-wide chart: each industry's size in the city and its highest LQ in any unit
    (among cells with at least `MIN_ESTABLISHMENTS` establishments)."""
    best: dict[str, float] = {}
    for s in results.get("specialisation", []):
        if s["establishments"] >= MIN_ESTABLISHMENTS and s["lq"] > best.get(s["industry"], 0):
            best[s["industry"]] = s["lq"]
    return [
        {
            "industry": i["industry"],
            "title": i.get("title") or "",
            "lq": best[i["industry"]],
            "value": i["value"],
            "establishments": i["establishments"],
        }
        for i in results.get("industries", [])
        if i["industry"] in best
    ]


def overview_stars(results: dict) -> list[dict]:
    """The best-rated unit × category rows for the overview."""
    rated = [
        s for s in results.get("stars", []) if s["stars"] >= OVERVIEW_MIN_STARS or s.get("strong")
    ]
    return rated[:OVERVIEW_CATEGORIES]


def shown_candidates(results: dict) -> tuple[list[dict], int]:
    """The candidate networks as the pages show them, near-identical ones merged
    (`domain.merging`), and how many were merged."""
    from verbund.clusters.domain.merging import merge_near_identical

    return merge_near_identical(results.get("candidates", []))


def overview_candidates(results: dict) -> list[dict]:
    return shown_candidates(results)[0][:OVERVIEW_CANDIDATES]


def strongest_hotspots(results: dict) -> list[dict]:
    """The hotspot rows listed beside the map (stored strongest first)."""
    return results.get("hotspots", [])[:MAP_HOTSPOT_ROWS]


HOTSPOT_INDUSTRIES = 3
"""A hotspot is named by its district and this many of its most frequent industries."""


def hotspot_places(results: dict, hotspots: list[dict]) -> list[dict]:
    """Per hotspot row: ``district`` (the zone's name, or the district its cell's centre lies in,
    from the register) and ``industries`` (the most frequent industry codes of the run's companies
    inside the cell or zone, with counts), so pages name places instead of coordinates."""
    from collections import Counter

    import numpy as np

    from verbund.clusters.domain.register import to_projected
    from verbund.companies.domain.queries import district_names_at

    if not hotspots:
        return []
    zones = bool(results.get("summary", {}).get("hotspot_zones"))
    half = float(results.get("params", {}).get("hotspot_cell_m") or 250.0) / 2
    companies = [
        c
        for c in results.get("companies", [])
        if c.get("lon") is not None and c.get("lat") is not None
    ]
    if companies:
        cx, cy = to_projected(
            np.array([c["lon"] for c in companies], float),
            np.array([c["lat"] for c in companies], float),
        )
    hx, hy = to_projected(
        np.array([h["lon"] for h in hotspots], float), np.array([h["lat"] for h in hotspots], float)
    )
    named = (
        [None] * len(hotspots)
        if zones
        else district_names_at([(h["lon"], h["lat"]) for h in hotspots])
    )
    out = []
    for k, h in enumerate(hotspots):
        if companies:
            inside = (
                np.hypot(cx - hx[k], cy - hy[k]) <= 1.0
                if zones
                else (np.abs(cx - hx[k]) <= half) & (np.abs(cy - hy[k]) <= half)
            )
            counts = Counter(companies[i]["industry"] for i in np.flatnonzero(inside))
        else:
            counts = Counter()
        district = h.get("unit") if zones else named[k]
        out.append(
            dict(h, district=district or "", industries=counts.most_common(HOTSPOT_INDUSTRIES))
        )
    return out


@dataclass(frozen=True)
class PartnerSuggestion:
    """One stored partner suggestion of a run: the partner, how far, how related its industry
    (φ, 0..1), how similar its competence text (0..1), and the run's score."""

    company_id: int
    distance_m: float
    relatedness: float
    text_similarity: float
    score: float


def partner_suggestions(run: FinishedRun, company_id: int) -> list[PartnerSuggestion]:
    """The run's partner suggestions for one company, best first (empty when the run computed
    none for it). Cached per run: one query the first time, none afterwards."""
    key = f"clusters:partners:{run.cache_stamp}"
    partners = cache.get(key)
    if partners is None:
        partners = (
            AnalysisRun.objects.filter(pk=run.pk, status=RunStatus.DONE)
            .values_list("results__partners", flat=True)
            .first()
        ) or {}
        cache.set(key, partners, RUN_CACHE_SECONDS)
    rows = partners.get(str(company_id), []) if isinstance(partners, dict) else []
    return [
        PartnerSuggestion(
            company_id=int(p["id"]),
            distance_m=float(p.get("distance_m", 0)),
            relatedness=float(p.get("relatedness", 0)),
            text_similarity=float(p.get("text_similarity", 0)),
            score=float(p.get("score", 0)),
        )
        for p in rows
        if isinstance(p, dict) and p.get("id") is not None
    ]
