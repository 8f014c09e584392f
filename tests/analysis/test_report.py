"""The report in one language: titles, numbers, names, and charts readable with many units."""

import re

import numpy as np
import pandas as pd
import pytest

from verbund.analysis.counts import run_counts_analysis
from verbund.analysis.report import BUBBLE_LABELS, bubble_svg, render_html
from verbund.analysis.titles import number

pytestmark = pytest.mark.unit


def _counts(units: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for u in range(units):
        for code in ("B06", "C29", "C30", "K64", "O84", "J62"):
            rows.append([f"R{u:03d}", code, str(int(rng.integers(150, 20_000))), "", f"Region {u}"])
    rows.append(["R000", "B06", "11221", "", "Region 0"])  # summed with the row above
    return pd.DataFrame(
        rows, columns=["unit", "industry", "employees", "establishments", "unit_name"]
    )


def _text(html: str, section: str) -> str:
    start = html.index(f"id='{section}'")
    return re.sub(r"<[^>]+>", " ", html[start : html.index("<h2", start + 10)])


def test_english_report_has_english_titles_whole_numbers_and_unit_names():
    r = run_counts_analysis(_counts())
    html = render_html(r, lang="en")
    first = _text(html, "specialisations")
    assert "Manufacture of motor vehicles, trailers and semi-trailers" in first
    assert "Herstellung" not in html
    assert "R000 Region 0" in first
    assert not re.search(r"\d,\d{3}\.00\b", first)  # employment never as "11,221.00"
    employees = r.cells.query("unit == 'R000' and industry == 'B06'")["employees"].iat[0]
    assert number(employees, "en") in first
    assert "<html lang='en'>" in html


def test_german_report_has_german_titles_numbers_and_categories():
    r = run_counts_analysis(_counts())
    html = render_html(r, lang="de")
    first = _text(html, "specialisations")
    assert "Stärkste Spezialisierungen je Gebietseinheit" in html
    assert "Herstellung von Kraftwagen und Kraftwagenteilen" in first
    employees = r.cells.query("unit == 'R000' and industry == 'B06'")["employees"].iat[0]
    assert number(employees, "de") in first and "." in number(employees, "de")
    assert "Automobil" in _text(html, "stars") and "Sterne-Tabelle" in html
    assert "Manufacture of" not in html


def test_bubble_chart_labels_only_the_leading_cells_without_overlap():
    rng = np.random.default_rng(1)
    n = 253
    stars = pd.DataFrame(
        {
            "unit": [f"Zone {i}" for i in range(n)],
            "category": rng.choice(["a", "b", "c"], n),
            "category_name": "x",
            "employment": rng.uniform(100, 5000, n),
            "lq": rng.uniform(0.5, 4, n),
            "focus": rng.uniform(0, 0.2, n),
            "stars": rng.integers(0, 4, n),
        }
    )
    svg = bubble_svg(stars, top=n)
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="9"[^>]*>([^<]+)</text>', svg)
    assert 0 < len(labels) <= BUBBLE_LABELS
    boxes = [
        (float(x) - 2.5 * len(t), float(y) - 8, float(x) + 2.5 * len(t), float(y) + 2)
        for x, y, t in labels
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]  # no two overlap
    leaders = stars.sort_values(["stars", "employment"], ascending=False).head(BUBBLE_LABELS)
    assert {t for *_, t in labels} <= set(leaders["unit"])


def test_german_report_gives_the_warnings_in_german():
    table = _counts()
    table.loc[0, "employees"] = ":"
    r = run_counts_analysis(table)
    html = render_html(r, lang="de")
    assert "Beschäftigtenzellen sind leer, vertraulich oder markiert" in html
    assert "37 Betriebszellen fehlen oder sind markiert." in html
    assert "employment cells are blank" not in html
