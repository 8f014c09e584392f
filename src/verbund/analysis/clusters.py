"""Cluster categories, European Cluster Observatory stars and US Cluster Mapping strong clusters.

The WZ/NACE → category mapping is a data file (longest prefix wins). Two are built in
(`BUILT_IN`): ``traded`` (``cluster_categories_traded.toml``: the US Cluster Mapping traded and
local clusters carried over to NACE Rev. 2, source and rules in its header) and ``city``
(``cluster_categories.toml``: the cluster fields a German city's development office looks at).
Pass a name or another file to :func:`load_categories`. Categories with ``traded = false`` (local
clusters) and "other" take no part in the star cut-offs.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .specialisation import _safe_div, location_quotient

CATEGORIES_FILE = Path(__file__).with_name("cluster_categories.toml")
TRADED_FILE = Path(__file__).with_name("cluster_categories_traded.toml")
BUILT_IN = {"traded": TRADED_FILE, "city": CATEGORIES_FILE}
"""Named category sets (``verbund analyze --categories traded``)."""
OTHER = "other"

__all__ = [
    "BUILT_IN",
    "CATEGORIES_FILE",
    "TRADED_FILE",
    "Category",
    "StarThresholds",
    "categories_from_records",
    "categories_from_toml",
    "categories_to_records",
    "categorise",
    "load_categories",
    "star_ratings",
    "strong_clusters",
]


@dataclass(frozen=True)
class Category:
    key: str
    en: str
    de: str
    prefixes: tuple[str, ...]
    traded: bool = True
    """False for local (non-traded) clusters and "other": no stars, not in the star cut-offs."""


@lru_cache(maxsize=8)
def load_categories(path: str | Path = CATEGORIES_FILE) -> tuple[Category, ...]:
    """Read a category file (TOML, see `categories_from_toml`) or a `BUILT_IN` set by name."""
    if isinstance(path, str) and path in BUILT_IN:
        path = BUILT_IN[path]
    return categories_from_toml(Path(path).read_text(encoding="utf-8"))


def categories_from_toml(text: str) -> tuple[Category, ...]:
    """Categories from TOML text: ``[key] en, de, prefixes[, traded]``; a section ``[other]``
    lists codes that belong to no category (inside a category's broader prefix). Raises
    ValueError naming the section and what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not a TOML file: {exc}") from None
    out = []
    for key, v in data.items():
        if not isinstance(v, dict):
            raise ValueError(f"'{key}' must be a section [{key}] with en, de and prefixes")
        prefixes = v.get("prefixes")
        if not isinstance(prefixes, list) or not prefixes:
            raise ValueError(f"category [{key}] needs a list of prefixes")
        if not isinstance(v.get("en", key), str):
            raise ValueError(f"category [{key}]: en must be text")
        traded = bool(v.get("traded", True)) and key != OTHER
        name = str(v.get("en", key))
        out.append(Category(key, name, str(v.get("de", name)), tuple(map(str, prefixes)), traded))
    if not out:
        raise ValueError("the file defines no category")
    return tuple(out)


def categories_to_records(categories: tuple[Category, ...]) -> list[dict]:
    """Plain JSON records (stored with a web run's parameters)."""
    return [asdict(c) | {"prefixes": list(c.prefixes)} for c in categories]


def categories_from_records(records: list[dict]) -> tuple[Category, ...]:
    return tuple(
        Category(r["key"], r["en"], r["de"], tuple(r["prefixes"]), bool(r.get("traded", True)))
        for r in records
    )


def rated_keys(categories: tuple[Category, ...]) -> set[str]:
    """The keys that take part in the star cut-offs (traded categories, never "other")."""
    return {c.key for c in categories if c.traded and c.key != OTHER}


def categorise(wz_codes, categories: tuple[Category, ...] | None = None) -> pd.Series:
    """Category key per dotted WZ code by longest prefix; ``"other"`` when nothing matches.

    Vectorised over the distinct codes only, so millions of rows cost a handful of lookups.
    """
    cats = categories or load_categories()
    table = sorted(((p, c.key) for c in cats for p in c.prefixes), key=lambda t: -len(t[0]))
    s = pd.Series(wz_codes, dtype="string")
    uniq = s.dropna().unique()
    mapping = {}
    for code in uniq:
        mapping[code] = next((k for p, k in table if code == p or code.startswith(p)), OTHER)
    return s.map(mapping).fillna(OTHER).astype("string")


@dataclass(frozen=True)
class StarThresholds:
    """European Cluster Observatory star criteria (Ketels & Protsiv 2014 methodology).

    One star each for *size* (employment in the top ``size_quantile`` of all unit × category
    cells with employment), *specialisation* (LQ ≥ ``lq_min``) and *focus* (the category's share of
    the unit's employment in the top ``focus_quantile`` of such shares). The Observatory used the
    top 10 % and LQ ≥ 2 across European regions; change them for a single city's districts.
    """

    size_quantile: float = 0.9
    lq_min: float = 2.0
    focus_quantile: float = 0.9


def star_ratings(
    employment: np.ndarray,
    unit_labels,
    category_labels,
    *,
    thresholds: StarThresholds = StarThresholds(),
    reference: np.ndarray | None = None,
    rated: np.ndarray | None = None,
) -> pd.DataFrame:
    """Stars 0–3 per unit × category with the three criteria; long DataFrame, best first.

    ``employment``: units × categories (all of the units' employment, so that LQ and focus are
    shares of the whole). ``reference``: optional category totals for the LQ. ``rated``: boolean
    per category column, the ones that are rated (default all); only their cells set the size and
    focus cut-offs and appear in the result, so "other" and local clusters deflate no star.
    """
    e = np.asarray(employment, float)
    lq = location_quotient(e, reference)
    focus = _safe_div(e, e.sum(axis=1, keepdims=True))
    rated_cols = np.ones(e.shape[1], bool) if rated is None else np.asarray(rated, bool)
    pos = (e > 0) & rated_cols[None, :]
    size_thr = float(np.quantile(e[pos], thresholds.size_quantile)) if pos.any() else np.inf
    focus_thr = float(np.quantile(focus[pos], thresholds.focus_quantile)) if pos.any() else np.inf
    size_star = pos & (e >= size_thr)
    spec_star = pos & (lq >= thresholds.lq_min)
    focus_star = pos & (focus >= focus_thr)
    stars = size_star.astype(int) + spec_star + focus_star
    ui, ci = np.nonzero(pos)
    df = pd.DataFrame(
        {
            "unit": np.asarray(unit_labels)[ui],
            "category": np.asarray(category_labels)[ci],
            "employment": e[ui, ci],
            "lq": lq[ui, ci],
            "focus": focus[ui, ci],
            "size_star": size_star[ui, ci],
            "specialisation_star": spec_star[ui, ci],
            "focus_star": focus_star[ui, ci],
            "stars": stars[ui, ci],
        }
    )
    df.attrs["thresholds"] = {**asdict(thresholds), "size_min": size_thr, "focus_min": focus_thr}
    return df.sort_values(["stars", "employment"], ascending=False).reset_index(drop=True)


def strong_clusters(
    employment: np.ndarray, establishments: np.ndarray, total_employment: np.ndarray
) -> np.ndarray:
    """US Cluster Mapping "strong cluster" flag per unit × category (Delgado, Porter & Stern 2014).

    ``LQ_ic = (E_ic / T_i) / (Σ_i E_ic / Σ_i T_i)`` with ``T`` the unit's total employment. A
    cell is strong when ``LQ ≥ max(1, P75(LQ))`` and employment and establishments are both
    above their P25 — percentiles per category over the comparable units, i.e. units with
    employment in that category. Returns a boolean array of the same shape as ``employment``.

    ``employment`` and ``establishments`` are units × categories (2-D), or one value per unit for a
    single category (1-D, then one flag per unit is returned); ``total_employment`` has one value
    per unit.
    """
    e = np.asarray(employment, float)
    n = np.asarray(establishments, float)
    t = np.asarray(total_employment, float).reshape(-1)
    if e.ndim == 1 and n.ndim == 1:
        return strong_clusters(e[:, None], n[:, None], t)[:, 0]
    if e.ndim != 2 or e.shape != n.shape or e.shape[0] != t.shape[0]:
        raise ValueError(
            "employment and establishments must have the same shape, units × categories (2-D) "
            f"or one value per unit (1-D), with one total per unit; got {e.shape}, {n.shape} "
            f"and {t.shape}"
        )
    lq = _safe_div(_safe_div(e, t[:, None]), _safe_div(e.sum(axis=0), t.sum())[None, :])
    comparable = e > 0
    nanlq = np.where(comparable, lq, np.nan)
    nane = np.where(comparable, e, np.nan)
    nann = np.where(comparable, n, np.nan)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lq75 = np.nanpercentile(nanlq, 75, axis=0)
            e25 = np.nanpercentile(nane, 25, axis=0)
            n25 = np.nanpercentile(nann, 25, axis=0)
    lq_thr = np.fmax(1.0, lq75)
    return comparable & (lq >= lq_thr[None, :]) & (e > e25[None, :]) & (n > n25[None, :])
