"""The second input shape: a counts table, one row per unit × industry (e.g. Eurostat SBS).

Columns ``unit``, ``industry``, ``employees`` and optionally ``establishments`` (other names can be
given, e.g. Eurostat's ``geo``, ``nace_r2``, ``n2015``). What this module does with such a table:

- **Flagged and confidential cells are missing, not numbers.** A cell counts only when it is a plain
  number (``1234``, ``1234.5``); blank, ``:``, ``1234 d`` (a Eurostat flag), ``12:00 AM`` (a
  spreadsheet artefact) are missing and reported with their number in the warnings.
- **Mixed industry levels are never summed.** Codes are read as NACE (``C29``, ``G451``, ``29.10``,
  ``2910``; a section letter ``B`` is a section). Of the levels present, the finest one whose codes
  cover every code of the coarser levels is used (by code presence, so a confidential cell does not
  push the level up); the warnings say which.
- **Nested units are never summed.** When unit codes nest by prefix (NUTS-style codes: ``AT``,
  ``AT1``, ``AT11``), only the finest level is kept, or the codes of ``unit_level`` characters.
  Plain names never nest.
- LQ = (E_ui / E_u) / (E_i / E), all sums over the analysed table (or ``reference`` totals).

Only the stages that need no positions run: specialisation, relatedness and clusters (stars and the
US Cluster Mapping strong-cluster test, which needs ``establishments``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from . import clusters as cl
from .codes import ambiguity_message, read_lost_zeros
from .pipeline import (
    PROGRESS,
    AnalysisParams,
    ClusterRatings,
    Hotspots,
    Networks,
    Prepared,
    Progress,
    Relatedness,
    SiteAnalysisResult,
    Specialisation,
    category_table,
    cluster_ratings,
    relatedness,
)
from .specialisation import (
    diversity,
    entropy,
    herfindahl,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    ubiquity,
)
from .titles import industry_title

COUNT_STAGES = ("specialisation", "relatedness", "clusters")
"""The stages a counts table supports (hotspots, co-location, networks and partners need positions)."""
DEFAULT_CATEGORIES = "traded"
"""Regional statistics are compared by the standard traded clusters (`clusters.BUILT_IN`)."""
NUTS_LIKE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")

# NACE Rev. 2 sections by their divisions (first two digits)
_SECTIONS = [
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
]  # fmt: skip


def section_of(division: str) -> str | None:
    d = int(division[:2])
    return next((s for s, lo, hi in _SECTIONS if lo <= d <= hi), None)


def nace_digits(code: str) -> str | None:
    """The digits of a NACE code without its section letter: "C29" → "29", "G451" → "451",
    "29.10" → "2910"; a bare section letter → "" ; None when it is no NACE code."""
    raw = str(code).strip().upper().replace(" ", "")
    if re.fullmatch(r"[A-U]", raw):
        return ""
    raw = re.sub(r"^(\d{2}\.?\d{2})[A-Z]$", r"\1", raw)  # NAF "6420Z": the NACE class
    m = re.fullmatch(r"([A-U])?(\d{2}(?:\.?\d{1,2}){0,2})", raw)
    if not m:
        return None
    digits = m.group(2).replace(".", "")
    if m.group(1) and section_of(digits) != m.group(1):
        return None  # "C06": division 06 is not in section C
    return digits if 2 <= len(digits) <= 4 else None


def parse_cells(values: pd.Series) -> tuple[pd.Series, int]:
    """Plain non-negative numbers as floats; every other cell (blank, ":", "1234 d", "12:00 AM",
    "-5", "inf") is missing. Returns the numbers and how many cells were missing."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object).str.strip(), errors="coerce")
    numbers = numbers.astype(float)
    valid = np.isfinite(numbers.to_numpy()) & (numbers.to_numpy() >= 0)
    return numbers.where(valid), int((~valid).sum())


