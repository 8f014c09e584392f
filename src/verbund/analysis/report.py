"""Self-contained HTML report with server-side SVG charts, and its PDF (WeasyPrint).

The SVG is written by hand (a few dozen lines) instead of matplotlib so the report has no binary
assets, renders the same in browsers and WeasyPrint, and stays small. Everything is escaped.
"""

from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from .constants import HOTSPOT_Z
from .pipeline import SiteAnalysisResult
from .titles import industry_title, number, percent

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939"]  # fmt: skip


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
    zones = bool(r.hotspots.attrs.get("zones"))
    for h in hot.itertuples():
        a, b = px(h.cell_x, h.cell_y)
        op = 0.15 + 0.6 * min(h.z / zmax, 1)
        if zones:  # a hot zone: a disc on its centre (the zone's outline is not known here)
            out.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="8" fill="#d62728" fill-opacity="{op:.2f}"/>'
            )
            continue
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


BUBBLE_LABELS = 12
"""At most this many bubbles are labelled (hundreds of units would pile their labels up)."""


def _label_boxes(candidates, width: int, height: int, char_w: float = 5.0, line_h: float = 10.0):
    """Greedy non-overlapping placement: each candidate (x, y, text, radius) in order gets its
    label above the bubble, else below, else none. Returns (x, y, text) of the placed labels."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for x, y, text, rad in candidates:
        w = char_w * len(text)
        for ty in (y - rad - 3, y + rad + line_h):
            box = (x - w / 2, ty - line_h + 2, x + w / 2, ty + 2)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
            free = all(
                box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed
            )
            if inside and free:
                placed.append(box)
                out.append((x, ty, text))
                break
    return out


def bubble_svg(
    stars: pd.DataFrame,
    width: int = 640,
    height: int = 380,
    top: int = 60,
    *,
    lang: str = "en",
    labels: int = BUBBLE_LABELS,
) -> str:
    """LQ (y, log) × employment (x, log) bubble chart of the ``top`` unit × category cells (most
    stars, then employment); bubble area ∝ focus share; colour per category. Only the ``labels``
    leading cells are labelled, and only where the label does not cover another."""
    d = stars.sort_values(["stars", "employment"], ascending=False).head(top)
    if d.empty:
        return ""
    ml, mb, mt, mr = 50, 40, 10, 10
    ex = np.log10(np.maximum(d.employment.to_numpy(float), 1))
    ly = np.log2(np.maximum(d.lq.to_numpy(float), 1 / 16))
    xa, xb = ex.min() - 0.1, ex.max() + 0.1
    if xb - xa < 0.5:
        xa, xb = xa - 0.25, xb + 0.25
    ya, yb = min(ly.min(), -1) - 0.3, max(ly.max(), 2) + 0.3
    cats = sorted(d.category.unique())
    col = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(cats)}
    legend_h = 14 * ((len(cats) + 1) // 2) + 6
    plot_h, height = height, height + legend_h

    def sx(v):
        return ml + (v - xa) / (xb - xa) * (width - ml - mr)

    def sy(v):
        return mt + (yb - v) / (yb - ya) * (plot_h - mt - mb)

    xlabel = escape(_t("employment (log scale)", lang))
    ylabel = escape(_t("location quotient (log scale)", lang))
    lq1 = escape(_t("LQ", lang)) + " = 1"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="bubble chart" font-family="sans-serif">',
        f'<line x1="{ml}" y1="{sy(0):.1f}" x2="{width - mr}" y2="{sy(0):.1f}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{width - mr}" y="{sy(0) - 3:.1f}" font-size="10" text-anchor="end">{lq1}</text>',
        f'<line x1="{ml}" y1="{plot_h - mb}" x2="{width - mr}" y2="{plot_h - mb}" stroke="#000"/>',
        f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{plot_h - mb}" stroke="#000"/>',
        f'<text x="{width / 2}" y="{plot_h - 8}" font-size="11" text-anchor="middle">'
        f"{xlabel}</text>",
        f'<text x="12" y="{plot_h / 2}" font-size="11" transform="rotate(-90 12 {plot_h / 2})" '
        f'text-anchor="middle">{ylabel}</text>',
    ]
    for e in range(math.floor(xa), math.ceil(xb) + 1):
        if xa <= e <= xb:
            out.append(
                f'<text x="{sx(e):.1f}" y="{plot_h - mb + 14}" font-size="10" '
                f'text-anchor="middle">{number(10**e, lang)}</text>'
            )
    for e in range(math.floor(ya), math.ceil(yb) + 1):
        tick = number(2.0**e, lang, digits=0 if e >= 0 else min(-e, 4)).rstrip("0").rstrip(".,")
        out.append(
            f'<text x="{ml - 4}" y="{sy(e) + 3:.1f}" font-size="10" text-anchor="end">{tick}</text>'
        )
    candidates = []
    for k, (row, a, b) in enumerate(zip(d.itertuples(), ex, ly, strict=True)):
        rad = 3 + 25 * math.sqrt(max(row.focus, 0))
        out.append(
            f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="{rad:.1f}" fill="{col[row.category]}" '
            f'fill-opacity="0.45" stroke="{col[row.category]}"><title>{escape(str(row.unit))}: '
            f"{escape(str(row.category_name))}</title></circle>"
        )
        if k < labels:
            candidates.append((sx(a), sy(b), str(row.unit)[:28], rad))
    for x, y, text in _label_boxes(candidates, width, plot_h - mb):
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" text-anchor="middle">{escape(text)}</text>'
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


GERMAN = {
    "Cluster-potential analysis": "Analyse der Clusterpotenziale",
    "{companies} companies, ": "{companies} Unternehmen, ",
    "{units} area units, {industries} industries at level “{level}”, measure {measure}.":
        "{units} Gebietseinheiten, {industries} Branchen auf Ebene „{level}“, Maß: {measure}.",
    "employees": "Beschäftigte",
    "establishments": "Betriebe",
    "Strongest specialisations by unit": "Stärkste Spezialisierungen je Gebietseinheit",
    "The {n} highest location quotients per unit among industries with at least {min} persons "
    "employed; LQ = (E_ui / E_u) / (E_i / E) over the analysed table; share: of the unit's "
    "employment.":
        "Die {n} höchsten Standortquotienten je Einheit unter den Branchen mit mindestens {min} "
        "Beschäftigten; SQ = (E_ui / E_u) / (E_i / E) über die analysierte Tabelle; Anteil: an "
        "der Beschäftigung der Einheit.",
    "Leading units by industry": "Führende Gebietseinheiten je Branche",
    "The {n} largest industries, each with its {k} units of highest LQ (at least {min} persons "
    "employed).":
        "Die {n} größten Branchen mit je ihren {k} Einheiten mit dem höchsten SQ (mindestens {min} "
        "Beschäftigte).",
    "Unit": "Einheit",
    "Industry": "Branche",
    "Code": "Code",
    "Employees": "Beschäftigte",
    "Establishments": "Betriebe",
    "LQ": "SQ",
    "Share": "Anteil",
    "Leading units (LQ)": "Führende Einheiten (SQ)",
    "Star table (European Cluster Observatory method)":
        "Sterne-Tabelle (Methode des European Cluster Observatory)",
    "One star each for size (employment ≥ {size}, the top {sq} of unit × category cells), "
    "specialisation (LQ ≥ {lq}) and focus (share of the unit's employment ≥ {focus}, top {fq}). "
    "Only traded categories are rated; “Other” and local categories set no cut-off. “Strong” "
    "follows the US Cluster Mapping rule (LQ ≥ max(1, P75), employment and establishments above "
    "P25 among units with that category).":
        "Je ein Stern für Größe (Beschäftigung ≥ {size}, die oberen {sq} der Zellen Einheit × "
        "Kategorie), Spezialisierung (SQ ≥ {lq}) und Fokus (Anteil an der Beschäftigung der "
        "Einheit ≥ {focus}, obere {fq}). Nur überregional handelbare Kategorien werden bewertet; "
        "„Sonstige“ und lokale Kategorien setzen keine Schwelle. „Stark“ folgt der Regel des US "
        "Cluster Mapping (SQ ≥ max(1, P75), Beschäftigung und Betriebe über P25 unter den "
        "Einheiten mit dieser Kategorie).",
    "Category": "Kategorie",
    "Stars": "Sterne",
    "Employment": "Beschäftigung",
    "Focus": "Fokus",
    "Strong cluster": "Starkes Cluster",
    "yes": "ja",
    "no": "nein",
    "Specialisation × size": "Spezialisierung × Größe",
    "employment (log scale)": "Beschäftigung (logarithmisch)",
    "location quotient (log scale)": "Standortquotient (logarithmisch)",
    "Labels: the {n} leading cells (most stars, then employment) whose label has room.":
        "Beschriftet: die {n} führenden Zellen (meiste Sterne, dann Beschäftigung), soweit Platz "
        "ist.",
    "Industry space (relatedness)": "Branchenraum (Verwandtschaft)",
    "The largest industries; lines join industries with proximity φ ≥ 0.5 (Hidalgo et al. "
    "2007); red: specialised (LQ ≥ 1) where the industry is largest.":
        "Die größten Branchen; Linien verbinden Branchen mit Nähe φ ≥ 0,5 (Hidalgo u. a. 2007); "
        "rot: spezialisiert (SQ ≥ 1) dort, wo die Branche am größten ist.",
    "Cluster categories": "Clusterkategorien",
    "Companies": "Unternehmen",
    "Best stars": "Beste Sterne",
    "Strong units": "Starke Einheiten",
    "Top Gi* z": "Höchstes Gi*-z",
    "Hotspot in": "Hotspot in",
    "Companies in hot cells": "Unternehmen in Hotspot-Zellen",
    "Potentials: related industries not yet specialised":
        "Potenziale: verwandte Branchen ohne Spezialisierung",
    "Industries with LQ < 1 in a unit whose related industries (by proximity φ) are present "
    "there; density is the φ-weighted share of related industries present ({diag} the "
    "diagonal).":
        "Branchen mit SQ < 1 in einer Einheit, in der ihre verwandten Branchen (nach Nähe φ) "
        "vertreten sind; Dichte ist der φ-gewichtete Anteil vertretener verwandter Branchen "
        "({diag} Diagonale).",
    "with": "mit",
    "without": "ohne",
    "Density": "Dichte",
    "Candidate networks": "Kandidaten für Netzwerke",
    "Score": "Wert",
    "In programme area": "Im Programmgebiet",
    "Why": "Warum",
    "Companies (first 8)": "Unternehmen (erste 8)",
    "{n} companies within about {km} km of each other": "{n} Unternehmen im Umkreis von etwa {km} km",
    "{n} companies in {zones} neighbouring zones": "{n} Unternehmen in {zones} benachbarten Zonen",
    "industries: {list}": "Branchen: {list}",
    "shared competences: {list}": "gemeinsame Kompetenzen: {list}",
    "{share} inside the programme area": "{share} im Programmgebiet",
    "Dense groups": "Dichte Gruppen",
    "No dense group.": "Keine dichte Gruppe.",
    "Area m²": "Fläche m²",
    "Main category": "Hauptkategorie",
    "Units": "Einheiten",
    "Area units": "Gebietseinheiten",
    "Diversity": "Diversität",
    "Herfindahl": "Herfindahl",
    "Krugman": "Krugman",
    "Entropy (bits)": "Entropie (Bit)",
    "Computed by verbund.analysis; timings {t}.": "Berechnet mit verbund.analysis; Laufzeiten {t}.",
    "Map: hotspots, dense groups, candidate networks":
        "Karte: Hotspots, dichte Gruppen, Kandidaten für Netzwerke",
    "Gi* hotspot cell (z ≥ {z}, {d} m band)": "Gi*-Hotspot-Zelle (z ≥ {z}, {d}-m-Band)",
    "Gi* hotspot zone (z ≥ {z}, neighbouring zones)": "Gi*-Hotspot-Zone (z ≥ {z}, Nachbarzonen)",
    "dense group (HDBSCAN, ≥ 2× average density)": "dichte Gruppe (HDBSCAN, ≥ 2× mittlere Dichte)",
    "candidate network": "Netzwerk-Kandidat",
    "programme area": "Programmgebiet",
    "Other": "Sonstige",
}  # fmt: skip
"""The report's German texts, by their English source (the report is written in one language)."""


