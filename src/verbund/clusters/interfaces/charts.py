"""Geometry for the two server-side SVG charts (drawn by templates, no JavaScript).

Hand-written because the charts are small and must render identically in the browser and in PDFs;
a plotting library would add a heavy dependency for two pictures.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.formats import number_format

WIDTH, HEIGHT, PAD = 640, 400, 48


def bubble_chart(rows: list[dict[str, Any]], *, limit: int = 40) -> dict[str, Any]:
    """LQ (y, log scale) × size (x, log scale); bubble area ∝ establishments.

    ``rows``: dicts with label, title, lq, value, establishments; the largest ``limit`` by value.
    """
    rows = [r for r in rows if r.get("lq") and r["lq"] > 0 and r.get("value")]
    rows = sorted(rows, key=lambda r: -r["value"])[:limit]
    if not rows:
        return {"width": WIDTH, "height": HEIGHT, "points": [], "xticks": [], "yticks": []}
    xs = [math.log10(r["value"]) for r in rows]
    ys = [math.log10(r["lq"]) for r in rows]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs)) or 1
    if x1 == x0:
        x1 = x0 + 1
    y0, y1 = min(-1.0, math.floor(min(ys))), max(1.0, math.ceil(max(ys)))
    max_n = max(r.get("establishments") or 1 for r in rows)

    def px(v: float) -> float:
        return round(PAD + (v - x0) / (x1 - x0) * (WIDTH - 2 * PAD), 1)

    def py(v: float) -> float:
        return round(HEIGHT - PAD - (v - y0) / (y1 - y0) * (HEIGHT - 2 * PAD), 1)

    points = [
        {
            "x": px(xv),
            "y": py(yv),
            "r": round(4 + 16 * math.sqrt((r.get("establishments") or 1) / max_n), 1),
            "label": r["label"],
            "title": r.get("title", ""),
            "lq": r["lq"],
            "value": r["value"],
            "high": r["lq"] >= 1,
        }
        for r, xv, yv in zip(rows, xs, ys, strict=True)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "xticks": [{"x": px(k), "label": _tick(k)} for k in range(x0, x1 + 1)],
        "yticks": [{"y": py(k), "label": _tick(k)} for k in range(int(y0), int(y1) + 1)],
        "one": py(0.0),
        "left": PAD,
        "right": WIDTH - PAD,
        "top": PAD,
        "bottom": HEIGHT - PAD,
    }


def _tick(exponent: int) -> str:
    return number_format(10.0**exponent, max(0, -exponent), use_l10n=True)


def network_chart(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Industry relatedness network: Kamada-Kawai layout (deterministic from a circle)."""
    if not nodes:
        return {"width": WIDTH, "height": HEIGHT, "nodes": [], "edges": []}
    index = {n["industry"]: k for k, n in enumerate(nodes)}
    pairs = [(index[e["a"]], index[e["b"]]) for e in edges if e["a"] in index and e["b"] in index]
    coords = _layout(len(nodes), pairs)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    (ax, bx), (ay, by) = (min(xs), max(xs)), (min(ys), max(ys))
    sx = (WIDTH - 2 * PAD) / ((bx - ax) or 1)
    sy = (HEIGHT - 2 * PAD) / ((by - ay) or 1)
    pos = [(round(PAD + (x - ax) * sx, 1), round(PAD + (y - ay) * sy, 1)) for x, y in coords]
    max_size = max(n.get("size") or 1 for n in nodes)
    out_nodes = [
        {
            "x": pos[k][0],
            "y": pos[k][1],
            "r": round(4 + 10 * math.sqrt((n.get("size") or 1) / max_size), 1),
            "label": n["industry"],
            "title": n.get("title", ""),
            "high": (n.get("max_lq") or 0) >= 1,
        }
        for k, n in enumerate(nodes)
    ]
    out_edges = [
        {
            "x1": pos[index[e["a"]]][0],
            "y1": pos[index[e["a"]]][1],
            "x2": pos[index[e["b"]]][0],
            "y2": pos[index[e["b"]]][1],
            "w": round(0.5 + 3 * e["phi"], 2),
            "phi": e["phi"],
        }
        for e in edges
        if e["a"] in index and e["b"] in index
    ]
    return {"width": WIDTH, "height": HEIGHT, "nodes": out_nodes, "edges": out_edges}


def _layout(n: int, pairs: list[tuple[int, int]]) -> list[tuple[float, float]]:
    circle = [(math.cos(2 * math.pi * k / n), math.sin(2 * math.pi * k / n)) for k in range(n)]
    try:
        import igraph

        g = igraph.Graph(n=n, edges=pairs)
        return [tuple(p) for p in g.layout_kamada_kawai(seed=circle).coords]
    except Exception:  # igraph missing or a degenerate graph: the circle is still readable
        return circle
