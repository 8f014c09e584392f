"""What the result pages show, built from a run's stored results (shared by the pages and the PDF)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from verbund.clusters.interfaces import charts, reasons
from verbund.clusters.models import AnalysisRun


def industry_titles(run: AnalysisRun) -> dict[str, str]:
    return {i["industry"]: i.get("title") or "" for i in run.results.get("industries", [])}


def category_name(run: AnalysisRun, key: str) -> str:
    names = run.results.get("category_names", {}).get(key)
    if not names:
        return key
    return names["en"] if (get_language() or "de").startswith("en") else names["de"]


def company_url(public_id: str | None) -> str:
    try:
        return reverse("companies:company_detail", args=[public_id]) if public_id else ""
    except NoReverseMatch:
        return ""


def bubble_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "label": s["industry"],
            "title": s.get("title") or "",
            "lq": s["lq"],
            "value": s["value"],
            "establishments": s["establishments"],
        }
        for s in rows
    ]


def city_rows(r: dict) -> list[dict]:
    """For the city-wide chart: each industry's size in the city and its highest LQ in any unit."""
    best: dict[str, float] = {}
    for s in r.get("specialisation", []):
        if s["establishments"] >= 3 and s["lq"] > best.get(s["industry"], 0):
            best[s["industry"]] = s["lq"]
    return [
        {
            "industry": i["industry"],
            "title": i.get("title") or "",
            "lq": best[i["industry"]],
            "value": i["value"],
            "establishments": i["establishments"],
        }
        for i in r.get("industries", [])
        if i["industry"] in best
    ]


def clusters_context(run: AnalysisRun) -> dict:
    r = run.results
    thresholds = r.get("star_thresholds", {})
    stars = []
    for s in r.get("stars", []):
        if s["stars"] == 0 and not s.get("strong"):
            continue
        s = dict(s, name=category_name(run, s["category"]))
        s["reason_text"] = reasons.star_reason(s, thresholds)
        s["strong_text"] = reasons.strong_reason(s) if s.get("strong") else ""
        stars.append(s)
    categories = [
        dict(c, label=category_name(run, c["category"]))
        for c in r.get("categories", [])
        if c["category"] != "other"
    ]
    coloc = [
        dict(c, a_name=category_name(run, c["a"]), b_name=category_name(run, c["b"]))
        for c in r.get("colocation", [])
    ]
    return {
        "stars": stars,
        "strong": [s for s in stars if s.get("strong")],
        "thresholds": thresholds,
        "categories": categories,
        "colocation": coloc,
    }


def potentials_context(run: AnalysisRun) -> dict:
    r = run.results
    pots = [dict(p, reason_text=reasons.potential_reason(p)) for p in r.get("potentials", [])]
    rel = r.get("relatedness", {"nodes": [], "edges": []})
    return {"potentials": pots, "network": charts.network_chart(rel["nodes"], rel["edges"])}


def candidates(run: AnalysisRun) -> list[dict]:
    r = run.results
    titles = industry_titles(run)
    by_id = {c["id"]: c for c in r.get("companies", [])}
    cands = []
    for c in r.get("candidates", []):
        members = [by_id[i] for i in c["company_ids"] if i in by_id]
        cands.append(
            dict(
                c,
                reason_text=reasons.candidate_reason(c, titles),
                share_text=reasons.pct(c.get("share_in_area")),
                industry_rows=[
                    {"code": k, "title": titles.get(k, ""), "count": v}
                    for k, v in c["industries"].items()
                ],
                members=[dict(m, url=company_url(m.get("public_id"))) for m in members],
            )
        )
    return cands