def read_counts(
    path: str | Path,
    *,
    unit: str = "unit",
    industry: str = "industry",
    employees: str = "employees",
    establishments: str | None = "establishments",
    unit_name: str | None = None,
) -> pd.DataFrame:
    """Read a counts table (CSV with ``,``/``;``/tab, or XLSX) into columns ``unit, industry,
    employees[, establishments][, unit_name]`` as text; flagged cells become NaN later (see
    `parse_cells`). ``unit_name``: the column of the units' names (default: ``unit_name``,
    ``name`` or ``label`` when present)."""
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raw = pd.read_excel(path, dtype=str, keep_default_na=False)
    else:
        raw = pd.read_csv(path, sep=_delimiter(path), dtype=str, keep_default_na=False)
    raw.columns = [str(c).strip() for c in raw.columns]
    lower = {c.lower(): c for c in raw.columns}

    def column(name: str | None, *, required: bool) -> str | None:
        if name is None:
            return None
        found = lower.get(name.lower())
        if found is None and required:
            raise ValueError(
                f"counts table needs a column '{name}' (columns: {', '.join(raw.columns)})"
            )
        return found

    out = pd.DataFrame(
        {
            "unit": raw[column(unit, required=True)].str.strip(),
            "industry": raw[column(industry, required=True)].str.strip(),
            "employees": raw[column(employees, required=True)],
        }
    )
    est = column(establishments, required=False)
    if est is not None:
        out["establishments"] = raw[est]
    names = column(unit_name, required=True) if unit_name else None
    names = names or next(
        (lower[c] for c in UNIT_NAME_COLUMNS if c in lower and lower[c] != out.columns[0]), None
    )
    if names is not None and names not in {column(unit, required=True)}:
        out["unit_name"] = raw[names].str.strip()
    return out


UNIT_NAME_COLUMNS = ("unit_name", "name", "label", "geo_name", "region_name")


def _delimiter(path: Path) -> str:
    """The CSV's delimiter (``,``, ``;`` or tab) from its first lines, so that pandas' fast C
    parser reads the file (its delimiter sniffing needs the slow Python parser)."""
    import csv

    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        head = f.read(8192)
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _levels(codes: pd.Series) -> pd.Series:
    """Per code: 1 for a section, else its number of digits (2 division, 3 group, 4 class);
    NaN for codes that are no NACE code."""
    level = {}
    for code in pd.unique(codes):
        d = nace_digits(code)
        level[code] = np.nan if d is None else (1 if d == "" else len(d))
    return codes.map(level).astype(float)


def choose_industry_level(codes: Iterable[str]) -> int:
    """The finest level whose codes cover every coarser code present (see module docstring)."""
    uniq = pd.Series(sorted(set(codes)), dtype=object)
    levels = _levels(uniq)
    present = sorted(int(v) for v in set(levels.dropna()))
    if not present:
        raise ValueError("no NACE industry codes in the table")
    digits = {c: nace_digits(c) for c in uniq}
    for level in reversed(present):
        fine = [digits[c] for c, v in zip(uniq, levels, strict=True) if v == level]
        covered = True
        for c, v in zip(uniq, levels, strict=True):
            if np.isnan(v) or v >= level:
                continue
            if v == 1:
                ok = any(section_of(f) == c.strip().upper() for f in fine)
            else:
                ok = any(f.startswith(digits[c]) for f in fine)
            if not ok:
                covered = False
                break
        if covered:
            return level
    return present[0]


def choose_units(units: Iterable[str], unit_level: int | None = None) -> set[str]:
    """The units to analyse: all, unless NUTS-style codes nest; then those of the finest length
    (or of `unit_level` characters)."""
    uniq = sorted(set(units))
    nuts = all(NUTS_LIKE.match(u) for u in uniq)
    nested = nuts and any(
        b != a and b.startswith(a) for a in uniq for b in uniq if len(b) == len(a) + 1
    )
    if unit_level is not None:
        if not nuts:
            raise ValueError("--unit-level needs unit codes that nest by prefix (NUTS-style)")
        return {u for u in uniq if len(u) == unit_level}
    if not nested:
        return set(uniq)
    finest = max(len(u) for u in uniq)
    return {u for u in uniq if len(u) == finest}


def industry_key(code: str) -> str:
    """The dotted WZ/NACE code that cluster categories match ("C29" → "29", "G451" → "45.1")."""
    d = nace_digits(code) or ""
    if len(d) <= 2:
        return d
    return d[:2] + "." + d[2:]


LEVEL_NAMES = {1: "sections", 2: "divisions", 3: "groups", 4: "classes"}


