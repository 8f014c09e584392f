"""Candidate networks: groups of companies that would make a network.

Company similarity graph (sparse, only k nearest spatial neighbours within ``max_distance``):

``w_ij = a(ind_i, ind_j) · exp(−d_ij / d0) · (t0 + (1 − t0) · cos_tfidf(i, j))``

with ``a`` the industry affinity (1 for the same industry, at least ``same_category`` within a
cluster category, else the industries' proximity φ), distance decay ``d0`` and TF-IDF cosine of the
competence texts (``t0`` keeps text-less companies in play). Communities come from Leiden
(Traag, Waltman & van Eck 2019; ``leidenalg`` on igraph) with a fixed seed, then are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .text import pair_similarity, top_terms


@dataclass(frozen=True)
class NetworkParams:
    k_neighbours: int = 25
    max_distance: float = 3000.0
    decay: float = 1000.0
    text_floor: float = 0.3
    same_category: float = 0.5
    min_edge: float = 0.05
    resolution: float = 1.0
    min_size: int = 5
    max_size: int = 40
    top: int = 15
    seed: int = 42


def industry_affinity(
    industry: np.ndarray, category: np.ndarray | None, proximity: np.ndarray, same_category: float
):
    """Return ``f(i, j) → affinity`` for company index arrays (see module docstring)."""
    prox = np.array(proximity, float)
    np.fill_diagonal(prox, 1.0)

    def f(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a = prox[industry[i], industry[j]]
        if category is not None:
            same_cat = (category[i] == category[j]) & (category[i] >= 0)
            a = np.where(same_cat, np.maximum(a, same_category), a)
        return a

    return f


def similarity_edges(xy, affinity, text_x, params: NetworkParams):
    """Weighted company pairs (i < j) from the k nearest neighbours within ``max_distance``."""
    xy = np.asarray(xy, float)
    n = len(xy)
    k = min(params.k_neighbours + 1, n)
    dist, idx = cKDTree(xy).query(xy, k=k, distance_upper_bound=params.max_distance)
    rows = np.repeat(np.arange(n), k)
    cols = idx.ravel()
    d = dist.ravel()
    ok = (cols < n) & (cols != rows)
    i, j, d = rows[ok], cols[ok], d[ok]
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    key = lo.astype(np.int64) * n + hi
    key, first = np.unique(key, return_index=True)
    i, j, d = lo[first], hi[first], d[first]
    w = affinity(i, j) * np.exp(-d / params.decay)
    keep = w >= params.min_edge * params.text_floor
    i, j, d, w = i[keep], j[keep], d[keep], w[keep]
    text = pair_similarity(text_x, i, j)
    w = w * (params.text_floor + (1 - params.text_floor) * text)
    keep = w >= params.min_edge
    return i[keep], j[keep], w[keep], d[keep], text[keep]


def leiden_communities(n: int, i, j, w, *, resolution: float = 1.0, seed: int = 42) -> np.ndarray:
    """Leiden communities (RB configuration model = modularity at resolution 1), fixed seed."""
    import igraph as ig
    import leidenalg

    g = ig.Graph(n=n, edges=np.column_stack([i, j]).tolist(), directed=False)
    g.es["weight"] = np.asarray(w, float).tolist()
    part = leidenalg.find_partition(
        g,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        seed=seed,
    )
    return np.asarray(part.membership)


def candidate_networks(
    companies: pd.DataFrame,
    *,
    industry_codes: np.ndarray,
    industry_labels: np.ndarray,
    category_codes: np.ndarray | None,
    category_labels: list[str] | None,
    proximity: np.ndarray,
    text_x,
    vectoriser,
    params: NetworkParams = NetworkParams(),
    industry_titles: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Ranked candidate networks and per-company community labels (−1 = in no candidate).

    ``companies`` needs ``x, y, id, name`` and optionally ``in_area``. Score of a community =
    internal edge weight per member × sqrt(members) — cohesive *and* big enough — times
    ``(0.5 + 0.5 · share inside the programme area)`` when ``in_area`` is known.
    """
    n = len(companies)
    xy = companies[["x", "y"]].to_numpy(float)
    aff = industry_affinity(industry_codes, category_codes, proximity, params.same_category)
    i, j, w, _d, text = similarity_edges(xy, aff, text_x, params)
    if n == 0 or len(i) == 0:
        return _empty_candidates(), np.full(n, -1)
    memb = leiden_communities(n, i, j, w, resolution=params.resolution, seed=params.seed)
    strength_in = np.zeros(n)
    same = memb[i] == memb[j]
    np.add.at(strength_in, i[same], w[same])
    np.add.at(strength_in, j[same], w[same])
    in_area = companies["in_area"].fillna(False).to_numpy(bool) if "in_area" in companies else None
    ids = companies["id"].to_numpy()
    names = companies["name"].astype(str).to_numpy()
    emp = companies["employees"].to_numpy(float) if "employees" in companies else np.ones(n)
    titles = industry_titles or {}
    rows = []
    out_label = np.full(n, -1)
    for c in np.unique(memb):
        members = np.nonzero(memb == c)[0]
        if len(members) < params.min_size:
            continue
        if len(members) > params.max_size:
            members = members[np.argsort(-strength_in[members], kind="stable")[: params.max_size]]
        mset = np.zeros(n, bool)
        mset[members] = True
        inside = mset[i] & mset[j]
        internal = float(w[inside].sum())
        size = len(members)
        share = float(in_area[members].mean()) if in_area is not None else None
        score = internal / size * np.sqrt(size) * (0.5 + 0.5 * share if share is not None else 1)
        ind_counts = pd.Series(industry_labels[industry_codes[members]]).value_counts()
        cat_counts = (
            pd.Series(np.asarray(category_labels)[category_codes[members]]).value_counts()
            if category_codes is not None and category_labels is not None
            else pd.Series(dtype=int)
        )
        centre = xy[members].mean(axis=0)
        radius = float(np.median(np.hypot(*(xy[members] - centre).T)))
        terms = top_terms(text_x, vectoriser, members, 5)
        rows.append(
            {
                "community": int(c),
                "size": size,
                "score": score,
                "employees": float(emp[members].sum()),
                "share_in_area": share,
                "cx": float(centre[0]),
                "cy": float(centre[1]),
                "median_radius_m": radius,
                "mean_text_similarity": float(text[inside].mean()) if inside.any() else 0.0,
                "industries": ind_counts.head(5).to_dict(),
                "categories": cat_counts.head(3).to_dict(),
                "terms": terms,
                "company_ids": ids[members].tolist(),
                "company_names": names[members].tolist(),
                "members": members,
            }
        )
    if not rows:
        return _empty_candidates(), out_label
    df = pd.DataFrame(rows).sort_values("score", ascending=False).head(params.top)
    df = df.reset_index(drop=True)
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    for r, members in zip(df["rank"], df.pop("members"), strict=True):
        out_label[members] = r
    df["reason"] = [_reason(row, titles) for row in df.itertuples()]
    return df, out_label


def _reason(row, titles: dict[str, str]) -> str:
    inds = ", ".join(
        f"{k} {titles.get(k, '')}".strip() + f" ({v})" for k, v in list(row.industries.items())[:3]
    )
    parts = [
        f"{row.size} companies within about {row.median_radius_m / 1000:.1f} km of each other",
        f"industries: {inds}",
    ]
    if row.terms:
        parts.append("shared competences: " + ", ".join(row.terms))
    if row.share_in_area is not None:
        parts.append(f"{row.share_in_area:.0%} inside the programme area")
    return "; ".join(parts) + "."


def _empty_candidates() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "rank", "community", "size", "score", "employees", "share_in_area", "cx", "cy",
            "median_radius_m", "mean_text_similarity", "industries", "categories", "terms",
            "company_ids", "company_names", "reason",
        ]
    )  # fmt: skip
