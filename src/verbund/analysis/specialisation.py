"""Specialisation and concentration indices on unit × industry matrices.

All functions take ``counts``: a 2-D array, rows = area units (districts, cities), columns =
industries, cells = establishments or employees. They are hand-written numpy (a few lines each)
because the reference packages either need R (EconGeo) or long-format DataFrames (ecomplexity) and
are too slow at 400 × 839 × many runs; tests pin them to ecomplexity and hand-computed numbers.
Zero-division cells become 0 (an empty unit or industry is not specialised in anything).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "binary_presence",
    "count_matrix",
    "diversity",
    "entropy",
    "herfindahl",
    "hoover_index",
    "krugman_index",
    "location_quotient",
    "locational_gini",
    "ubiquity",
]


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(a, b)
    return np.where(np.isfinite(out), out, 0.0)


def count_matrix(
    units: np.ndarray | pd.Series,
    industries: np.ndarray | pd.Series,
    weights: np.ndarray | None = None,
    *,
    unit_labels: np.ndarray | None = None,
    industry_labels: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-tabulate long data (one row per establishment) into a dense unit × industry matrix.

    Uses ``np.bincount`` on combined integer codes: O(n) and no pandas pivot. Returns
    ``(matrix, unit_labels, industry_labels)``. Categorical inputs reuse their codes (fast path
    for Parquet dictionary columns).
    """

    def codes(v, labels):
        if labels is not None:
            cat = pd.Categorical(v, categories=labels)
            return cat.codes.astype(np.int64), np.asarray(labels)
        if isinstance(v, pd.Series) and isinstance(v.dtype, pd.CategoricalDtype):
            return v.cat.codes.to_numpy(np.int64), np.asarray(v.cat.categories)
        c, u = pd.factorize(np.asarray(v), sort=True)
        return c.astype(np.int64), np.asarray(u)

    ui, ul = codes(units, unit_labels)
    ii, il = codes(industries, industry_labels)
    ok = (ui >= 0) & (ii >= 0)
    w = None if weights is None else np.asarray(weights, float)[ok]
    flat = ui[ok] * len(il) + ii[ok]
    m = np.bincount(flat, weights=w, minlength=len(ul) * len(il)).reshape(len(ul), len(il))
    return m.astype(float), ul, il


def location_quotient(counts: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """Location quotient / Balassa RCA.

    ``LQ_ij = (x_ij / x_i.) / (r_j / r_.)`` with ``r = x_.j`` (column totals of ``counts``) by
    default, or a 1-D ``reference`` vector of industry totals (e.g. national employment by WZ
    division). Balassa (1965); Hidalgo et al. (2007) call it RCA.
    """
    x = np.asarray(counts, float)
    r = x.sum(axis=0) if reference is None else np.asarray(reference, float)
    share_unit = _safe_div(x, x.sum(axis=1, keepdims=True))
    share_ref = _safe_div(r, r.sum())
    return _safe_div(share_unit, share_ref[np.newaxis, :])


def binary_presence(counts: np.ndarray, threshold: float = 1.0, reference=None) -> np.ndarray:
    """``M_ij = 1`` where ``LQ_ij ≥ threshold`` (Hidalgo & Hausmann 2009), else 0; as float."""
    return (location_quotient(counts, reference) >= threshold).astype(float)


def diversity(presence: np.ndarray) -> np.ndarray:
    """Diversity of each unit: ``k_i = Σ_j M_ij`` (Hidalgo & Hausmann 2009)."""
    return np.asarray(presence, float).sum(axis=1)


def ubiquity(presence: np.ndarray) -> np.ndarray:
    """Ubiquity of each industry: ``k_j = Σ_i M_ij`` (Hidalgo & Hausmann 2009)."""
    return np.asarray(presence, float).sum(axis=0)


def krugman_index(counts: np.ndarray) -> np.ndarray:
    """Krugman specialisation index per unit: ``K_i = Σ_j |x_ij/x_i. − x_.j/x_..|`` (0..2).

    Krugman (1991), *Geography and Trade*; same as EconGeo's ``krugman_index`` (share of the
    unit against the share of all units together).
    """
    x = np.asarray(counts, float)
    s_unit = _safe_div(x, x.sum(axis=1, keepdims=True))
    s_tot = _safe_div(x.sum(axis=0), x.sum())
    return np.abs(s_unit - s_tot[np.newaxis, :]).sum(axis=1)


def herfindahl(counts: np.ndarray) -> np.ndarray:
    """Herfindahl–Hirschman index per unit: ``H_i = Σ_j (x_ij / x_i.)²`` (1/J..1)."""
    x = np.asarray(counts, float)
    s = _safe_div(x, x.sum(axis=1, keepdims=True))
    return (s * s).sum(axis=1)


def entropy(counts: np.ndarray) -> np.ndarray:
    """Shannon entropy per unit in bits: ``E_i = −Σ_j s_ij log2 s_ij`` with ``0·log 0 = 0``.

    Frenken, Van Oort & Verburg (2007) use it for (related/unrelated) variety.
    """
    x = np.asarray(counts, float)
    s = _safe_div(x, x.sum(axis=1, keepdims=True))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(s > 0, s * np.log2(np.where(s > 0, s, 1.0)), 0.0)
    return -t.sum(axis=1)


def hoover_index(values: np.ndarray, population: np.ndarray) -> np.ndarray | float:
    """Hoover index of concentration: ``H = ½ Σ_i |v_i/V − p_i/P|`` (0 = spread like population).

    ``values`` is 1-D (units) or 2-D (units × industries, one index per industry); ``population``
    is the 1-D base per unit (residents, or all employment). Hoover (1936).
    """
    v = np.asarray(values, float)
    p = np.asarray(population, float)
    ps = _safe_div(p, p.sum())
    if v.ndim == 1:
        return float(0.5 * np.abs(_safe_div(v, v.sum()) - ps).sum())
    vs = _safe_div(v, v.sum(axis=0, keepdims=True))
    return 0.5 * np.abs(vs - ps[:, np.newaxis]).sum(axis=0)


def locational_gini(counts: np.ndarray) -> np.ndarray:
    """Locational Gini per industry (Krugman 1991): Gini of the industry's localisation curve.

    Units are sorted by LQ; with cumulative shares of all activity ``X`` and of the industry ``Y``
    ``G_j = 1 − Σ_k (X_k − X_{k−1})(Y_k + Y_{k−1})``. 0 = distributed like all activity; → 1 =
    concentrated in a tiny unit. Empty industries get 0.
    """
    x = np.asarray(counts, float)
    tot = x.sum(axis=1)
    lq = location_quotient(x)
    order = np.argsort(lq, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    ts = tot[order]
    X = np.vstack([np.zeros(x.shape[1]), np.cumsum(_safe_div(ts, tot.sum()), axis=0)])
    Y = np.vstack([np.zeros(x.shape[1]), np.cumsum(_safe_div(xs, xs.sum(axis=0)), axis=0)])
    g = 1.0 - ((X[1:] - X[:-1]) * (Y[1:] + Y[:-1])).sum(axis=0)
    return np.where(x.sum(axis=0) > 0, g, 0.0)
