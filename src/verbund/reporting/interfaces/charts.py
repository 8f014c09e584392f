"""Server-side SVG charts for the progress page: horizontal bars of progress against target.

Written by hand (a few rectangles and labels) rather than with a plotting library: the page needs
no script (the strict CSP), the charts print as they are and scale with the text, and
matplotlib would add a heavy dependency for two bar charts. Colours are SVG presentation
attributes, not inline styles. Every text goes through `format_html`, so names are escaped.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, LABEL_W, BAR_H, GAP = 760, 250, 18, 8
BAR_W = WIDTH - LABEL_W - 140
GOOD, BEHIND, TARGET = "#2e7d32", "#c77700", "#1d5b8f"


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None  # of target, may exceed 100
    note: str = ""  # e.g. "12 / 20"
    mark: float | None = None  # an intermediate target in percent of the target


def bar_chart(bars: list[Bar], *, title: str) -> SafeString:
    if not bars:
        return SafeString("")
    height = len(bars) * (BAR_H + GAP) + GAP + 14
    rows = []
    for k, bar in enumerate(bars):
        y = GAP + k * (BAR_H + GAP)
        shown = min(max(bar.percent or 0.0, 0.0), 100.0)
        colour = GOOD if (bar.percent or 0) >= 100 else BEHIND
        percent_text = "–" if bar.percent is None else f"{bar.percent:.0f} %"
        row = format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#e6e6e6"></rect>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="11">{} {}</text>{}',
                LABEL_W - 6, y + BAR_H - 4, bar.label[:40],
                LABEL_W, y, BAR_W, BAR_H,
                LABEL_W, y, f"{BAR_W * shown / 100:.1f}", BAR_H, colour,
                LABEL_W + BAR_W + 4, y + BAR_H - 4, percent_text, bar.note,
                _mark(bar.mark, y) if bar.mark is not None else "",
        )  # fmt: skip
        rows.append(row)
    axis = format_html(
        '<line x1="{x}" y1="0" x2="{x}" y2="{h}" stroke="{c}" stroke-dasharray="3 2"></line>'
        '<text x="{x}" y="{t}" text-anchor="middle" font-size="10">100 %</text>',
        x=LABEL_W + BAR_W, h=height - 12, t=height - 2, c=TARGET,
    )  # fmt: skip
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>{rows}{axis}</svg>',
        w=WIDTH, h=height, t=title, rows=format_html_join("", "{}", ((r,) for r in rows)),
        axis=axis,
    )  # fmt: skip


def _mark(percent: float, y: int) -> SafeString:
    x = LABEL_W + BAR_W * min(max(percent, 0.0), 100.0) / 100
    return format_html(
        '<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="{c}" stroke-width="2"></line>',
        x=f"{x:.1f}", a=y - 2, b=y + BAR_H + 2, c=TARGET,
    )  # fmt: skip
