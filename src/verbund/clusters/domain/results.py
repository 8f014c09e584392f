"""Call the analysis core on the register and keep what the result pages show, as JSON.

The stored shape is this app's own (see `analyse`), so the pages do not depend on the core's internal
tables; matrices are stored as long rows of non-empty cells, and points get WGS84 positions for the map.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbund.analysis.constants import HOTSPOT_Z
from verbund.analysis.pipeline import AnalysisParams, run_site_analysis
from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.domain.register import to_lonlat
from verbund.clusters.enums import AreaUnit

# Partner suggestions cost a few ms per company, so they are stored for at most this many: members
# of candidate networks and companies inside the programme area first, then the rest by id.
PARTNER_LIMIT = 400
SPECIALISATION_LIMIT = 20_000
RELATEDNESS_EDGES = 60


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(df.to_json(orient="records", force_ascii=False))


def _clean(value: Any) -> Any:
    """numpy scalars and NaN → JSON values."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def analysis_params(params: RunParameters) -> AnalysisParams:
    unit = "area_unit" if params.area_unit == AreaUnit.PROGRAMME_AREA else "district"
    return AnalysisParams(
        wz_level=params.wz_level,
        measure=params.weight,
        unit_column=unit,
        hotspot_distance_m=float(params.distance_m),
        hotspot_permutations=int(params.permutations),
    )


def analyse(
    frame: pd.DataFrame,
    *,
    params: RunParameters,
    reference: dict[str, float] | None,
    progress,
) -> dict[str, Any]:
    """Run the whole site analysis and return the JSON the result pages read."""
    started = time.perf_counter()
    frame = frame.copy()
    if params.area_unit == AreaUnit.PROGRAMME_AREA:
        frame["area_unit"] = np.where(
            frame["in_area"], _("inside the programme area"), _("outside the programme area")
        )
    ref = pd.Series(reference, dtype=float) if reference else None
    core = analysis_params(params)
    messages = {
        "prepare": gettext_noop("Preparing the company table."),
        "specialisation": gettext_noop("Location quotients computed."),
        "relatedness": gettext_noop("Specialisation and relatedness computed."),
        "clusters": gettext_noop("Cluster categories rated."),
        "hotspots": gettext_noop("Hotspots and dense groups found."),
        "colocation": gettext_noop("Co-location of the categories measured."),
        "networks": gettext_noop("Candidate networks formed."),
        "partners": gettext_noop("Partner index built."),
    }

    def report(fraction: float, step: str) -> None:
        progress(0.05 + 0.85 * fraction, messages.get(step, step))

    categories = params.category_set()
    result = run_site_analysis(
        frame, reference=ref, params=core, progress=report, categories=categories
    )
    progress(0.9, gettext_noop("Computing partner suggestions."), force=True)
    data = _to_json(result, frame, params, categories)
    data["params"] = core.to_dict()
    data["timings"] = dict(result.timings) | {"total": round(time.perf_counter() - started, 3)}
    progress(1.0, gettext_noop("Storing the results."), force=True)
    return data


def _to_json(result, frame: pd.DataFrame, params: RunParameters, categories) -> dict[str, Any]:
    comp = result.companies.copy()
    extra = frame.set_index("id")[["public_id", "lon", "lat"]]
    comp = comp.join(extra, on="id")
    comp["hotspot_z"] = comp["hotspot_z"].round(2)
    companies = comp[
        [
            "id", "public_id", "name", "wz", "industry", "category", "employees", "unit",
            *(["in_area"] if "in_area" in comp else []), "hotspot_z", "group", "network",
            "lon", "lat",
        ]
    ]  # fmt: skip
    titles = dict(zip(result.industries["industry"], result.industries["title"], strict=True))
    cat_names = _category_names(categories)

    # specialisation: non-empty unit × industry cells, strongest LQ first
    counts, lq, dens = result.counts, result.lq, result.density
    ui, ii = np.nonzero(counts > 0)
    estab = (
        result.companies.groupby(["unit", "industry"]).size().to_dict()
        if len(result.companies)
        else {}
    )
    spec = pd.DataFrame(
        {
            "unit": result.unit_labels[ui],
            "industry": result.industry_labels[ii],
            "value": counts[ui, ii],
            "lq": lq[ui, ii].round(3),
            "density": dens[ui, ii].round(3),
        }
    )
    spec["establishments"] = [
        estab.get((u, i), 0) for u, i in zip(spec["unit"], spec["industry"], strict=True)
    ]
    spec["title"] = spec["industry"].map(titles)
    spec = spec.sort_values(["lq", "value"], ascending=False).head(SPECIALISATION_LIMIT)

    # hotspot grid cells and dense groups: centres to WGS84
    hot = result.hotspots.copy()
    if len(hot):
        hot["lon"], hot["lat"] = to_lonlat(hot["cell_x"], hot["cell_y"])
        hot = hot[hot["z"] >= HOTSPOT_Z].sort_values("z", ascending=False)
    groups = result.groups.copy()
    if len(groups):
        groups["outline"] = [_ring_lonlat(h) for h in groups["hull"]]
        groups["lon"], groups["lat"] = to_lonlat(groups["cx"], groups["cy"])
    cands = result.candidates.copy()
    if len(cands):
        cands["lon"], cands["lat"] = to_lonlat(cands["cx"], cands["cy"])
    cats = result.categories.copy()
    has_hot = cats["hotspot_x"].notna() if len(cats) else pd.Series(dtype=bool)
    if has_hot.any():
        lon, lat = to_lonlat(cats.loc[has_hot, "hotspot_x"], cats.loc[has_hot, "hotspot_y"])
        cats.loc[has_hot, "hotspot_lon"] = lon
        cats.loc[has_hot, "hotspot_lat"] = lat

    return {
        "summary": {
            "companies": len(comp),
            "units": len(result.unit_labels),
            "industries": len(result.industry_labels),
            "in_area": int(comp["in_area"].sum()) if "in_area" in comp else None,
            "employees": float(comp["employees"].sum()),
            "hotspot_zones": bool(result.hotspots.attrs.get("zones")),
        },
        "warnings": list(result.warnings),
        "companies": _records(companies),
        "units": _records(result.units),
        "industries": _records(result.industries),
        "specialisation": _records(spec),
        "potentials": _records(result.potentials),
        "stars": _records(result.stars),
        "star_thresholds": {
            k: _clean(v) for k, v in result.stars.attrs.get("thresholds", {}).items()
        }
        or _thresholds(result),
        "categories": _records(cats),
        "category_names": cat_names,
        "hotspots": _records(hot.head(500)) if len(hot) else [],
        "groups": _records(groups.drop(columns=["hull"], errors="ignore")),
        "colocation": _colocation(result.colocation),
        "candidates": _records(cands),
        "relatedness": _relatedness_edges(result, titles),
        "partners": _partners(result, comp, params),
    }


