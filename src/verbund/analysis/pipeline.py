"""One entry point for a whole site analysis: :func:`run_site_analysis`.

Used by the CLI, the web app's background task and the benchmarks, so all three compute the same
thing from the same company table (schema in :mod:`verbund.analysis.io`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from . import clusters as cl
from .constants import HOTSPOT_Z
from .io import points_in_areas, prepare_companies, wz_at_level
from .networks import NetworkParams, candidate_networks
from .partners import PartnerIndex, PartnerParams
from .relatedness import potentials, proximity, relatedness_density
from .spatial import (
    colocation_quotient,
    grid_hotspots,
    hdbscan_groups,
    point_cells,
    zone_hotspots,
    zone_neighbours,
)
from .specialisation import (
    count_matrix,
    diversity,
    entropy,
    herfindahl,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    ubiquity,
)
from .text import tfidf_matrix

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class AnalysisParams:
    """Every knob of a run; stored with the run's results so a run can be explained later."""

    wz_level: str = "group"
    measure: str = "employees"  # or "establishments"
    unit_column: str = "district"
    grid_unit_m: float = 1000.0  # area units when no district column is given
    presence_threshold: float = 1.0
    include_diagonal: bool = False
    hotspot_cell_m: float = 250.0
    hotspot_distance_m: float = 500.0
    hotspot_permutations: int = 99
    hotspot_weight: str = "count"  # or "employees"
    min_category_companies: int = 10
    hdbscan_min_cluster_size: int = 30
    hdbscan_min_samples: int = 10
    potentials_top: int = 20
    stars: cl.StarThresholds = field(default_factory=cl.StarThresholds)
    networks: NetworkParams = field(default_factory=NetworkParams)
    partners: PartnerParams = field(default_factory=PartnerParams)
    seed: int = 42

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SiteAnalysisResult:
    """Results of one run. DataFrames are long tables, ready for templates and ``to_dict()``.

    Fields: ``params``; ``companies`` (per company: id, name, wz, industry, category, x, y, unit,
    in_area, hotspot_z, group, network); ``units`` (per unit: establishments, employees, diversity,
    krugman, herfindahl, entropy); ``industries`` (per industry: title, establishments, value (the
    measure), ubiquity, hoover, locational_gini, lq_reference = city vs reference totals); ``unit_labels``, ``industry_labels``, ``counts``, ``lq``,
    ``density``, ``proximity`` (matrices, rows units, columns industries);
    ``potentials``; ``stars`` (unit × category stars with criteria and ``strong``); ``categories``
    (per category totals, LQ and strongest hotspot); ``hotspots`` (grid cells with z ≥ HOTSPOT_Z or
    companies); ``groups`` (HDBSCAN outlines); ``colocation`` (category × category CLQ);
    ``candidates`` (ranked candidate networks with reasons); ``warnings``; ``timings`` (seconds).
    ``partners(company_id, k)`` answers partner queries from an index built once.
    """

    params: AnalysisParams
    companies: pd.DataFrame
    units: pd.DataFrame
    industries: pd.DataFrame
    unit_labels: np.ndarray
    industry_labels: np.ndarray
    counts: np.ndarray
    lq: np.ndarray
    density: np.ndarray
    proximity: np.ndarray
    potentials: pd.DataFrame
    stars: pd.DataFrame
    categories: pd.DataFrame
    hotspots: pd.DataFrame
    groups: pd.DataFrame
    colocation: pd.DataFrame
    candidates: pd.DataFrame
    warnings: list[str]
    timings: dict[str, float]
    partner_index: PartnerIndex | None = field(default=None, repr=False)
    industry_level: str = ""
    """Counts tables: the NACE level analysed (section, division, group or class)."""
    cells: pd.DataFrame | None = None
    """Counts tables only: every unit × industry cell with employment (unit, industry, employees,
    establishments, lq)."""

    def partners(self, company_id, k: int = 10) -> pd.DataFrame:
        if self.partner_index is None:
            raise ValueError("no partner index (fewer than two usable companies)")
        return self.partner_index.query(company_id, k)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict (NaN → null); matrices as nested lists."""

        def frame(df: pd.DataFrame) -> list[dict]:
            return json.loads(df.to_json(orient="records", force_ascii=False))

        return {
            "params": self.params.to_dict(),
            "companies": frame(self.companies),
            "units": frame(self.units),
            "industries": frame(self.industries),
            "unit_labels": [str(u) for u in self.unit_labels],
            "industry_labels": [str(i) for i in self.industry_labels],
            "counts": self.counts.tolist(),
            "lq": np.round(self.lq, 6).tolist(),
            "density": np.round(self.density, 6).tolist(),
            "potentials": frame(self.potentials),
            "stars": frame(self.stars),
            "star_thresholds": json.loads(
                json.dumps(self.stars.attrs.get("thresholds", {}), default=float)
            ),
            "categories": frame(self.categories),
            "hotspots": frame(self.hotspots),
            "groups": frame(self.groups),
            "colocation": json.loads(self.colocation.to_json(orient="split")),
            "candidates": frame(self.candidates),
            "warnings": list(self.warnings),
            "timings": dict(self.timings),
        } | ({"cells": frame(self.cells)} if self.cells is not None else {})


@lru_cache(maxsize=4096)
def wz_title(code: str) -> str:
    """German WZ 2008 title from the ``wz-code`` package ('' if unknown)."""
    try:
        from wz_code import WZ, WZVersion

        return _wz(WZ, WZVersion).get(code).title
    except Exception:  # unknown code or package missing: a title is a nicety
        return ""


@lru_cache(maxsize=1)
def _wz(WZ, WZVersion):
    return WZ(WZVersion.WZ_2008)


@dataclass
class Prepared:
    """The usable companies with ``unit``, ``industry`` and ``category`` columns, and positions."""

    df: pd.DataFrame
    xy: np.ndarray
    categories: tuple[cl.Category, ...]
    zones: Zones | None = None
    """Zone placement: the establishments stand on zone centres; hotspots and networks are
    computed between neighbouring zones."""
    positioned: np.ndarray | None = None
    """Mixed placement: the rows with a position of their own (None: all); distance-based stages
    use only these."""


@dataclass
class Zones:
    """The zones of a zone-placed register: name and centre per zone, zone per company, and which
    zones neighbour each other (`spatial.zone_neighbours`)."""

    labels: np.ndarray
    xy: np.ndarray
    of: np.ndarray
    neighbours: Any


@dataclass
class Specialisation:
    """Unit × industry matrices: the measure, establishments, location quotients, presence."""

    unit_labels: np.ndarray
    industry_labels: np.ndarray
    counts: np.ndarray
    establishments: np.ndarray
    reference: np.ndarray | None
    """Reference totals per industry (None: the city is its own reference)."""
    lq: np.ndarray
    presence: np.ndarray
    titles: dict[str, str]
    units: pd.DataFrame
    industries: pd.DataFrame


@dataclass
class Relatedness:
    proximity: np.ndarray
    density: np.ndarray
    potentials: pd.DataFrame

    @classmethod
    def skipped(cls, spec: Specialisation) -> Relatedness:
        k = len(spec.industry_labels)
        columns = ["unit", "industry", "lq", "density", "excess_density", "title", "reason"]
        return cls(np.zeros((k, k)), np.zeros_like(spec.lq), pd.DataFrame(columns=columns))


@dataclass
class ClusterRatings:
    """Unit × category employment and establishments, stars and strong clusters."""

    unit_labels: np.ndarray
    category_keys: np.ndarray
    employment: np.ndarray
    establishments: np.ndarray
    reference: np.ndarray | None
    stars: pd.DataFrame
    strong: np.ndarray
    names: dict[str, str]
    names_de: dict[str, str]
    category_codes: np.ndarray
    """Per company: the column of its category in `category_keys`."""

    @classmethod
    def skipped(cls, prep: Prepared, spec: Specialisation) -> ClusterRatings:
        columns = ["unit", "category", "employment", "lq", "focus", "size_star"]
        columns += ["specialisation_star", "focus_star", "stars", "strong", "category_name"]
        units = np.asarray(spec.unit_labels)
        none = np.zeros((len(units), 0))
        return cls(
            units,
            np.asarray([], dtype=object),
            none,
            none,
            None,
            pd.DataFrame(columns=columns),
            none.astype(bool),
            {},
            {},
            np.full(len(prep.df), -1),
        )


@dataclass
class Hotspots:
    grid: pd.DataFrame
    cells: pd.DataFrame
    """Grid cells with companies or with z ≥ HOTSPOT_Z."""
    by_category: dict[str, dict[str, Any]]
    """Per category: its strongest hotspot cell (z, position, unit, companies in hot cells)."""
    groups: pd.DataFrame
    group_labels: np.ndarray
    zone_z: dict[str, np.ndarray] = field(default_factory=dict)
    """Zone placement: per category, the Gi* z of every zone."""

    @classmethod
    def skipped(cls, prep: Prepared) -> Hotspots:
        cells = ["cell_x", "cell_y", "ix", "iy", "value", "z", "p_norm", "p_sim", "moran_i"]
        groups = ["group", "size", "cx", "cy", "area_m2", "hull"]
        return cls(
            pd.DataFrame(columns=cells),
            pd.DataFrame(columns=cells),
            {},
            pd.DataFrame(columns=groups),
            np.full(len(prep.df), -1),
        )


@dataclass
class NetworkInputs:
    """What networks and partners share: industry codes per company, proximity, competence texts."""

    industry_codes: np.ndarray
    proximity_any: np.ndarray
    """Proximity from mere presence (count > 0)."""
    text_x: Any
    vectoriser: Any


@dataclass
class Networks:
    candidates: pd.DataFrame
    labels: np.ndarray

    @classmethod
    def skipped(cls, prep: Prepared) -> Networks:
        columns = ["rank", "community", "size", "score", "employees", "share_in_area", "cx", "cy"]
        columns += ["median_radius_m", "mean_text_similarity", "industries", "categories"]
        columns += ["terms", "company_ids", "company_names", "reason"]
        return cls(pd.DataFrame(columns=columns), np.full(len(prep.df), -1))


STAGES = (
    "specialisation",
    "relatedness",
    "clusters",
    "hotspots",
    "colocation",
    "networks",
    "partners",
)
"""The stages of a run, in their order (``prepare`` always runs first; ``report`` is the CLI's)."""
NEEDS = {"hotspots": {"clusters"}, "networks": {"clusters"}}
"""Stages that need another one: per-category hotspots and networks use the cluster categories."""
POSITION_STAGES = ("hotspots", "colocation", "networks")
"""Stages that read distances between establishments: meaningless on zone centroids."""
ZONE_MIN_COMPANIES = 50
ZONE_MAX_DISTINCT_SHARE = 0.05
"""A register whose positions take at most 5 % distinct values (with at least 50 companies) is
placed by zone (e.g. statistical areas' centroids), not by address."""


def zone_placed(xy: np.ndarray) -> bool:
    """Do the positions look like zone centroids (many establishments on few points)?"""
    if len(xy) < ZONE_MIN_COMPANIES:
        return False
    distinct = len(np.unique(np.round(xy, 1), axis=0))
    return distinct <= ZONE_MAX_DISTINCT_SHARE * len(xy)


PROGRESS = {
    "prepare": 0.1,
    "specialisation": 0.2,
    "relatedness": 0.3,
    "clusters": 0.4,
    "hotspots": 0.55,
    "colocation": 0.6,
    "networks": 0.85,
    "partners": 1.0,
}


def resolve_stages(stages: Iterable[str] | None) -> tuple[str, ...]:
    """The stages to run for a selection: all by default; ``specialisation`` (everything else
    builds on its matrices) and what a chosen stage needs are added; ``report`` is ignored here."""
    if stages is None:
        return STAGES
    wanted = {s.strip() for s in stages if s.strip()}
    unknown = wanted - set(STAGES) - {"report"}
    if unknown:
        raise ValueError(
            f"unknown stage(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join((*STAGES, 'report'))}"
        )
    wanted |= {"specialisation"}
    for stage in list(wanted):
        wanted |= NEEDS.get(stage, set())
    return tuple(s for s in STAGES if s in wanted)


def run_site_analysis(
    companies: pd.DataFrame,
    *,
    areas: list[tuple[str, object]] | None = None,
    reference: pd.Series | None = None,
    params: AnalysisParams | None = None,
    progress: Progress | None = None,
    stages: Iterable[str] | None = None,
    categories: tuple[cl.Category, ...] | None = None,
) -> SiteAnalysisResult:
    """Analyse a company table: specialisation, stars, relatedness, hotspots, networks, partners.

    ``companies``: the schema of :mod:`verbund.analysis.io` (prepared here if not yet).
    ``areas``: programme-area polygons ``(name, shapely geometry in EPSG:25833)``; they set
    ``in_area`` where the table has none. ``reference``: totals per WZ code (any level; summed to
    ``params.wz_level``) for LQs against e.g. the nation. ``progress(fraction, message)``.
    ``stages``: which of `STAGES` to run (default: all; see `resolve_stages`); the results of a
    skipped stage are empty tables (and zero matrices), never invented values.
    ``categories``: cluster categories (`verbund.analysis.clusters.load_categories`); default: the
    package's file.

    The stages run in the order of `STAGES`, each a function of its own (``prepare`` …
    ``partners``); ``timings`` holds the seconds each took.
    """
    p = params or AnalysisParams()
    run = resolve_stages(stages)
    report = progress or (lambda f, m: None)
    timings: dict[str, float] = {}
    warnings: list[str] = []
    t0 = time.perf_counter()

    def tick(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        timings[name] = round(now - t0, 4)
        t0 = now
        report(PROGRESS[name], name)

    report(0.0, "prepare")
    prep = prepare(companies, p, areas=areas, warnings=warnings, categories=categories)
    prep, run = placement(prep, run, explicit=stages is not None, warnings=warnings)
    tick("prepare")
    spec = specialisation(prep, p, reference=reference, warnings=warnings)
    tick("specialisation")
    if "relatedness" in run:
        rel = relatedness(spec, p)
        tick("relatedness")
    else:
        rel = Relatedness.skipped(spec)
    if "clusters" in run:
        ratings = cluster_ratings(prep, spec, p, reference=reference)
        tick("clusters")
    else:
        ratings = ClusterRatings.skipped(prep, spec)
    if "hotspots" in run or (prep.zones is not None and "networks" in run):
        hot = zone_hotspot_stage(prep, ratings, p) if prep.zones else hotspots(prep, ratings, p)
        tick("hotspots")
    else:
        hot = Hotspots.skipped(prep)
    if "colocation" in run:
        coloc = colocation(_positioned(prep))
        tick("colocation")
    else:
        coloc = pd.DataFrame()
    inputs = network_inputs(prep, spec) if {"networks", "partners"} & set(run) else None
    if "networks" in run:
        if prep.zones is not None:
            nets = zone_networks(prep, spec, ratings, hot, p)
        else:
            nets = networks(prep, spec, ratings, inputs, p)
        tick("networks")
    else:
        nets = Networks.skipped(prep)
    if "hotspots" not in run:
        hot = Hotspots.skipped(prep)
    pindex = None
    if "partners" in run:
        pindex = partners(prep, spec, inputs, p)
        tick("partners")
    if run != STAGES:
        report(1.0, "done")

    df = prep.df
    df["hotspot_z"] = point_hotspot_z(prep, hot, p)
    df["group"] = hot.group_labels
    df["network"] = nets.labels
    keep = ["id", "name", "wz", "industry", "category", "employees", "x", "y", "unit"]
    keep += [c for c in ("in_area",) if c in df] + ["hotspot_z", "group", "network"]
    return SiteAnalysisResult(
        params=p,
        companies=df[keep].copy(),
        units=spec.units,
        industries=spec.industries,
        unit_labels=np.asarray(spec.unit_labels),
        industry_labels=np.asarray(spec.industry_labels),
        counts=spec.counts,
        lq=spec.lq,
        density=rel.density,
        proximity=rel.proximity,
        potentials=rel.potentials,
        stars=ratings.stars,
        categories=category_table(ratings, hot),
        hotspots=hot.cells,
        groups=hot.groups,
        colocation=coloc,
        candidates=nets.candidates,
        warnings=warnings,
        timings=timings,
        partner_index=pindex,
    )


# --- placement: by address (points), by zone (centroids), or both ---------------------------------

ZONE_SHARE = 0.5
"""With at least this share of zone-placed establishments (``precision`` = zone) the whole run
works on zones."""


def placement(
    prep: Prepared, run: tuple[str, ...], *, explicit: bool, warnings: list[str]
) -> tuple[Prepared, tuple[str, ...]]:
    """Decide how positions are used, and say so.

    *Zone placement* (a ``precision`` column with mostly "zone", or positions that are few
    distinct points, see `zone_placed`): hotspots are Gi* between neighbouring zones, candidate
    networks join related establishments in neighbouring hot zones, co-location is not computed
    (unless asked for by name). *Mixed*: the zone-placed establishments count everywhere except
    in the distance-based stages. Else every establishment has its own point.
    """
    df, xy = prep.df, prep.xy
    zone_rows = (
        df["precision"]
        .astype("string")
        .str.strip()
        .str.lower()
        .eq("zone")
        .fillna(False)
        .to_numpy(dtype=bool)
        if "precision" in df
        else np.zeros(len(df), bool)
    )
    if zone_rows.mean() >= ZONE_SHARE or zone_placed(xy):
        zones = build_zones(df, xy)
        if not explicit:
            run = tuple(s for s in run if s != "colocation")
        warnings.append(
            f"The {len(xy):,} establishments are placed by zone ({len(zones.labels):,} zones, "
            "not addresses): hotspots are computed between neighbouring zones (Gi*, "
            "each zone's nearest zones) instead of grid cells, candidate networks join related "
            "establishments of neighbouring zones, and co-location is "
            + ("measured between zone centres." if "colocation" in run else "not computed.")
        )
        return replace(prep, zones=zones), run
    if zone_rows.any():
        warnings.append(
            f"{int(zone_rows.sum()):,} establishments are placed only by zone: they count in "
            "specialisation and clusters but not in hotspots, co-location and candidate networks."
        )
        if (~zone_rows).sum() < 2:
            return prep, tuple(s for s in run if s not in POSITION_STAGES)
        return replace(prep, positioned=~zone_rows), run
    return prep, run


def build_zones(df: pd.DataFrame, xy: np.ndarray) -> Zones:
    """Zones by the ``district`` column where given (centre: the mean position of its
    establishments), else by distinct position."""
    if "district" in df and df["district"].notna().all():
        codes, labels = pd.factorize(df["district"].astype(str), sort=True)
        labels = np.asarray(labels, dtype=object)
    else:
        rounded = np.round(xy, 1)
        _, codes = np.unique(rounded, axis=0, return_inverse=True)
        codes = codes.ravel()
        first = pd.Series(df["unit"].to_numpy()).groupby(codes).first()
        labels = first.to_numpy(dtype=object)
    n = len(labels)
    counts = np.bincount(codes, minlength=n)
    centre = np.column_stack(
        [np.bincount(codes, weights=xy[:, k], minlength=n) / counts for k in (0, 1)]
    )
    return Zones(labels, centre, codes.astype(np.int64), zone_neighbours(centre))


def _positioned(prep: Prepared) -> Prepared:
    """The establishments with a position of their own (all unless placement is mixed)."""
    if prep.positioned is None:
        return prep
    mask = prep.positioned
    return Prepared(prep.df[mask].reset_index(drop=True), prep.xy[mask], prep.categories)


# --- prepare: usable companies, area units, industries and categories ------------------------------


def prepare(
    companies: pd.DataFrame,
    p: AnalysisParams,
    *,
    areas: list[tuple[str, object]] | None,
    warnings: list[str],
    categories: tuple[cl.Category, ...] | None = None,
) -> Prepared:
    df = companies if "usable" in companies.columns else prepare_companies(companies)
    n_all = len(df)
    df = df[df["usable"]].reset_index(drop=True)
    if len(df) < n_all:
        warnings.append(f"{n_all - len(df)} of {n_all} companies lack a WZ code or position.")
    if len(df) < 2:
        raise ValueError("need at least two companies with WZ code and position")
    xy = df[["x", "y"]].to_numpy(float)
    if areas:
        inside = points_in_areas(xy[:, 0], xy[:, 1], areas)
        df["in_area"] = df["in_area"].fillna(pd.Series(inside)) if "in_area" in df else inside
    if p.unit_column in df.columns and df[p.unit_column].notna().any():
        df["unit"] = df[p.unit_column].fillna("(none)").astype(str)
    else:
        g = p.grid_unit_m
        df["unit"] = [f"{int(a // g)}/{int(b // g)}" for a, b in xy]
        warnings.append(f"No district column: {g:.0f} m grid squares serve as area units.")
    df["industry"] = wz_at_level(df["wz"], p.wz_level)
    if p.wz_level == "subclass":
        df["industry"] = _subclasses_or_classes(df["industry"], warnings)
    cats = categories or cl.load_categories()
    df["category"] = cl.categorise(df["wz"], cats)
    banded = int(df.attrs.get("banded_employees", 0))
    if banded:
        warnings.append(
            f"{banded} companies give their employees as a size band; the band's midpoint "
            "(an open top band: its lower bound) is used."
        )
    defaulted = int(df.attrs.get("defaulted_employees", 0))
    if defaulted:
        warnings.append(f"{defaulted} companies have no number of employees; each counts as 1.")
    if df.attrs.get("zero_note"):
        warnings.append(df.attrs["zero_note"])
    return Prepared(df, xy, cats)


def _subclasses_or_classes(codes: pd.Series, warnings: list[str]) -> pd.Series:
    """At subclass level: a five-digit code that is no WZ 2008 subclass (e.g. UK SIC 2007's
    62012) is read as its NACE class, and said so; NAF's lettered sub-classes stay."""
    from .codes import known_codes

    known = known_codes()
    odd = {
        c
        for c in codes.dropna().unique()
        if len(c) == 7 and c[-1].isdigit() and c not in known and c[:5] in known
    }
    if not odd:
        return codes
    sample = ", ".join(sorted(odd)[:3])
    warnings.append(
        f"{len(odd)} codes are no WZ 2008 subclass (e.g. {sample}; UK SIC 2007 subclasses?) and "
        "are read as their NACE class."
    )
    return codes.where(~codes.isin(odd), codes.str[:5])


# --- specialisation: counts, location quotients, unit and industry indices -------------------------


def _reference_by_industry(
    reference: pd.Series | None, industry_labels, level: str, warnings: list[str]
) -> np.ndarray | None:
    """Reference totals summed to `level` and aligned with the industries (0 where missing)."""
    if reference is None or not len(reference):
        return None
    ref = pd.Series(reference.to_numpy(float), index=wz_at_level(reference.index, level))
    ref = ref.groupby(level=0).sum()
    missing = [c for c in industry_labels if c not in ref.index]
    if missing:
        warnings.append(
            f"Reference totals lack {len(missing)} industries (e.g. {missing[:3]}); their LQ is 0."
        )
    return ref.reindex(industry_labels).fillna(0).to_numpy(float)


def specialisation(
    prep: Prepared, p: AnalysisParams, *, reference: pd.Series | None, warnings: list[str]
) -> Specialisation:
    df = prep.df
    weights = df["employees"].to_numpy(float) if p.measure == "employees" else None
    counts, units, industries = count_matrix(df["unit"], df["industry"], weights)
    estab, _, _ = count_matrix(
        df["unit"], df["industry"], unit_labels=units, industry_labels=industries
    )
    ref_vec = _reference_by_industry(reference, industries, p.wz_level, warnings)
    lq = location_quotient(counts, ref_vec)
    presence = (lq >= p.presence_threshold).astype(float)
    titles = {c: wz_title(c) for c in industries}
    unit_table = pd.DataFrame(
        {
            "unit": units,
            "establishments": estab.sum(axis=1),
            "employees": np.bincount(
                pd.Categorical(df["unit"], categories=units).codes,
                weights=df["employees"],
                minlength=len(units),
            ),
            "diversity": diversity(presence),
            "krugman": krugman_index(counts),
            "herfindahl": herfindahl(counts),
            "entropy": entropy(counts),
        }
    )
    industry_table = pd.DataFrame(
        {
            "industry": industries,
            "title": [titles[c] for c in industries],
            "establishments": estab.sum(axis=0),
            "value": counts.sum(axis=0),
            "ubiquity": ubiquity(presence),
            "hoover": hoover_index(counts, counts.sum(axis=1)),
            "locational_gini": locational_gini(counts),
            # the whole city against the imported reference (NaN without one)
            "lq_reference": location_quotient(counts.sum(axis=0)[None, :], ref_vec)[0]
            if ref_vec is not None
            else np.nan,
        }
    )
    return Specialisation(
        units, industries, counts, estab, ref_vec, lq, presence, titles, unit_table, industry_table
    )


# --- relatedness: proximity of industries, density around each unit, potentials --------------------


def relatedness(spec: Specialisation, p: AnalysisParams) -> Relatedness:
    phi = proximity(spec.presence)
    dens = relatedness_density(spec.presence, phi, include_diagonal=p.include_diagonal)
    pots = potentials(spec.lq, dens, spec.unit_labels, spec.industry_labels, top=p.potentials_top)
    pots["title"] = pots["industry"].map(spec.titles)
    pots["reason"] = [
        f"{r.title or r.industry}: not yet specialised in {r.unit} (LQ {r.lq:.2f}) but "
        f"{r.density:.0%} of the industries related to it (φ-weighted) are specialised there"
        for r in pots.itertuples()
    ]
    return Relatedness(phi, dens, pots)


# --- clusters: categories, stars and strong clusters -----------------------------------------------


def _reference_by_category(
    reference: pd.Series | None, category_keys, categories: tuple[cl.Category, ...]
) -> np.ndarray | None:
    if reference is None or not len(reference):
        return None
    rc = cl.categorise(pd.Series(reference.index, dtype="string"), categories)
    by_category = pd.Series(reference.to_numpy(float)).groupby(rc.to_numpy()).sum()
    return by_category.reindex(category_keys).fillna(0).to_numpy(float)


def cluster_ratings(
    prep: Prepared, spec: Specialisation, p: AnalysisParams, *, reference: pd.Series | None
) -> ClusterRatings:
    df, cats, units = prep.df, prep.categories, spec.unit_labels
    emp_c, cat_units, keys = count_matrix(
        df["unit"], df["category"], df["employees"], unit_labels=units
    )
    # one establishment per company row; a counts table's rows carry their number of establishments
    est_w = df["_establishments"].to_numpy(float) if "_establishments" in df else None
    est_c, _, _ = count_matrix(
        df["unit"], df["category"], est_w, unit_labels=units, industry_labels=keys
    )
    cat_ref = _reference_by_category(reference, keys, cats)
    rated = np.isin(keys, list(cl.rated_keys(cats)))
    stars = cl.star_ratings(
        emp_c, cat_units, keys, thresholds=p.stars, reference=cat_ref, rated=rated
    )
    strong = cl.strong_clusters(emp_c, est_c, emp_c.sum(axis=1)) & rated[None, :]
    strong_set = {(cat_units[a], keys[b]) for a, b in zip(*np.nonzero(strong), strict=True)}
    stars["strong"] = [
        (u, c) in strong_set for u, c in zip(stars.unit, stars.category, strict=True)
    ]
    names = {c.key: c.en for c in cats} | {cl.OTHER: "Other"}
    names_de = {c.key: c.de for c in cats} | {cl.OTHER: "Sonstige"}
    stars["category_name"] = stars["category"].map(names)
    stars = stars[stars.category != cl.OTHER].reset_index(drop=True)
    codes = pd.Categorical(df["category"], categories=list(keys)).codes
    return ClusterRatings(
        cat_units, keys, emp_c, est_c, cat_ref, stars, strong, names, names_de, codes
    )


# --- hotspots: Gi* grid cells, each category's strongest hotspot, dense groups (HDBSCAN) -----------


def hotspots(prep: Prepared, ratings: ClusterRatings, p: AnalysisParams) -> Hotspots:
    if prep.positioned is not None:
        mask = prep.positioned
        sub = hotspots(
            _positioned(prep),
            replace(ratings, category_codes=ratings.category_codes[mask]),
            p,
        )
        labels = np.full(len(prep.df), -1)
        labels[mask] = sub.group_labels
        return replace(sub, group_labels=labels)
    df, xy = prep.df, prep.xy
    weights = df["employees"].to_numpy(float) if p.hotspot_weight == "employees" else None
    grid = grid_hotspots(
        xy,
        cell=p.hotspot_cell_m,
        distance=p.hotspot_distance_m,
        weights=weights,
        permutations=p.hotspot_permutations,
        seed=p.seed,
    )
    by_category = {
        key: _category_hotspot(prep, ratings.category_codes == b, p)
        for b, key in enumerate(ratings.category_keys)
        if key != cl.OTHER and (ratings.category_codes == b).sum() >= p.min_category_companies
    }
    cells = grid[(grid.value > 0) | (grid.z >= HOTSPOT_Z)].reset_index(drop=True)
    labels, groups = hdbscan_groups(
        xy, min_cluster_size=p.hdbscan_min_cluster_size, min_samples=p.hdbscan_min_samples
    )
    if len(groups):
        groups["top_category"] = [
            df.loc[labels == g, "category"].mode().iat[0] for g in groups["group"]
        ]
        groups["units"] = [
            df.loc[labels == g, "unit"].value_counts().head(3).index.tolist()
            for g in groups["group"]
        ]
        span = np.ptp(xy, axis=0)
        mean_density = len(xy) / max(float(span[0] * span[1]), 1.0)
        groups["density_ratio"] = groups["size"] / groups["area_m2"].clip(lower=1) / mean_density
    return Hotspots(grid, cells, by_category, groups, labels)


def _category_hotspot(prep: Prepared, members: np.ndarray, p: AnalysisParams) -> dict[str, Any]:
    """The strongest Gi* cell of one category's companies (on the whole city's extent)."""
    xy = prep.xy
    cg = grid_hotspots(
        np.vstack([xy[members], xy.min(axis=0), xy.max(axis=0)]),
        cell=p.hotspot_cell_m,
        distance=p.hotspot_distance_m,
        weights=np.concatenate([np.ones(members.sum()), [0.0, 0.0]]),
    )
    top = cg.loc[cg.z.idxmax()]
    hot = cg.z.to_numpy() >= HOTSPOT_Z
    mpc = point_cells(xy[members], cg, p.hotspot_cell_m)
    near = np.hypot(*(xy[members] - [top.cell_x, top.cell_y]).T) <= p.hotspot_distance_m
    return {
        "hotspot_z": float(top.z),
        "hotspot_x": float(top.cell_x),
        "hotspot_y": float(top.cell_y),
        "hotspot_unit": prep.df.loc[members, "unit"][near].mode().iat[0] if near.any() else None,
        "hotspot_companies": int(hot[mpc].sum()),
    }


def point_hotspot_z(prep: Prepared, hot: Hotspots, p: AnalysisParams) -> np.ndarray:
    """Per company: the z-score of the grid cell (or zone) it lies in (NaN without the hotspot
    stage, and for zone-placed companies among point-placed ones)."""
    out = np.full(len(prep.df), np.nan)
    if hot.grid.empty:
        return out
    if prep.zones is not None:
        return hot.grid["z"].to_numpy()[prep.zones.of]
    mask = np.ones(len(prep.df), bool) if prep.positioned is None else prep.positioned
    out[mask] = hot.grid["z"].to_numpy()[point_cells(prep.xy[mask], hot.grid, p.hotspot_cell_m)]
    return out


def zone_hotspot_stage(prep: Prepared, ratings: ClusterRatings, p: AnalysisParams) -> Hotspots:
    """Gi* between zones (`spatial.zone_hotspots`): every zone holds establishments, so no hot
    zone is empty; per category its strongest zone and the z of every zone (for networks)."""
    zones, df = prep.zones, prep.df
    nz = len(zones.labels)
    weights = df["employees"].to_numpy(float) if p.hotspot_weight == "employees" else None
    values = np.bincount(zones.of, weights=weights, minlength=nz)
    grid = zone_hotspots(zones.xy, values, permutations=p.hotspot_permutations, seed=p.seed)
    grid["unit"] = zones.labels
    grid["establishments"] = np.bincount(zones.of, minlength=nz)
    grid.attrs["zones"] = True
    by_category: dict[str, dict[str, Any]] = {}
    zone_z: dict[str, np.ndarray] = {}
    for b, key in enumerate(ratings.category_keys):
        members = ratings.category_codes == b
        if key == cl.OTHER or members.sum() < p.min_category_companies:
            continue
        cv = np.bincount(zones.of[members], minlength=nz).astype(float)
        z = zone_hotspots(zones.xy, cv)["z"].to_numpy()
        z = np.where(cv > 0, z, np.minimum(z, 0.0))  # a zone without the category is no hotspot
        zone_z[key] = z
        top = int(np.argmax(np.where(cv > 0, z, -np.inf)))
        by_category[key] = {
            "hotspot_z": float(z[top]),
            "hotspot_x": float(zones.xy[top, 0]),
            "hotspot_y": float(zones.xy[top, 1]),
            "hotspot_unit": str(zones.labels[top]),
            "hotspot_companies": int((z >= HOTSPOT_Z)[zones.of[members]].sum()),
        }
    cells = grid[grid.value > 0].reset_index(drop=True)
    cells.attrs["zones"] = True
    empty = Hotspots.skipped(prep)
    return Hotspots(grid, cells, by_category, empty.groups, empty.group_labels, zone_z)


def zone_networks(
    prep: Prepared,
    spec: Specialisation,
    ratings: ClusterRatings,
    hot: Hotspots,
    p: AnalysisParams,
) -> Networks:
    """Candidate networks of a zone-placed register: per category, the connected groups of at
    least two neighbouring zones where it is concentrated (Gi* z ≥ HOTSPOT_Z, or LQ ≥ 1 next to
    such a zone); members are its establishments there, the largest of each zone in turn (so
    several zones take part), at most ``networks.max_size``. Never a single point."""
    from scipy.sparse.csgraph import connected_components

    zones, df, np_ = prep.zones, prep.df, p.networks
    nz = len(zones.labels)
    emp = df["employees"].to_numpy(float)
    zone_total = np.bincount(zones.of, weights=emp, minlength=nz)
    in_area = df["in_area"].astype("boolean") if "in_area" in df else None
    names = {k: ratings.names.get(k, k) for k in ratings.category_keys}
    rows = []
    for key, z in hot.zone_z.items():
        b = int(np.flatnonzero(ratings.category_keys == key)[0])
        members = ratings.category_codes == b
        cv = np.bincount(zones.of[members], weights=emp[members], minlength=nz)
        lq = location_quotient(np.column_stack([cv, zone_total - cv]))[:, 0]
        hot_zone = (z >= HOTSPOT_Z) & (cv > 0)
        near_hot = np.asarray(zones.neighbours[:, hot_zone].sum(axis=1)).ravel() > 0
        chosen = hot_zone | ((lq >= 1) & (cv > 0) & near_hot)
        idx = np.flatnonzero(chosen)
        if len(idx) < 2:
            continue
        n_comp, comp = connected_components(zones.neighbours[idx][:, idx], directed=False)
        for c in range(n_comp):
            comp_zones = idx[comp == c]
            if len(comp_zones) < 2 or not hot_zone[comp_zones].any():
                continue
            rows.append(_zone_candidate(prep, members, comp_zones, z, key, names, np_, in_area))
    if not rows:
        return Networks.skipped(prep)
    cand = pd.DataFrame(rows).sort_values("score", ascending=False).head(np_.top)
    cand = cand.reset_index(drop=True)
    cand.insert(0, "rank", np.arange(1, len(cand) + 1))
    labels = np.full(len(df), -1)
    for rank, rows_idx in zip(cand["rank"], cand.pop("members"), strict=True):
        free = rows_idx[labels[rows_idx] == -1]
        labels[free] = rank
    return Networks(cand, labels)


def _zone_candidate(prep, members, comp_zones, z, key, names, np_, in_area) -> dict[str, Any]:
    zones, df = prep.zones, prep.df
    rows_idx = np.flatnonzero(members & np.isin(zones.of, comp_zones))
    sub = pd.DataFrame({"row": rows_idx, "zone": zones.of[rows_idx]})
    sub["employees"] = df["employees"].to_numpy(float)[rows_idx]
    sub = sub.sort_values(["zone", "employees"], ascending=[True, False], kind="stable")
    sub["turn"] = sub.groupby("zone").cumcount()
    sub = sub.sort_values(["turn", "employees"], ascending=[True, False], kind="stable")
    chosen = sub["row"].to_numpy()[: np_.max_size]
    xy = prep.xy[chosen]
    centre = xy.mean(axis=0)
    zone_names = [str(zones.labels[k]) for k in comp_zones]
    n_zones = len(np.unique(zones.of[chosen]))
    score = float(np.clip(z[comp_zones], 0, None).mean() * np.sqrt(len(chosen)))
    share = None
    if in_area is not None and in_area.iloc[chosen].notna().any():
        share = float(in_area.iloc[chosen].fillna(False).mean())
    return {
        "community": -1,
        "size": len(chosen),
        "score": score,
        "employees": float(df["employees"].to_numpy(float)[chosen].sum()),
        "share_in_area": share,
        "cx": float(centre[0]),
        "cy": float(centre[1]),
        "median_radius_m": float(np.median(np.hypot(*(xy - centre).T))),
        "mean_text_similarity": 0.0,
        "industries": df["industry"].iloc[chosen].value_counts().head(5).to_dict(),
        "categories": {names[key]: len(chosen)},
        "terms": [],
        "company_ids": df["id"].iloc[chosen].tolist(),
        "company_names": df["name"].astype(str).iloc[chosen].tolist(),
        "zones": n_zones,
        "zone_names": zone_names,
        "reason": (
            f"{len(chosen)} establishments of {names[key]} in {n_zones} neighbouring zones "
            f"({', '.join(zone_names[:5])}{' …' if len(zone_names) > 5 else ''}) where the "
            f"category is concentrated (Gi* z ≥ {HOTSPOT_Z} between zones)."
        ),
        "members": chosen,
    }


def category_table(ratings: ClusterRatings, hot: Hotspots) -> pd.DataFrame:
    """Per category: companies, employment, city-wide LQ, best stars, strong units, hotspot."""
    city_lq = location_quotient(ratings.employment.sum(axis=0)[None, :], ratings.reference)[0]
    stars = ratings.stars
    rows = []
    for b, key in enumerate(ratings.category_keys):
        rated = stars.category == key
        rows.append(
            {
                "category": key,
                "name": ratings.names.get(key, key),
                "name_de": ratings.names_de.get(key, key),
                "companies": int((ratings.category_codes == b).sum()),
                "employees": float(ratings.employment[:, b].sum()),
                "lq": float(city_lq[b]) if ratings.reference is not None else None,
                "max_stars": int(stars.loc[rated, "stars"].max()) if rated.any() else 0,
                "strong_units": int(ratings.strong[:, b].sum()),
                "hotspot_z": None,
                "hotspot_x": None,
                "hotspot_y": None,
                "hotspot_unit": None,
                "hotspot_companies": 0,
            }
            | hot.by_category.get(key, {})
        )
    if not rows:
        return pd.DataFrame(columns=CATEGORY_COLUMNS)
    categories = pd.DataFrame(rows).sort_values("employees", ascending=False)
    return categories.reset_index(drop=True)


CATEGORY_COLUMNS = ["category", "name", "name_de", "companies", "employees", "lq", "max_stars"]
CATEGORY_COLUMNS += ["strong_units", "hotspot_z", "hotspot_x", "hotspot_y", "hotspot_unit"]
CATEGORY_COLUMNS += ["hotspot_companies"]


# --- colocation: which categories are found near which (co-location quotient) ---------------------


def colocation(prep: Prepared) -> pd.DataFrame:
    return colocation_quotient(prep.xy, prep.df["category"])


# --- networks: candidate networks of related, nearby companies ------------------------------------


def network_inputs(prep: Prepared, spec: Specialisation) -> NetworkInputs:
    text_x, vectoriser = tfidf_matrix(prep.df["competences"])
    codes = pd.Categorical(prep.df["industry"], categories=spec.industry_labels).codes
    phi_any = proximity((spec.counts > 0).astype(float))
    return NetworkInputs(codes.astype(np.int64), phi_any, text_x, vectoriser)


def networks(
    prep: Prepared,
    spec: Specialisation,
    ratings: ClusterRatings,
    inputs: NetworkInputs,
    p: AnalysisParams,
) -> Networks:
    if prep.positioned is not None:
        mask = prep.positioned
        sub_inputs = replace(
            inputs, industry_codes=inputs.industry_codes[mask], text_x=inputs.text_x[mask]
        )
        sub_ratings = replace(ratings, category_codes=ratings.category_codes[mask])
        sub = networks(_positioned(prep), spec, sub_ratings, sub_inputs, p)
        labels = np.full(len(prep.df), -1)
        labels[mask] = sub.labels
        return Networks(sub.candidates, labels)
    candidates, labels = candidate_networks(
        prep.df,
        industry_codes=inputs.industry_codes,
        industry_labels=np.asarray(spec.industry_labels),
        category_codes=np.asarray(ratings.category_codes, np.int64),
        category_labels=[ratings.names.get(k, k) for k in ratings.category_keys],
        proximity=inputs.proximity_any,
        text_x=inputs.text_x,
        vectoriser=inputs.vectoriser,
        params=p.networks,
        industry_titles=spec.titles,
    )
    return Networks(candidates, labels)


# --- partners: an index that answers "who would fit this company" ---------------------------------


def partners(
    prep: Prepared, spec: Specialisation, inputs: NetworkInputs, p: AnalysisParams
) -> PartnerIndex:
    return PartnerIndex(
        prep.df,
        industry=inputs.industry_codes,
        industry_labels=np.asarray(spec.industry_labels),
        relatedness=inputs.proximity_any,
        text_x=inputs.text_x,
        params=p.partners,
        industry_titles=spec.titles,
    )
