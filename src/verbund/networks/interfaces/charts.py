"""Geometry of the health charts (server-side SVG drawn by templates, same look as the analysis).

Stacked bars of members inside/outside the programme area per quarter, bars of new ties per
quarter, and the collaboration graph laid out with igraph's Kamada-Kawai from a circle
(deterministic).
"""

from __future__ import annotations

import math

from verbund.networks.domain.health import Health

WIDTH, HEIGHT, PAD = 640, 260, 40


def _bars(labels: list[str], stacks: list[tuple[int, ...]]) -> dict:
    top = max((sum(s) for s in stacks), default=0) or 1
    n = len(labels) or 1
    step = (WIDTH - 2 * PAD) / n
    width = max(2.0, step * 0.7)
    bars = []
    for k, (label, stack) in enumerate(zip(labels, stacks, strict=True)):
        x = round(PAD + k * step + (step - width) / 2, 1)
        y_base = HEIGHT - PAD
        parts = []
        for level, value in enumerate(stack):
            h = (HEIGHT - 2 * PAD) * value / top
            parts.append(
                {"y": round(y_base - h, 1), "h": round(h, 1), "level": level, "value": value}
            )
            y_base -= h
        bars.append({"x": x, "w": round(width, 1), "label": label, "parts": parts,
                     "total": sum(stack), "show_label": k % max(1, n // 8) == 0})  # fmt: skip
    return {
        "width": WIDTH, "height": HEIGHT, "bars": bars, "top": top, "left": PAD,
        "right": WIDTH - PAD, "bottom": HEIGHT - PAD, "top_y": PAD,
    }  # fmt: skip


def members_chart(h: Health) -> dict:
    return members_over_time_chart(h.members_over_time)


def members_over_time_chart(rows: list[tuple[str, int, int]]) -> dict:
    return _bars([r[0] for r in rows], [(r[1], r[2]) for r in rows])


def ties_chart(h: Health) -> dict:
    rows = h.new_ties_per_quarter
    return _bars([r[0] for r in rows], [(r[1],) for r in rows])


def graph_chart(h: Health, members: list, carrier: int | None) -> dict:
    """members: health.Member rows (current); nodes are placed by Kamada-Kawai."""
    width, height, pad = 640, 400, 40
    if not members:
        return {"width": width, "height": height, "nodes": [], "edges": []}
    index = {m.id: k for k, m in enumerate(members)}
    pairs = [(index[a], index[b]) for a, b in h.edges if a in index and b in index]
    n = len(members)
    circle = [(math.cos(2 * math.pi * k / n), math.sin(2 * math.pi * k / n)) for k in range(n)]
    try:
        import igraph

        coords = [
            tuple(p) for p in igraph.Graph(n=n, edges=pairs).layout_kamada_kawai(seed=circle).coords
        ]
    except Exception:  # a degenerate graph: the circle is still readable
        coords = circle
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    sx = (width - 2 * pad) / ((max(xs) - min(xs)) or 1)
    sy = (height - 2 * pad) / ((max(ys) - min(ys)) or 1)
    pos = [
        (round(pad + (x - min(xs)) * sx, 1), round(pad + (y - min(ys)) * sy, 1)) for x, y in coords
    ]
    cut = set(h.cut_off)
    nodes = [
        {"x": pos[k][0], "y": pos[k][1], "label": m.name, "carrier": m.id == carrier,
         "inside": m.in_area, "cut": m.id in cut, "r": 9 if m.id == carrier else 6}
        for k, m in enumerate(members)
    ]  # fmt: skip
    edges = [{"x1": pos[a][0], "y1": pos[a][1], "x2": pos[b][0], "y2": pos[b][1]} for a, b in pairs]
    return {"width": width, "height": height, "nodes": nodes, "edges": edges}
