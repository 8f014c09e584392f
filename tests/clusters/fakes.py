"""A finished run with hand-written results (no analysis needed): small, fast and exact, for the
tests of how result pages read and show stored figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories.clusters import AnalysisRunFactory
from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun

# two hotspot cells: one in Plagwitz (companies in it), one in Lindenau (no company inside)
PLAGWITZ = (12.3200, 51.3250)
LINDENAU = (12.3400, 51.3450)


def company(pk: int, industry: str, lon: float, lat: float, **extra) -> dict[str, Any]:
    return {
        "id": pk,
        "public_id": None,
        "name": f"Firma {pk}",
        "wz": f"{industry}.1",
        "industry": industry,
        "category": extra.pop("category", "it_software"),
        "employees": extra.pop("employees", 10),
        "unit": "Plagwitz",
        "hotspot_z": 3.0,
        "group": -1,
        "network": 0,
        "lon": lon,
        "lat": lat,
        **extra,
    }


def candidate(rank: int, ids: list[int], category: str = "it_software") -> dict[str, Any]:
    return {
        "rank": rank,
        "community": rank,
        "size": len(ids),
        "score": 1.0 / rank,
        "employees": 10.0 * len(ids),
        "share_in_area": 0.5,
        "median_radius_m": 400.0,
        "mean_text_similarity": 0.2,
        "industries": {"62": len(ids)},
        "categories": {category: len(ids)},
        "terms": ["software"],
        "company_ids": ids,
        "company_names": [f"Firma {i}" for i in ids],
        "lon": PLAGWITZ[0],
        "lat": PLAGWITZ[1],
    }


def spec_row(unit: str, industry: str, lq: float) -> dict[str, Any]:
    return {
        "unit": unit,
        "industry": industry,
        "title": f"Branche {industry}",
        "value": 5.0,
        "lq": lq,
        "density": 0.4,
        "establishments": 5,
    }


def results(**overrides) -> dict[str, Any]:
    companies = [company(i, "62", *PLAGWITZ) for i in range(1, 5)] + [
        company(5, "73", *PLAGWITZ),
        company(6, "10", 12.40, 51.30),
    ]
    base = {
        "summary": {"companies": len(companies), "units": 2, "industries": 3, "in_area": 3},
        "params": {"hotspot_cell_m": 250.0},
        "warnings": [],
        "companies": companies,
        "units": [
            {
                "unit": u,
                "establishments": 3,
                "employees": 30,
                "diversity": 2,
                "krugman": 0.5,
                "herfindahl": 0.3,
                "entropy": 1.2,
            }
            for u in ("Plagwitz", "Lindenau")
        ],
        "industries": [
            {
                "industry": i,
                "title": f"Branche {i}",
                "value": 3.0,
                "establishments": 3,
                "ubiquity": 1,
                "hoover": 0.3,
                "locational_gini": 0.4,
            }
            for i in ("62", "73", "10")
        ],
        "specialisation": [spec_row("Plagwitz", "62", 2.5)],
        "potentials": [dict(spec_row("Lindenau", "73", 0.6), reason="")],
        "stars": [
            {
                "unit": "Plagwitz",
                "category": "it_software",
                "employment": 40.0,
                "lq": 2.5,
                "focus": 0.4,
                "stars": 3,
                "strong": True,
                "size_star": True,
                "specialisation_star": True,
                "focus_star": True,
            }
        ],
        "star_thresholds": {"size_min": 20, "lq_min": 2.0, "focus_min": 0.1},
        "categories": [],
        "category_names": {"it_software": {"en": "IT and software", "de": "IT und Software"}},
        "hotspots": [
            {"lon": PLAGWITZ[0], "lat": PLAGWITZ[1], "z": 4.2, "p_sim": 0.01, "value": 5.0},
            {"lon": LINDENAU[0], "lat": LINDENAU[1], "z": 2.1, "p_sim": 0.04, "value": 0.0},
        ],
        "groups": [],
        "colocation": [],
        "candidates": [candidate(1, [1, 2, 3, 4])],
        "relatedness": {"nodes": [], "edges": []},
        "partners": {},
        "progress_log": [],
    }
    return base | overrides


def finished_run(user=None, **overrides) -> AnalysisRun:
    now = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
    kwargs = {"created_by": user} if user is not None else {}
    return AnalysisRunFactory(
        status=RunStatus.DONE,
        started_at=now,
        finished_at=now + dt.timedelta(seconds=5),
        company_count=6,
        results=results(**overrides),
        **kwargs,
    )