GERMAN_WARNINGS = [
    (r"(\S+) of (\S+) employment cells are blank, confidential or flagged \(e\.g\. ':' or "
     r"'1234 d'\); they are read as missing, not as numbers\.",
     "{0} von {1} Beschäftigtenzellen sind leer, vertraulich oder markiert (z. B. „:“ oder "
     "„1234 d“); sie gelten als fehlend, nicht als Zahlen."),
    (r"(\S+) establishment cells are missing or flagged\.",
     "{0} Betriebszellen fehlen oder sind markiert."),
    (r"No establishments column: the strong-cluster test \(which needs them\) finds none\.",
     "Keine Spalte mit Betrieben: der Test auf starke Cluster (der sie braucht) findet keine."),
    (r"(\S+) industry codes are no NACE codes and were left out \(e\.g\. (.*)\)\.",
     "{0} Branchencodes sind keine NACE-Codes und bleiben außen vor (z. B. {1})."),
    (r"Industry codes at several levels: the (\w+) are analysed .*",
     "Branchencodes auf mehreren Ebenen: analysiert werden die {0} (die feinste Ebene, die die "
     "gröberen Codes abdeckt); die anderen Ebenen werden nicht hinzugezählt."),
    (r"Unit codes nest \(e\.g\. NUTS levels\): only the (\S+) units with codes of (\d+) "
     r"characters are analysed, never sums across levels\.",
     "Die Codes der Gebietseinheiten sind geschachtelt (z. B. NUTS-Ebenen): analysiert werden "
     "nur die {0} Einheiten mit {1} Zeichen langen Codes, nie Summen über Ebenen."),
    (r"The (\S+) establishments are placed by zone \((\S+) zones, not addresses\).*",
     "Die {0} Betriebe sind nur nach Zone verortet ({1} Zonen, keine Adressen): Hotspots werden "
     "zwischen benachbarten Zonen berechnet (Gi*, die nächsten Zonen jeder Zone) statt in "
     "Rasterzellen, Netzwerk-Kandidaten verbinden verwandte Betriebe benachbarter Zonen."),
    (r"(\S+) establishments are placed only by zone: .*",
     "{0} Betriebe sind nur nach Zone verortet: sie zählen bei Spezialisierung und Clustern, nicht "
     "aber bei Hotspots, Kolokation und Netzwerk-Kandidaten."),
    (r"(\S+) of (\S+) companies lack a WZ code or position\.",
     "{0} von {1} Unternehmen fehlt ein WZ-Code oder eine Position."),
    (r"No district column: (\S+) m grid squares serve as area units\.",
     "Keine Spalte mit Ortsteilen: Rasterquadrate von {0} m dienen als Gebietseinheiten."),
    (r"(\S+) companies give their employees as a size band; .*",
     "{0} Unternehmen geben ihre Beschäftigten als Größenklasse an; verwendet wird die Mitte "
     "der Klasse (bei einer offenen obersten Klasse ihre Untergrenze)."),
    (r"(\S+) companies have no number of employees; each counts as 1\.",
     "{0} Unternehmen haben keine Beschäftigtenzahl; jedes zählt als 1."),
    (r"(\S+) industry codes had lost their leading zero and were read with it \((.*)\); .*",
     "{0} Branchencodes hatten ihre führende Null verloren und wurden mit ihr gelesen ({1}); "
     "Codes mit Punkten schreiben (01.61), um das zu vermeiden."),
    (r"(\S+) codes are no WZ 2008 subclass \(e\.g\. (.*); UK SIC 2007 subclasses\?\) and are "
     r"read as their NACE class\.",
     "{0} Codes sind keine WZ-2008-Unterklasse (z. B. {1}; Unterklassen der UK SIC 2007?) und "
     "werden als ihre NACE-Klasse gelesen."),
]  # fmt: skip
"""The pipeline's warnings (English sentences) in German: pattern, German template."""


