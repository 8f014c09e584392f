"""Partner suggestions: the k most complementary companies for one company.

``score_j = c(ind_i, ind_j) · exp(−d_ij / d0) · (1 + text_weight · cos_tfidf(i, j))``

where the complementarity ``c`` is the industries' relatedness (proximity φ or any 0..1 matrix)
for different industries and ``same_industry`` (default 0.25) for the same one: a partner should be
*related but not identical*. The index (KD-tree, TF-IDF rows, codes) is built once; a query looks
only at the ``candidates`` nearest companies within ``radius``, so it stays in milliseconds at
100,000 companies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .text import tfidf_matrix


@dataclass(frozen=True)
class PartnerParams:
    radius: float = 5000.0
    decay: float = 1500.0
    candidates: int = 2000
    same_industry: float = 0.25
    text_weight: float = 1.0


class PartnerIndex:
    """Build once per analysis; :meth:`query` per company."""

    def __init__(
        self,
        companies: pd.DataFrame,
        *,
        industry: np.ndarray,
        industry_labels: np.ndarray,
        relatedness: np.ndarray,
        text_x=None,
        params: PartnerParams = PartnerParams(),
        industry_titles: dict[str, str] | None = None,
    ) -> None:
        self.params = params
        self.xy = companies[["x", "y"]].to_numpy(float)
        self.ids = companies["id"].to_numpy()
        self.names = companies["name"].astype(str).to_numpy()
        self.industry = np.asarray(industry)
        self.labels = np.asarray(industry_labels)
        rel = np.clip(np.array(relatedness, float), 0, None)
        np.fill_diagonal(rel, params.same_industry)
        self.rel = rel
        self.text = text_x if text_x is not None else tfidf_matrix(companies["competences"])[0]
        self.tree = cKDTree(self.xy)
        self.titles = industry_titles or {}
        self._pos = {v: k for k, v in enumerate(self.ids.tolist())}

    def query(self, company_id, k: int = 10) -> pd.DataFrame:
        """Top ``k`` partners for the company with this ``id``: id, name, industry, distance,
        relatedness, text similarity, score and a plain-language reason."""
        p = self.params
        i = self._pos[company_id]
        m = min(p.candidates + 1, len(self.xy))
        dist, idx = self.tree.query(self.xy[i], k=m, distance_upper_bound=p.radius)
        ok = (idx < len(self.xy)) & (idx != i)
        dist, idx = np.atleast_1d(dist)[ok], np.atleast_1d(idx)[ok]
        rel = self.rel[self.industry[i], self.industry[idx]]
        if self.text.shape[1]:
            txt = np.asarray((self.text[idx] @ self.text[i].T).todense()).ravel()
        else:
            txt = np.zeros(len(idx))
        score = rel * np.exp(-dist / p.decay) * (1 + p.text_weight * txt)
        top = np.argsort(-score, kind="stable")[:k]
        top = top[score[top] > 0]
        j = idx[top]
        industries, distances = self.labels[self.industry[j]], dist[top].round(0)
        own = self.labels[self.industry[i]]
        # Reasons from plain lists: DataFrame.itertuples builds a namedtuple class on every call.
        reasons = [
            self._reason(own, *row)
            for row in zip(
                industries.tolist(),
                distances.tolist(),
                rel[top].tolist(),
                txt[top].tolist(),
                strict=True,
            )
        ]
        return pd.DataFrame(
            {
                "id": self.ids[j],
                "name": self.names[j],
                "industry": industries,
                "distance_m": distances,
                "relatedness": rel[top],
                "text_similarity": txt[top],
                "score": score[top],
                "reason": reasons,
            }
        )

    def _reason(self, own: str, other: str, d: float, rel: float, txt: float) -> str:
        t = self.titles
        kind = (
            "same industry"
            if own == other
            else f"{other} {t.get(other, '')}".strip() + f" is related to {own} (φ = {rel:.2f})"
        )
        s = f"{kind}; {d / 1000:.1f} km away"
        if txt > 0.05:
            s += f"; competence texts match ({txt:.0%})"
        return s + "."
