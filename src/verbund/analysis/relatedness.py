"""Industry relatedness: co-occurrence, proximity, EconGeo similarity measures, density, potentials.

Hand-written numpy (matrix products on at most a few thousand industries) so it runs on the same
arrays as the rest; pinned to ``ecomplexity`` (proximity, density) and EconGeo's published formulas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .specialisation import _safe_div

__all__ = [
    "co_occurrence",
    "potentials",
    "proximity",
    "relatedness",
    "relatedness_density",
]


def co_occurrence(presence: np.ndarray) -> np.ndarray:
    """``C_pq = Σ_i M_ip M_iq``: number of units where industries p and q are both present."""
    m = np.asarray(presence, float)
    return m.T @ m


def proximity(presence: np.ndarray) -> np.ndarray:
    """Hidalgo's proximity: ``φ_pq = C_pq / max(u_p, u_q)`` (minimum conditional probability).

    ``u`` = ubiquity (``C_pp``). Hidalgo, Klinger, Barabási & Hausmann (2007), *Science* 317.
    The diagonal is 1 for present industries and 0 for industries present nowhere (ecomplexity
    leaves those NaN).
    """
    c = co_occurrence(presence)
    u = np.diag(c).copy()
    return _safe_div(c, np.maximum(u[:, None], u[None, :]))


def relatedness(cooccurrence: np.ndarray, method: str = "prob") -> np.ndarray:
    """EconGeo's normalisations of a co-occurrence matrix (van Eck & Waltman 2009; Steijn 2017).

    With the diagonal set to 0, ``s_i = Σ_j c_ij`` and ``T = Σ_ij c_ij``:

    * ``association``: ``(c_ij/T) / ((s_i/T)(s_j/T))``
    * ``cosine``: ``c_ij / sqrt(s_i s_j)``
    * ``jaccard``: ``c_ij / (s_i + s_j − c_ij)``
    * ``prob`` (default, probability index): ``c_ij / (T/2 · ((s_i/T)(s_j/(T−s_i)) +
      (s_j/T)(s_i/(T−s_j))))``

    Values > 1 (association, prob) mean more co-occurrence than expected by chance. Diagonal 0.
    """
    c = np.array(cooccurrence, float)
    np.fill_diagonal(c, 0.0)
    s = c.sum(axis=0)
    si, sj = s[:, None], s[None, :]
    t = c.sum()
    method = method.lower()
    if method == "association":
        out = _safe_div(c / t if t else c, (si / t) * (sj / t) if t else np.zeros_like(c))
    elif method == "cosine":
        out = _safe_div(c, np.sqrt(si * sj))
    elif method == "jaccard":
        out = _safe_div(c, si + sj - c)
    elif method == "prob":
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = ((si / t) * (sj / (t - si)) + (sj / t) * (si / (t - sj))) * (t / 2)
        out = _safe_div(c, expected)
    else:
        raise ValueError(f"unknown relatedness method {method!r}")
    np.fill_diagonal(out, 0.0)
    return out


def relatedness_density(
    presence: np.ndarray, proximity: np.ndarray, include_diagonal: bool = False
) -> np.ndarray:
    """Relatedness density ``ω_ip = Σ_q M_iq φ_pq / Σ_q φ_pq`` in 0..1 (Hidalgo et al. 2007).

    By default the sums skip ``q = p``, so an industry's own presence does not count towards its
    density (EconGeo's convention; what one wants for "could this grow here?"). With
    ``include_diagonal=True`` φ_pp is kept, which is what ``ecomplexity`` computes.
    """
    m = np.asarray(presence, float)
    phi = np.array(proximity, float)
    if not include_diagonal:
        np.fill_diagonal(phi, 0.0)
    return _safe_div(m @ phi.T, phi.sum(axis=1)[None, :])


def potentials(
    lq: np.ndarray,
    density: np.ndarray,
    unit_labels,
    industry_labels,
    *,
    min_density: float | None = None,
    top: int = 20,
    per_unit: int | None = 3,
) -> pd.DataFrame:
    """Industries that are *not yet* specialised (LQ < 1) but dense in related industries.

    ``min_density`` defaults to the 75th percentile of density among LQ < 1 cells. Ranked by
    *excess* density (the unit's density minus the industry's mean density over all units), so a
    small unit that is dense in everything does not fill the list, and at most ``per_unit`` rows
    per unit; one row per (unit, industry).
    """
    lq = np.asarray(lq, float)
    dens = np.asarray(density, float)
    cand = lq < 1
    if not cand.any():
        return pd.DataFrame(columns=["unit", "industry", "lq", "density", "excess_density"])
    thr = float(np.quantile(dens[cand], 0.75)) if min_density is None else min_density
    ii, jj = np.nonzero(cand & (dens >= thr) & (dens > 0))
    df = pd.DataFrame(
        {
            "unit": np.asarray(unit_labels)[ii],
            "industry": np.asarray(industry_labels)[jj],
            "lq": lq[ii, jj],
            "density": dens[ii, jj],
            "excess_density": (dens - dens.mean(axis=0, keepdims=True))[ii, jj],
        }
    )
    df = df.sort_values(["excess_density", "lq"], ascending=[False, False])
    if per_unit:
        df = df.groupby("unit", sort=False).head(per_unit)
    return df.head(top).reset_index(drop=True)