def _ring_lonlat(ring) -> list[list[float]]:
    a = np.asarray(ring, float).reshape(-1, 2)
    lon, lat = to_lonlat(a[:, 0], a[:, 1])
    return [[float(b), float(c)] for b, c in zip(lat, lon, strict=True)]


def _thresholds(result) -> dict[str, Any]:
    p = result.params.stars
    return {
        "size_quantile": p.size_quantile,
        "lq_min": p.lq_min,
        "focus_quantile": p.focus_quantile,
    }


def _category_names(categories) -> dict[str, dict[str, str]]:
    names = {c.key: {"en": c.en, "de": c.de} for c in categories}
    names["other"] = {"en": "Other", "de": "Sonstige"}
    return names


def _colocation(coloc: pd.DataFrame) -> list[dict[str, Any]]:
    """Category pairs that attract each other (CLQ > 1), strongest first."""
    if coloc is None or coloc.empty:
        return []
    rows = []
    for a in coloc.index:
        for b in coloc.columns:
            v = coloc.at[a, b]
            if a != b and a != "other" and b != "other" and pd.notna(v) and v > 1:
                rows.append({"a": str(a), "b": str(b), "clq": round(float(v), 3)})
    return sorted(rows, key=lambda r: -r["clq"])[:40]


def _relatedness_edges(result, titles: dict[str, str]) -> dict[str, Any]:
    """The strongest proximity links between industries present in the city, for the network chart."""
    phi = np.array(result.proximity, float)
    n = phi.shape[0]
    if n < 2:
        return {"nodes": [], "edges": []}
    iu, ju = np.triu_indices(n, k=1)
    w = phi[iu, ju]
    order = np.argsort(-w, kind="stable")[:RELATEDNESS_EDGES]
    order = order[w[order] > 0]
    labels = result.industry_labels
    used = sorted(set(iu[order].tolist()) | set(ju[order].tolist()))
    spec_max = result.lq.max(axis=0) if result.lq.size else np.zeros(n)
    nodes = [
        {
            "industry": str(labels[k]),
            "title": titles.get(str(labels[k]), ""),
            "size": float(result.counts[:, k].sum()),
            "max_lq": round(float(spec_max[k]), 3),
        }
        for k in used
    ]
    edges = [
        {"a": str(labels[iu[o]]), "b": str(labels[ju[o]]), "phi": round(float(w[o]), 3)}
        for o in order
    ]
    return {"nodes": nodes, "edges": edges}


def _partners(result, comp: pd.DataFrame, params: RunParameters) -> dict[str, list[dict]]:
    if result.partner_index is None:
        return {}
    first = comp["network"] > 0
    if "in_area" in comp:
        first |= comp["in_area"].astype(bool)
    ordered = pd.concat([comp.loc[first, "id"], comp.loc[~first, "id"]])
    ids = ordered.head(PARTNER_LIMIT).tolist()
    out: dict[str, list[dict]] = {}
    for cid in ids:
        top = result.partners(cid, k=int(params.partners_k))
        # plain column lists: DataFrame.itertuples builds a namedtuple class per call (slow here)
        out[str(cid)] = [
            {
                "id": int(pid),
                "distance_m": float(d),
                "relatedness": round(float(rel), 3),
                "text_similarity": round(float(txt), 3),
                "score": round(float(sc), 4),
            }
            for pid, d, rel, txt, sc in zip(
                top["id"].tolist(),
                top["distance_m"].tolist(),
                top["relatedness"].tolist(),
                top["text_similarity"].tolist(),
                top["score"].tolist(),
                strict=True,
            )
        ]
    return out
