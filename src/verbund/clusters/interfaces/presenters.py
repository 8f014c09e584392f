"""What the result pages show, built from a run's stored results (shared by the pages and the PDF)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbund.analysis.constants import HOTSPOT_Z
from verbund.clusters.domain import queries
from verbund.clusters.interfaces import charts, reasons
from verbund.clusters.models import AnalysisRun


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def title_in_language(code: str, stored: str | None) -> str:
    """The industry's title in the page's language: the stored one is WZ's German title; the
    English page shows NACE Rev. 2's English title (`verbund.analysis.titles`)."""
    if _english():
        from verbund.analysis.titles import industry_title

        return industry_title(code, "en") or stored or ""
    return stored or ""


def with_titles(rows: list[dict]) -> list[dict]:
    """Rows with an ``industry`` code, their ``title`` in the page's language."""
    if not _english():
        return rows
    return [dict(r, title=title_in_language(r["industry"], r.get("title"))) for r in rows]


def industry_titles(run: AnalysisRun) -> dict[str, str]:
    return {
        i["industry"]: title_in_language(i["industry"], i.get("title"))
        for i in run.results.get("industries", [])
    }


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
            "title": title_in_language(s["industry"], s.get("title")),
            "lq": s["lq"],
            "value": s["value"],
            "establishments": s["establishments"],
        }
        for s in rows
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
    pots = [
        dict(p, reason_text=reasons.potential_reason(p))
        for p in with_titles(r.get("potentials", []))
    ]
    rel = r.get("relatedness", {"nodes": [], "edges": []})
    nodes = [dict(n, title=title_in_language(n["industry"], n.get("title"))) for n in rel["nodes"]]
    return {"potentials": pots, "network": charts.network_chart(nodes, rel["edges"])}


def candidates(run: AnalysisRun) -> tuple[list[dict], int]:
    """The candidate networks to show, near-identical ones merged, and how many were merged."""
    r = run.results
    titles = industry_titles(run)
    by_id = {c["id"]: c for c in r.get("companies", [])}
    shown, merged = queries.shown_candidates(r)
    cands = []
    for c in shown:
        members = [by_id[i] for i in c["company_ids"] if i in by_id]
        if c.get("merged_ranks") and members:
            c = dict(c, employees=sum(m.get("employees") or 0 for m in members))
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
    return cands, merged


def specialisation_context(run: AnalysisRun, *, unit: str = "") -> dict:
    """The specialisation page: the table (one unit or all), the bubble chart, the units and the
    most concentrated industries."""
    r = run.results
    rows = queries.specialisation_rows(r, unit=unit)
    chart_rows = rows if unit else queries.city_rows(r)
    return {
        "rows": with_titles([s for s in rows if s["establishments"] >= queries.MIN_ESTABLISHMENTS]),
        "units": [u["unit"] for u in r.get("units", [])],
        "unit": unit,
        "min_n": queries.MIN_ESTABLISHMENTS,
        "unit_rows": r.get("units", []),
        "industries": with_titles(queries.concentrated_industries(r)),
        "bubble": charts.bubble_chart(bubble_rows(chart_rows)),
    }


def pdf_context(run: AnalysisRun) -> dict:
    return {
        "run": run,
        **clusters_context(run),
        **potentials_context(run),
        "candidates": candidates(run)[0][: queries.PDF_CANDIDATES],
        "bubble": charts.bubble_chart(bubble_rows(queries.city_rows(run.results))),
    }


def overview_context(run: AnalysisRun) -> dict:
    """The run's overview: its best-rated categories and first three candidate networks."""
    r = run.results
    stars = [dict(s, name=category_name(run, s["category"])) for s in queries.overview_stars(r)]
    titles = industry_titles(run)
    cands = [
        dict(c, reason_text=reasons.candidate_reason(c, titles))
        for c in queries.overview_candidates(r)
    ]
    return {"top_stars": stars, "top_candidates": cands}


def partners(run: AnalysisRun, company: dict, by_id: dict[int, dict]) -> list[dict]:
    """The stored partner suggestions for one company, with links, distances and reasons."""
    titles = industry_titles(run)
    out = []
    for p in run.results.get("partners", {}).get(str(company["id"]), []):
        other = by_id.get(p["id"])
        if other is None:
            continue
        out.append(
            dict(
                p,
                company=other,
                url=company_url(other.get("public_id")),
                distance_km=reasons.num(p["distance_m"] / 1000, 1),
                reason_text=reasons.partner_reason(
                    company["industry"], other["industry"], p, titles
                ),
            )
        )
    return out


def map_context(run: AnalysisRun) -> dict:
    """The map's data (districts, programme areas, hotspot cells, dense groups, candidate members)
    and the lists beside it."""
    from verbund.clusters.domain.register import districts_geojson, programme_areas_geojson

    r = run.results
    by_id = {c["id"]: c for c in r.get("companies", [])}
    members = [
        {
            "lat": by_id[i]["lat"],
            "lon": by_id[i]["lon"],
            "name": by_id[i]["name"],
            "rank": c["rank"],
        }
        for c in r.get("candidates", [])
        for i in c["company_ids"]
        if i in by_id
    ]
    zones = bool(r.get("summary", {}).get("hotspot_zones"))
    data = {
        "districts": districts_geojson(),
        "areas": programme_areas_geojson(),
        "hotspots": [
            {"lat": h["lat"], "lon": h["lon"], "z": round(h["z"], 2), "n": h["value"]}
            for h in r.get("hotspots", [])
        ],
        "groups": [
            {
                "outline": g["outline"],
                "size": g["size"],
                "category": category_name(run, g.get("top_category", "")),
            }
            for g in r.get("groups", [])
            if g.get("outline")
        ],
        "members": members,
        "labels": {
            "hotspot": _("Hotspot zone") if zones else _("Hotspot cell"),
            "companies": _("companies"),
            "network": _("Candidate network"),
            "group": _("Dense group"),
            "area": _("Programme area"),
        },
    }
    titles = industry_titles(run)
    hotspots = [
        dict(
            h,
            industry_rows=[
                {"code": code, "title": titles.get(code, ""), "count": n}
                for code, n in h["industries"]
            ],
        )
        for h in queries.hotspot_places(r, queries.strongest_hotspots(r))
    ]
    return {
        "hotspot_z": HOTSPOT_Z,
        "hotspot_zones": zones,
        "map_data": data,
        "hotspots": hotspots,
        "groups": [
            dict(g, label=category_name(run, g.get("top_category", "")))
            for g in r.get("groups", [])
        ],
    }