def warning_in_language(text: str, lang: str) -> str:
    """One of the pipeline's warnings in `lang` ("de" or "en"); unknown sentences stay English."""
    return _warning(text, lang)


def _warning(text: str, lang: str) -> str:
    if lang != "de":
        return text
    for pattern, german in GERMAN_WARNINGS:
        m = re.fullmatch(pattern, text, flags=re.S)
        if m:
            groups = [re.sub(r"(?<=\d),(?=\d{3})", ".", g) for g in m.groups()]
            return german.format(*groups)
    return text


def _t(text: str, lang: str, **values) -> str:
    out = GERMAN.get(text, text) if lang == "de" else text
    return out.format(**values) if values else out


INTEGER_COLUMNS = {
    "employees", "establishments", "employment", "companies", "size", "value", "strong_units",
    "max_stars", "rank", "hotspot_companies", "area_m2",
}  # fmt: skip
"""Counts, printed as whole numbers (a size band's midpoint keeps its one decimal)."""
PERCENT_COLUMNS = {"share", "focus", "share_in_area", "density"}


def _cell(column: str, value, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return _t("yes" if value else "no", lang)
    if isinstance(value, int | float | np.integer | np.floating):
        if column in INTEGER_COLUMNS:
            return number(value, lang, digits=None)
        if column in PERCENT_COLUMNS:
            return percent(value, lang)
        return number(value, lang, digits=2)
    if isinstance(value, list | tuple):
        return escape(", ".join(map(str, value)))
    return escape(str(value))


def _table(df: pd.DataFrame, cols: list[tuple[str, str]], lang: str = "en", cls: str = "") -> str:
    head = "".join(f"<th>{escape(_t(t, lang))}</th>" for _, t in cols)
    body = []
    for row in df.to_dict("records"):
        body.append(
            "<tr>" + "".join(f"<td>{_cell(c, row[c], lang)}</td>" for c, _ in cols) + "</tr>"
        )
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


def _map_section(r: SiteAnalysisResult, areas, lang: str) -> list[str]:
    zones = bool(r.hotspots.attrs.get("zones"))
    cell = (
        _t(
            "Gi* hotspot zone (z ≥ {z}, neighbouring zones)",
            lang,
            z=number(HOTSPOT_Z, lang, digits=2),
        )
        if zones
        else _t(
            "Gi* hotspot cell (z ≥ {z}, {d} m band)",
            lang,
            z=number(HOTSPOT_Z, lang, digits=2),
            d=f"{r.params.hotspot_distance_m:.0f}",
        )
    )
    return [
        f"<h2 id='map'>{_t('Map: hotspots, dense groups, candidate networks', lang)}</h2>",
        map_svg(r, areas),
        f"<p class='legend muted'><span style='color:#d62728'>■ {escape(cell)}</span>"
        f"<span style='color:#1f77b4'>▢ {_t('dense group (HDBSCAN, ≥ 2× average density)', lang)}"
        f"</span><span>① {_t('candidate network', lang)}</span><span style='color:#2ca02c'>"
        f"⬚ {_t('programme area', lang)}</span></p>",
    ]


SPECIALISATIONS_PER_UNIT = 10
MIN_EMPLOYEES = 100
LEADING_INDUSTRIES = 30
LEADING_UNITS = 3


def result_cells(r: SiteAnalysisResult) -> pd.DataFrame | None:
    """Every unit × industry cell with employment: a counts table's own, or from the matrices of
    an establishments run measured in employees (None when measured in establishments)."""
    if r.cells is not None:
        return r.cells
    if r.params.measure != "employees" or r.counts.size == 0:
        return None
    ui, ii = np.nonzero(r.counts > 0)
    return pd.DataFrame(
        {
            "unit": np.asarray(r.unit_labels)[ui],
            "industry": np.asarray(r.industry_labels)[ii],
            "employees": r.counts[ui, ii],
            "establishments": np.nan,
            "lq": r.lq[ui, ii],
        }
    )


def _unit_label(r: SiteAnalysisResult) -> dict[str, str]:
    """Unit code → "code name" where the input gave names."""
    if "name" not in r.units:
        return {}
    return {
        str(u): f"{u} {n}" if n and str(n) != str(u) else str(u)
        for u, n in zip(r.units["unit"], r.units["name"].fillna(""), strict=True)
    }


def _specialisation_section(r: SiteAnalysisResult, lang: str) -> list[str]:
    """Per unit its strongest specialisations (highest LQ among industries with at least
    `MIN_EMPLOYEES` persons employed), and per large industry its leading units."""
    from .counts import strongest_specialisations

    cells = result_cells(r)
    if cells is None or cells.empty:
        return []
    top = strongest_specialisations(
        cells, per_unit=SPECIALISATIONS_PER_UNIT, min_employees=MIN_EMPLOYEES
    )
    names = _unit_label(r)
    top = top.assign(
        unit=top["unit"].map(lambda u: names.get(str(u), str(u))),
        title=[industry_title(c, lang) for c in top["industry"]],
    )
    cols = [("unit", "Unit"), ("industry", "Code"), ("title", "Industry")]
    cols += [("employees", "Employees")]
    if top["establishments"].notna().any():
        cols += [("establishments", "Establishments")]
    cols += [("lq", "LQ"), ("share", "Share")]
    big = cells[cells["employees"] >= MIN_EMPLOYEES]
    sizes = cells.groupby("industry")["employees"].sum().sort_values(ascending=False)
    leading = []
    for code in sizes.index[:LEADING_INDUSTRIES]:
        best = big[big["industry"] == code].nlargest(LEADING_UNITS, "lq")
        leading.append(
            {
                "industry": code,
                "title": industry_title(code, lang),
                "employees": float(sizes[code]),
                "leading": "; ".join(
                    f"{names.get(str(u), u)} ({number(q, lang, digits=2)})"
                    for u, q in zip(best["unit"], best["lq"], strict=True)
                ),
            }
        )
    return [
        f"<h2 id='specialisations'>{_t('Strongest specialisations by unit', lang)}</h2>",
        "<p class='muted'>"
        + escape(
            _t(
                "The {n} highest location quotients per unit among industries with at least "
                "{min} persons employed; LQ = (E_ui / E_u) / (E_i / E) over the analysed table; "
                "share: of the unit's employment.",
                lang,
                n=SPECIALISATIONS_PER_UNIT,
                min=MIN_EMPLOYEES,
            )
        )
        + "</p>",
        _table(top, cols, lang),
        f"<h2 id='leading-units'>{_t('Leading units by industry', lang)}</h2>",
        "<p class='muted'>"
        + escape(
            _t(
                "The {n} largest industries, each with its {k} units of highest LQ (at least "
                "{min} persons employed).",
                lang,
                n=LEADING_INDUSTRIES,
                k=LEADING_UNITS,
                min=MIN_EMPLOYEES,
            )
        )
        + "</p>",
        _table(
            pd.DataFrame(leading, columns=["industry", "title", "employees", "leading"]),
            [
                ("industry", "Code"),
                ("title", "Industry"),
                ("employees", "Employees"),
                ("leading", "Leading units (LQ)"),
            ],
            lang,
        ),
    ]


def candidate_reason(row: dict, lang: str) -> str:
    """Why a candidate network, in the report's language."""
    inds = ", ".join(
        f"{k} {industry_title(k, lang)}".strip() + f" ({v})"
        for k, v in list((row.get("industries") or {}).items())[:3]
    )
    if row.get("zones"):
        parts = [_t("{n} companies in {zones} neighbouring zones", lang, n=row["size"],
                    zones=row["zones"])]  # fmt: skip
    else:
        km = number((row.get("median_radius_m") or 0) / 1000, lang, digits=1)
        parts = [_t("{n} companies within about {km} km of each other", lang, n=row["size"], km=km)]
    parts.append(_t("industries: {list}", lang, list=inds))
    if row.get("terms"):
        parts.append(_t("shared competences: {list}", lang, list=", ".join(row["terms"])))
    share = row.get("share_in_area")
    if share is not None and not (isinstance(share, float) and math.isnan(share)):
        parts.append(
            _t("{share} inside the programme area", lang, share=percent(share, lang, digits=0))
        )
    return "; ".join(parts) + "."


def render_html(
    r: SiteAnalysisResult, *, title: str | None = None, areas=None, lang: str = "en"
) -> str:
    """The whole report as one HTML string (inline CSS and SVG, no external files), in ``lang``
    (``en`` or ``de``): texts, industry titles, category names and numbers."""
    title = title or _t("Cluster-potential analysis", lang)
    names = _unit_label(r)
    category_names = (
        dict(zip(r.categories.category, r.categories.name_de, strict=True)) if lang == "de" else {}
    )
    stars = r.stars.copy()
    stars["rating"] = ["★" * s + "☆" * (3 - s) for s in stars.stars]
    if lang == "de":
        stars["category_name"] = (
            stars["category"].map(category_names).fillna(stars["category_name"])
        )
    stars["unit"] = stars["unit"].map(lambda u: names.get(str(u), str(u)))
    cats = r.categories[r.categories.category != "other"].copy()
    if lang == "de":
        cats["name"] = cats["name_de"]
    cand = r.candidates.copy()
    cand["members"] = [
        ", ".join(map(str, n[:8])) + (" …" if len(n) > 8 else "") for n in cand.company_names
    ]
    cand["reason"] = [candidate_reason(row, lang) for row in r.candidates.to_dict("records")]
    pots = r.potentials.copy()
    pots["title"] = [industry_title(c, lang) for c in pots["industry"]]
    pots["unit"] = pots["unit"].map(lambda u: names.get(str(u), str(u)))
    units = r.units.sort_values("employees", ascending=False).head(25).copy()
    units["unit"] = units["unit"].map(lambda u: names.get(str(u), str(u)))
    th = r.stars.attrs.get("thresholds", {})
    measure = _t(r.params.measure, lang)
    intro = (f"{_t('{companies} companies, ', lang, companies=number(len(r.companies), lang))}"
             if r.cells is None else "")  # fmt: skip
    intro += _t(
        "{units} area units, {industries} industries at level “{level}”, measure {measure}.",
        lang,
        units=number(len(r.unit_labels), lang),
        industries=number(len(r.industry_labels), lang),
        level=r.params.wz_level if r.cells is None else r.industry_level,
        measure=measure,
    )
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='muted'>{escape(intro)}</p>",
    ]
    if r.warnings:
        items = "".join(f"<li>{escape(_warning(w, lang))}</li>" for w in r.warnings)
        parts.append(f"<ul>{items}</ul>")
    parts += _specialisation_section(r, lang)
    if len(r.companies):
        parts += _map_section(r, areas, lang)
    star_note = _t(
        "One star each for size (employment ≥ {size}, the top {sq} of unit × category cells), "
        "specialisation (LQ ≥ {lq}) and focus (share of the unit's employment ≥ {focus}, top "
        "{fq}). Only traded categories are rated; “Other” and local categories set no cut-off. "
        "“Strong” follows the US Cluster Mapping rule (LQ ≥ max(1, P75), employment and "
        "establishments above P25 among units with that category).",
        lang,
        size=number(th.get("size_min", 0) if np.isfinite(th.get("size_min", 0)) else 0, lang),
        sq=percent(1 - th.get("size_quantile", 0.9), lang, digits=0),
        lq=number(th.get("lq_min", 2), lang, digits=None),
        focus=percent(th.get("focus_min", 0) if np.isfinite(th.get("focus_min", 0)) else 0, lang),
        fq=percent(1 - th.get("focus_quantile", 0.9), lang, digits=0),
    )
    diag = _t("with" if r.params.include_diagonal else "without", lang)
    parts += [
        f"<h2 id='stars'>{_t('Star table (European Cluster Observatory method)', lang)}</h2>",
        f"<p class='muted'>{escape(star_note)}</p>",
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
            lang,
            "stars",
        ),
        f"<h2 id='bubbles'>{_t('Specialisation × size', lang)}</h2>",
        bubble_svg(stars, lang=lang),
        "<p class='muted'>"
        + escape(
            _t(
                "Labels: the {n} leading cells (most stars, then employment) whose label has room.",
                lang,
                n=BUBBLE_LABELS,
            )
        )
        + "</p>",
        f"<h2 id='relatedness'>{_t('Industry space (relatedness)', lang)}</h2>",
        relatedness_svg(r),
        "<p class='muted'>"
        + escape(
            _t(
                "The largest industries; lines join industries with proximity φ ≥ 0.5 "
                "(Hidalgo et al. 2007); red: specialised (LQ ≥ 1) where the industry is "
                "largest.",
                lang,
            )
        )
        + "</p>",
        f"<h2 id='categories'>{_t('Cluster categories', lang)}</h2>",
        _table(
            cats,
            [
                ("name", "Category"),
                *([("companies", "Companies")] if r.cells is None else []),
                ("employees", "Employment"),
                ("max_stars", "Best stars"),
                ("strong_units", "Strong units"),
                *(
                    [
                        ("hotspot_z", "Top Gi* z"),
                        ("hotspot_unit", "Hotspot in"),
                        ("hotspot_companies", "Companies in hot cells"),
                    ]
                    if len(r.hotspots)
                    else []
                ),
            ],
            lang,
        ),
        "<h2 id='potentials'>"
        + _t("Potentials: related industries not yet specialised", lang)
        + "</h2>",
        "<p class='muted'>"
        + escape(
            _t(
                "Industries with LQ < 1 in a unit whose related industries (by proximity φ) "
                "are present there; density is the φ-weighted share of related industries "
                "present ({diag} the diagonal).",
                lang,
                diag=diag,
            )
        )
        + "</p>",
        _table(
            pots,
            [
                ("unit", "Unit"),
                ("industry", "Code"),
                ("title", "Industry"),
                ("lq", "LQ"),
                ("density", "Density"),
            ],
            lang,
        ),
    ]
    if len(r.companies):
        parts += [
            f"<h2 id='networks'>{_t('Candidate networks', lang)}</h2>",
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
                lang,
            ),
            f"<h2 id='groups'>{_t('Dense groups', lang)}</h2>",
            _table(
                r.groups.head(10),
                [
                    ("size", "Companies"),
                    ("area_m2", "Area m²"),
                    ("top_category", "Main category"),
                    ("units", "Units"),
                ],
                lang,
            )
            if len(r.groups) and "top_category" in r.groups
            else f"<p>{_t('No dense group.', lang)}</p>",
        ]
    timings = ", ".join(f"{k} {number(v, lang, digits=2)} s" for k, v in r.timings.items())
    parts += [
        f"<h2 id='units'>{_t('Area units', lang)}</h2>",
        _table(
            units,
            [
                ("unit", "Unit"),
                ("establishments", "Establishments"),
                ("employees", "Employment"),
                ("diversity", "Diversity"),
                ("krugman", "Krugman"),
                ("herfindahl", "Herfindahl"),
                ("entropy", "Entropy (bits)"),
            ],
            lang,
        ),
        "<p class='muted'>"
        + escape(_t("Computed by verbund.analysis; timings {t}.", lang, t=timings))
        + "</p></body></html>",
    ]
    return "".join(parts)


def write_report(
    r: SiteAnalysisResult,
    out_dir: str | Path,
    *,
    areas=None,
    pdf: bool = True,
    title=None,
    lang: str = "en",
) -> dict[str, Path]:
    """Write ``report.html`` (and ``report.pdf`` with WeasyPrint) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(r, areas=areas, title=title, lang=lang)
    paths = {"html": out / "report.html"}
    paths["html"].write_text(html, encoding="utf-8")
    if pdf:
        from weasyprint import HTML

        paths["pdf"] = out / "report.pdf"
        HTML(string=html, base_url=str(out)).write_pdf(paths["pdf"])
    return paths
