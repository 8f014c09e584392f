"""Self-contained HTML report with server-side SVG charts, and its PDF (WeasyPrint).

The SVG is written by hand (a few dozen lines) instead of matplotlib so the report has no binary
assets, renders the same in browsers and WeasyPrint, and stays small. Everything is escaped.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from .constants import HOTSPOT_Z
from .pipeline import SiteAnalysisResult

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939"]  # fmt: skip


def _fmt(v, nd: int = 2) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float | np.floating):
        return f"{v:,.{nd}f}"
    return escape(str(v))


def map_svg(
    r: SiteAnalysisResult,
    areas: list[tuple[str, object]] | None = None,
    width: int = 640,
    height: int = 560,
    max_points: int = 6000,
) -> str:
    """Points (grey), Gi* hotspot cells (red, z ≥ HOTSPOT_Z), HDBSCAN outlines (blue), candidate
    networks (numbered circles), programme area (green dashed)."""
    c = r.companies
    x, y = c.x.to_numpy(), c.y.to_numpy()
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    pad = 0.03 * max(x1 - x0, y1 - y0, 1)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    s = min(width / (x1 - x0), height / (y1 - y0))

    def px(a, b):
        return (a - x0) * s, height - (b - y0) * s

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="map" class="map">',
        f'<rect width="{width}" height="{height}" fill="#fbfbf8" stroke="#ccc"/>',
    ]
    for _, geom in areas or []:
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in (px(*q) for q in poly.exterior.coords))
            out.append(
                f'<polygon points="{pts}" fill="#2ca02c" fill-opacity="0.06" stroke="#2ca02c" '
                'stroke-dasharray="6 3" stroke-width="1.5"/>'
            )
    cell = r.params.hotspot_cell_m * s
    hot = r.hotspots[r.hotspots.z >= HOTSPOT_Z]
    zmax = max(float(hot.z.max()) if len(hot) else 1.0, 1.0)
    for h in hot.itertuples():
        a, b = px(h.cell_x, h.cell_y)
        op = 0.15 + 0.6 * min(h.z / zmax, 1)
        out.append(
            f'<rect x="{a - cell / 2:.1f}" y="{b - cell / 2:.1f}" width="{cell:.1f}" '
            f'height="{cell:.1f}" fill="#d62728" fill-opacity="{op:.2f}"/>'
        )
    step = max(1, len(c) // max_points)
    dots = "".join(
        f'<circle cx="{a:.1f}" cy="{b:.1f}" r="1"/>'
        for a, b in zip(*px(x[::step], y[::step]), strict=True)
    )
    out.append(f'<g fill="#555" fill-opacity="0.45">{dots}</g>')
    groups = r.groups
    if "density_ratio" in groups:
        groups = groups[groups.density_ratio >= 2]
    for g in groups.head(12).itertuples():
        pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in (px(*q) for q in g.hull))
        out.append(f'<polygon points="{pts}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>')
    for k in r.candidates.head(10).itertuples():
        a, b = px(k.cx, k.cy)
        out.append(
            f'<circle cx="{a:.1f}" cy="{b:.1f}" r="9" fill="#fff" stroke="#000"/>'
            f'<text x="{a:.1f}" y="{b + 4:.1f}" font-size="11" text-anchor="middle" '
            f'font-family="sans-serif">{k.rank}</text>'
        )
    bar = 1000 * s
    out.append(
        f'<line x1="10" y1="{height - 12}" x2="{10 + bar:.1f}" y2="{height - 12}" stroke="#000" '
        f'stroke-width="2"/><text x="10" y="{height - 16}" font-size="10" '
        'font-family="sans-serif">1 km</text>'
    )
    out.append("</svg>")
    return "".join(out)


def bubble_svg(stars: pd.DataFrame, width: int = 640, height: int = 380, top: int = 60) -> str:
    """LQ (y, log) × employment (x, log) bubble chart of unit × category cells; bubble area ∝
    establishments-independent focus share; colour per category."""
    d = stars.head(top)
    if d.empty:
        return ""
    ml, mb, mt, mr = 50, 40, 10, 10
    ex = np.log10(np.maximum(d.employment.to_numpy(float), 1))
    ly = np.log2(np.maximum(d.lq.to_numpy(float), 1 / 16))
    xa, xb = ex.min() - 0.1, ex.max() + 0.1
    ya, yb = min(ly.min(), -1) - 0.3, max(ly.max(), 2) + 0.3
    cats = sorted(d.category.unique())
    col = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(cats)}
    legend_h = 14 * ((len(cats) + 1) // 2) + 6
    plot_h, height = height, height + legend_h

    def sx(v):
        return ml + (v - xa) / (xb - xa) * (width - ml - mr)

    def sy(v):
        return mt + (yb - v) / (yb - ya) * (plot_h - mt - mb)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="bubble chart" font-family="sans-serif">',
        f'<line x1="{ml}" y1="{sy(0):.1f}" x2="{width - mr}" y2="{sy(0):.1f}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{width - mr}" y="{sy(0) - 3:.1f}" font-size="10" text-anchor="end">LQ = 1</text>',
        f'<line x1="{ml}" y1="{plot_h - mb}" x2="{width - mr}" y2="{plot_h - mb}" stroke="#000"/>',
        f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{plot_h - mb}" stroke="#000"/>',
        f'<text x="{width / 2}" y="{plot_h - 8}" font-size="11" text-anchor="middle">'
        "employment (log scale)</text>",
        f'<text x="12" y="{plot_h / 2}" font-size="11" transform="rotate(-90 12 {plot_h / 2})" '
        'text-anchor="middle">location quotient (log scale)</text>',
    ]
    for e in range(math.floor(xa), math.ceil(xb) + 1):
        if xa <= e <= xb:
            out.append(
                f'<text x="{sx(e):.1f}" y="{plot_h - mb + 14}" font-size="10" '
                f'text-anchor="middle">{10**e:,}</text>'
            )
    for e in range(math.floor(ya), math.ceil(yb) + 1):
        out.append(
            f'<text x="{ml - 4}" y="{sy(e) + 3:.1f}" font-size="10" text-anchor="end">{2.0**e:g}</text>'
        )
    for row, a, b in zip(d.itertuples(), ex, ly, strict=True):
        rad = 3 + 25 * math.sqrt(max(row.focus, 0))
        out.append(
            f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="{rad:.1f}" fill="{col[row.category]}" '
            f'fill-opacity="0.45" stroke="{col[row.category]}"><title>{escape(str(row.unit))}: '
            f"{escape(str(row.category_name))}</title></circle>"
        )
        if row.stars >= 2:
            out.append(
                f'<text x="{sx(a):.1f}" y="{sy(b) - rad - 2:.1f}" font-size="9" '
                f'text-anchor="middle">{escape(str(row.unit))}</text>'
            )
    for i, k in enumerate(cats):
        yy = plot_h + 14 * (i // 2) + 10
        xx = ml + (i % 2) * (width - ml) / 2
        name = d.loc[d.category == k, "category_name"].iat[0]
        out.append(
            f'<rect x="{xx:.0f}" y="{yy - 8}" width="9" height="9" fill="{col[k]}"/>'
            f'<text x="{xx + 14:.0f}" y="{yy}" font-size="10">{escape(str(name))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def relatedness_svg(
    r: SiteAnalysisResult, top: int = 40, width: int = 640, height: int = 480, seed: int = 1
) -> str:
    """Industry space of the ``top`` largest industries: edges where proximity φ ≥ 0.5 (at most
    three per industry, strongest first), node area ∝ size, red = specialised somewhere (LQ ≥ 1
    in the unit where it is largest). Layout: Fruchterman-Reingold (igraph), fixed seed."""
    import igraph as ig

    sizes = r.counts.sum(axis=0)
    idx = np.argsort(-sizes)[:top]
    if len(idx) < 2:
        return ""
    phi = r.proximity[np.ix_(idx, idx)].copy()
    np.fill_diagonal(phi, 0)
    edges = set()
    for a in range(len(idx)):
        for b in np.argsort(-phi[a])[:3]:
            if phi[a, b] >= 0.5:
                edges.add((min(a, int(b)), max(a, int(b))))
    g = ig.Graph(n=len(idx), edges=sorted(edges))
    rng = np.random.default_rng(seed)
    layout = np.asarray(
        g.layout_fruchterman_reingold(
            weights=[float(phi[a, b]) for a, b in sorted(edges)] or None,
            seed=rng.uniform(-1, 1, (len(idx), 2)).tolist(),
            niter=500,
        ).coords
    )
    lo, hi = layout.min(axis=0), layout.max(axis=0)
    pos = 30 + (layout - lo) / np.where(hi > lo, hi - lo, 1) * [width - 60, height - 60]
    spec = r.lq[np.argmax(r.counts[:, idx], axis=0), idx] >= 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="industry space" font-family="sans-serif">'
    ]
    for a, b in sorted(edges):
        out.append(
            f'<line x1="{pos[a, 0]:.1f}" y1="{pos[a, 1]:.1f}" x2="{pos[b, 0]:.1f}" '
            f'y2="{pos[b, 1]:.1f}" stroke="#999" stroke-width="{0.5 + 2 * phi[a, b]:.1f}"/>'
        )
    smax = sizes[idx].max() or 1
    for k, j in enumerate(idx):
        rad = 3 + 12 * math.sqrt(sizes[j] / smax)
        col = "#d62728" if spec[k] else "#1f77b4"
        label = escape(str(r.industry_labels[j]))
        out.append(
            f'<circle cx="{pos[k, 0]:.1f}" cy="{pos[k, 1]:.1f}" r="{rad:.1f}" fill="{col}" '
            f'fill-opacity="0.6"/><text x="{pos[k, 0]:.1f}" y="{pos[k, 1] - rad - 2:.1f}" '
            f'font-size="9" text-anchor="middle">{label}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _table(df: pd.DataFrame, cols: list[tuple[str, str]], cls: str = "") -> str:
    head = "".join(f"<th>{escape(t)}</th>" for _, t in cols)
    body = []
    for row in df.itertuples(index=False):
        d = row._asdict()
        body.append("<tr>" + "".join(f"<td>{_fmt(d[c])}</td>" for c, _ in cols) + "</tr>")
    return (
        f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


CSS = """
body{font-family:sans-serif;font-size:11pt;margin:1.5em;color:#222;max-width:60em}
h1{font-size:18pt}h2{font-size:14pt;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;font-size:9pt;margin:.5em 0;width:100%}
th,td{border:1px solid #ddd;padding:2px 5px;text-align:left;vertical-align:top}
th{background:#f2f2f2}table.stars td:nth-child(3){color:#b8860b;letter-spacing:1px}.muted{color:#666;font-size:9pt}
.legend span{margin-right:1em}@page{size:A4;margin:1.5cm}svg{max-width:100%;height:auto}
"""


def _map_section(r: SiteAnalysisResult, areas) -> list[str]:
    return [
        "<h2 id='map'>Map: hotspots, dense groups, candidate networks</h2>",
        map_svg(r, areas),
        f"<p class='legend muted'><span style='color:#d62728'>■ Gi* hotspot cell (z ≥ {HOTSPOT_Z}, "
        f"{r.params.hotspot_distance_m:.0f} m band)</span><span style='color:#1f77b4'>▢ dense "
        "group (HDBSCAN, ≥ 2× average density)</span><span>① candidate network</span><span style='color:#2ca02c'>"
        "⬚ programme area</span></p>",
    ]


SPECIALISATIONS_PER_UNIT = 10
MIN_EMPLOYEES = 100


def _specialisation_section(r: SiteAnalysisResult) -> list[str]:
    """Counts tables: per unit its strongest specialisations (highest LQ among industries with at
    least `MIN_EMPLOYEES` persons employed) with employees, establishments and share."""
    from .counts import strongest_specialisations

    top = strongest_specialisations(
        r.cells, per_unit=SPECIALISATIONS_PER_UNIT, min_employees=MIN_EMPLOYEES
    )
    return [
        "<h2 id='specialisations'>Strongest specialisations by unit</h2>",
        f"<p class='muted'>The {SPECIALISATIONS_PER_UNIT} highest location quotients per unit "
        f"among industries with at least {MIN_EMPLOYEES} persons employed; LQ = (E_ui / E_u) / "
        "(E_i / E) over the analysed table; share: of the unit's employment.</p>",
        _table(
            top,
            [
                ("unit", "Unit"),
                ("industry", "Industry (NACE)"),
                ("employees", "Employees"),
                ("establishments", "Establishments"),
                ("lq", "LQ"),
                ("share", "Share"),
            ],
        ),
    ]


def render_html(
    r: SiteAnalysisResult, *, title: str = "Cluster-potential analysis", areas=None
) -> str:
    """The whole report as one HTML string (inline CSS and SVG, no external files)."""
    stars = r.stars.copy()
    stars["rating"] = ["★" * s + "☆" * (3 - s) for s in stars.stars]
    cats = r.categories[r.categories.category != "other"].copy()
    cand = r.candidates.copy()
    cand["members"] = [
        ", ".join(map(str, n[:8])) + (" …" if len(n) > 8 else "") for n in cand.company_names
    ]
    th = r.stars.attrs.get("thresholds", {})
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<p class='muted'>"
        + (f"{len(r.companies):,} companies, " if r.cells is None else "")
        + f"{len(r.unit_labels)} area units, "
        f"{len(r.industry_labels)} industries at WZ level “{escape(r.params.wz_level)}”, measure "
        f"{escape(r.params.measure)}.</p>",
    ]
    if r.warnings:
        parts.append("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in r.warnings) + "</ul>")
    if r.cells is not None:
        parts += _specialisation_section(r)
    if len(r.companies):
        parts += _map_section(r, areas)
    parts += [
        "<h2 id='stars'>Star table (European Cluster Observatory method)</h2>",
        f"<p class='muted'>One star each for size (employment ≥ {th.get('size_min', 0):,.0f}, the "
        f"top {1 - th.get('size_quantile', 0.9):.0%} of unit × category cells), specialisation "
        f"(LQ ≥ {th.get('lq_min', 2):g}) and focus (share of the unit's employment ≥ "
        f"{th.get('focus_min', 0):.1%}, top {1 - th.get('focus_quantile', 0.9):.0%}). "
        "“Strong” follows the US Cluster Mapping rule (LQ ≥ max(1, P75), employment and "
        "establishments above P25 among units with that category).</p>",
        _table(
            stars.head(30),
            [
                ("unit", "Unit"),
                ("category_name", "Category"),
                ("rating", "Stars"),
                ("employment", "Employment"),
                ("lq", "LQ"),
                ("focus", "Focus"),
                ("strong", "Strong cluster"),
            ],
            "stars",
        ),
        "<h2 id='bubbles'>Specialisation × size</h2>",
        bubble_svg(r.stars),
        "<h2 id='relatedness'>Industry space (relatedness)</h2>",
        relatedness_svg(r),
        "<p class='muted'>The largest industries; lines join industries with proximity φ ≥ 0.5 "
        "(Hidalgo et al. 2007); red: specialised (LQ ≥ 1) where the industry is largest.</p>",
        "<h2 id='categories'>Cluster categories</h2>",
        _table(
            cats,
            [
                ("name", "Category"),
                ("companies", "Companies"),
                ("employees", "Employment"),
                ("max_stars", "Best stars"),
                ("strong_units", "Strong units"),
                ("hotspot_z", "Top Gi* z"),
                ("hotspot_unit", "Hotspot in"),
                ("hotspot_companies", "Companies in hot cells"),
            ],
        ),
        "<h2 id='potentials'>Potentials: related industries not yet specialised</h2>",
        "<p class='muted'>Industries with LQ &lt; 1 in a unit whose related industries (by "
        "proximity φ) are present there; density is the φ-weighted share of related industries "
        f"present ({'with' if r.params.include_diagonal else 'without'} the diagonal).</p>",
        _table(
            r.potentials,
            [
                ("unit", "Unit"),
                ("industry", "WZ"),
                ("title", "Industry"),
                ("lq", "LQ"),
                ("density", "Density"),
                ("reason", "Why"),
            ],
        ),
        "<h2 id='networks'>Candidate networks</h2>",
        _table(
            cand,
            [
                ("rank", "#"),
                ("size", "Companies"),
                ("score", "Score"),
                ("share_in_area", "In programme area"),
                ("reason", "Why"),
                ("members", "Companies (first 8)"),
            ],
        ),
        "<h2 id='groups'>Dense groups</h2>",
        _table(
            r.groups.head(10),
            [
                ("size", "Companies"),
                ("area_m2", "Area m²"),
                ("top_category", "Main category"),
                ("units", "Units"),
            ],
        )
        if len(r.groups) and "top_category" in r.groups
        else "<p>No dense group.</p>",
        "<h2 id='units'>Area units</h2>",
        _table(
            r.units.sort_values("employees", ascending=False).head(25),
            [
                ("unit", "Unit"),
                ("establishments", "Establishments"),
                ("employees", "Employment"),
                ("diversity", "Diversity"),
                ("krugman", "Krugman"),
                ("herfindahl", "Herfindahl"),
                ("entropy", "Entropy (bits)"),
            ],
        ),
        "<p class='muted'>Computed by verbund.analysis; timings "
        + escape(", ".join(f"{k} {v:.2f} s" for k, v in r.timings.items()))
        + ".</p></body></html>",
    ]
    return "".join(parts)


def write_report(
    r: SiteAnalysisResult, out_dir: str | Path, *, areas=None, pdf: bool = True, title=None
) -> dict[str, Path]:
    """Write ``report.html`` (and ``report.pdf`` with WeasyPrint) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(r, areas=areas, title=title or "Cluster-potential analysis")
    paths = {"html": out / "report.html"}
    paths["html"].write_text(html, encoding="utf-8")
    if pdf:
        from weasyprint import HTML

        paths["pdf"] = out / "report.pdf"
        HTML(string=html, base_url=str(out)).write_pdf(paths["pdf"])
    return paths