def run_counts_analysis(
    table: pd.DataFrame,
    *,
    params: AnalysisParams | None = None,
    reference: pd.Series | None = None,
    unit_level: int | None = None,
    stages: Iterable[str] | None = None,
    progress: Progress | None = None,
    categories: tuple[cl.Category, ...] | None = None,
) -> SiteAnalysisResult:
    """Specialisation, relatedness and cluster stars of a counts table (see the module docstring).

    ``reference``: totals per industry code as written in the table (LQ against them instead).
    ``result.cells`` holds every unit × industry cell with employment: unit (as given), industry
    (the table's NACE code), employees, establishments, lq.
    """
    p = params or AnalysisParams()
    report = progress or (lambda f, m: None)
    wanted = set(COUNT_STAGES if stages is None else stages) - {"report"}
    unsupported = wanted - set(COUNT_STAGES)
    if unsupported:
        raise ValueError(
            f"a counts table has no positions: stage(s) {', '.join(sorted(unsupported))} need "
            "establishments with coordinates"
        )
    timings: dict[str, float] = {}
    warnings: list[str] = []
    t0 = time.perf_counter()
    report(0.0, "prepare")

    df = table.copy()
    df["unit"] = df["unit"].astype(str).str.strip()
    df["industry"] = df["industry"].astype(str).str.strip()
    df["employees"], flagged = parse_cells(df["employees"])
    if flagged:
        warnings.append(
            f"{flagged} of {len(df)} employment cells are blank, confidential or flagged "
            "(e.g. ':' or '1234 d'); they are read as missing, not as numbers."
        )
    has_est = "establishments" in df
    if has_est:
        df["establishments"], flagged_est = parse_cells(df["establishments"])
        if flagged_est:
            warnings.append(f"{flagged_est} establishment cells are missing or flagged.")
    else:
        warnings.append(
            "No establishments column: the strong-cluster test (which needs them) finds none."
        )
        df["establishments"] = np.nan
    reading = read_lost_zeros(df["industry"].unique())
    if reading.ambiguous:
        raise ValueError(ambiguity_message(df["industry"], reading.ambiguous, column="industry"))
    if reading.restored:
        df["industry"] = df["industry"].map(reading.restored).fillna(df["industry"])
        warnings.append(reading.note())
    levels = _levels(df["industry"])
    unknown = df.loc[levels.isna(), "industry"].unique()
    if len(unknown):
        warnings.append(
            f"{len(unknown)} industry codes are no NACE codes and were left out "
            f"(e.g. {', '.join(map(str, unknown[:3]))})."
        )
    level = choose_industry_level(df.loc[levels.notna(), "industry"].unique())
    if len(set(levels.dropna())) > 1:
        warnings.append(
            f"Industry codes at several levels: the {LEVEL_NAMES[level]} are analysed "
            "(the finest level covering the coarser codes); the other levels are not summed in."
        )
    df = df[levels == level]
    units = choose_units(df["unit"].unique(), unit_level)
    if len(units) < df["unit"].nunique():
        length = len(next(iter(units))) if units else 0
        warnings.append(
            f"Unit codes nest (e.g. NUTS levels): only the {len(units)} units with codes of "
            f"{length} characters are analysed, never sums across levels."
        )
    unit_names = (
        df.dropna(subset=["unit_name"]).groupby("unit")["unit_name"].first().to_dict()
        if "unit_name" in df
        else {}
    )
    df = df[df["unit"].isin(units) & df["employees"].notna()]
    if df.empty:
        raise ValueError("no unit × industry cell with a number of employees")
    df = df.groupby(["unit", "industry"], as_index=False, sort=True)[
        ["employees", "establishments"]
    ].sum(min_count=1)

    unit_labels = np.asarray(sorted(df["unit"].unique()), dtype=object)
    industry_labels = np.asarray(sorted(df["industry"].unique()), dtype=object)
    e = (
        df.pivot(index="unit", columns="industry", values="employees")
        .reindex(index=unit_labels, columns=industry_labels)
        .fillna(0.0)
        .to_numpy(float)
    )
    n = (
        df.pivot(index="unit", columns="industry", values="establishments")
        .reindex(index=unit_labels, columns=industry_labels)
        .fillna(0.0)
        .to_numpy(float)
    )
    ref_vec = None
    if reference is not None and len(reference):
        ref_vec = reference.reindex(industry_labels).fillna(0).to_numpy(float)
    counts = e if p.measure == "employees" else n
    lq = location_quotient(counts, ref_vec)
    presence = (lq >= p.presence_threshold).astype(float)
    unit_table = pd.DataFrame(
        {
            "unit": unit_labels,
            "name": [unit_names.get(u, "") for u in unit_labels],
            "establishments": n.sum(axis=1),
            "employees": e.sum(axis=1),
            "diversity": diversity(presence),
            "krugman": krugman_index(counts),
            "herfindahl": herfindahl(counts),
            "entropy": entropy(counts),
        }
    )
    industry_table = pd.DataFrame(
        {
            "industry": industry_labels,
            "title": [industry_title(c, "en") for c in industry_labels],
            "establishments": n.sum(axis=0),
            "value": counts.sum(axis=0),
            "ubiquity": ubiquity(presence),
            "hoover": hoover_index(counts, counts.sum(axis=1)),
            "locational_gini": locational_gini(counts),
            "lq_reference": location_quotient(counts.sum(axis=0)[None, :], ref_vec)[0]
            if ref_vec is not None
            else np.nan,
        }
    )
    spec = Specialisation(
        unit_labels,
        industry_labels,
        counts,
        n,
        ref_vec,
        lq,
        presence,
        {},
        unit_table,
        industry_table,
    )

    def tick(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        timings[name] = round(now - t0, 4)
        t0 = now
        report(PROGRESS[name], name)

    # one row per cell for the category stage: employment and establishments as weights
    cats = categories or cl.load_categories(DEFAULT_CATEGORIES)
    rows = df.assign(
        category=cl.categorise(
            df["industry"].map({c: industry_key(c) for c in df["industry"].unique()}), cats
        ).to_numpy(),
        _establishments=df["establishments"].fillna(0.0),
        x=np.nan,
        y=np.nan,
    )
    prep = Prepared(rows.reset_index(drop=True), np.full((len(rows), 2), np.nan), cats)
    tick("prepare")
    tick("specialisation")
    rel = relatedness(spec, p) if "relatedness" in wanted else Relatedness.skipped(spec)
    if "relatedness" in wanted:
        tick("relatedness")
    if "clusters" in wanted:
        ratings = cluster_ratings(prep, spec, p, reference=None)
        tick("clusters")
    else:
        ratings = ClusterRatings.skipped(prep, spec)
    report(1.0, "done")

    ui, ii = np.nonzero(e > 0)
    cells = pd.DataFrame(
        {
            "unit": unit_labels[ui],
            "industry": industry_labels[ii],
            "employees": e[ui, ii],
            "establishments": n[ui, ii] if has_est else np.nan,
            "lq": lq[ui, ii],
        }
    )
    keep = ["id", "name", "wz", "industry", "category", "employees", "x", "y", "unit"]
    empty_companies = pd.DataFrame(columns=[*keep, "hotspot_z", "group", "network"])
    hot = Hotspots.skipped(Prepared(rows.head(0), np.zeros((0, 2)), cats))
    return SiteAnalysisResult(
        params=p,
        companies=empty_companies,
        units=unit_table,
        industries=industry_table,
        unit_labels=unit_labels,
        industry_labels=industry_labels,
        counts=counts,
        lq=lq,
        density=rel.density,
        proximity=rel.proximity,
        potentials=rel.potentials,
        stars=ratings.stars,
        categories=category_table(ratings, hot),
        hotspots=hot.cells,
        groups=hot.groups,
        colocation=pd.DataFrame(),
        candidates=Networks.skipped(Prepared(rows.head(0), np.zeros((0, 2)), cats)).candidates,
        warnings=warnings,
        timings=timings,
        cells=cells,
        industry_level={1: "section", 2: "division", 3: "group", 4: "class"}[level],
    )


def strongest_specialisations(
    cells: pd.DataFrame, *, per_unit: int = 10, min_employees: float = 100
) -> pd.DataFrame:
    """Per unit its `per_unit` highest LQs among industries with at least `min_employees`,
    with the industry's share of the unit's employment."""
    total = cells.groupby("unit")["employees"].transform("sum")
    out = cells.assign(share=cells["employees"] / total)
    out = out[out["employees"] >= min_employees]
    out = out.sort_values(["unit", "lq"], ascending=[True, False])
    return out.groupby("unit", sort=True).head(per_unit).reset_index(drop=True)
