"""Near-identical candidate networks merged for display.

The community detection can return two candidates of the same cluster category that hold almost the
same companies (e.g. two resolutions of the same neighbourhood). Readers take them for two networks,
so the pages show one: a later (lower-ranked) candidate whose member set overlaps an earlier one of
the same category by at least `MIN_OVERLAP` (Jaccard: shared / all companies of the two) is folded
into the earlier one. Done when results are read, so runs stored before this rule read the same way.
"""

from __future__ import annotations

from typing import Any

MIN_OVERLAP = 0.8
"""Jaccard overlap of two candidates' member sets from which they count as the same network."""


def jaccard(a: set[int], b: set[int]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def candidate_category(candidate: dict[str, Any]) -> str:
    """The candidate's cluster category: stored as `category` (zone runs), else its most frequent
    member category (`categories`, largest first)."""
    if candidate.get("category"):
        return str(candidate["category"])
    categories = candidate.get("categories") or {}
    return str(max(categories, key=categories.get)) if categories else ""


def merge_near_identical(
    candidates: list[dict[str, Any]], *, min_overlap: float = MIN_OVERLAP
) -> tuple[list[dict[str, Any]], int]:
    """Candidates (best first) with near-identical ones folded into the better-ranked one, and how
    many were folded. The kept candidate gains the other's extra companies (`company_ids`, `size`)
    and lists the folded ranks in `merged_ranks`; its rank stays."""
    kept: list[dict[str, Any]] = []
    merged = 0
    for cand in candidates:
        ids = set(cand.get("company_ids") or [])
        category = candidate_category(cand)
        target = next(
            (
                k
                for k in kept
                if candidate_category(k) == category
                and jaccard(set(k["company_ids"]), ids) >= min_overlap
            ),
            None,
        )
        if target is None:
            kept.append(dict(cand, company_ids=list(cand.get("company_ids") or [])))
            continue
        merged += 1
        extra = [i for i in cand.get("company_ids") or [] if i not in set(target["company_ids"])]
        target["company_ids"] = target["company_ids"] + extra
        target["size"] = len(target["company_ids"])
        target["merged_ranks"] = [*target.get("merged_ranks", []), cand.get("rank")]
    return kept, merged
