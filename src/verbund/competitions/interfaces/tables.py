"""The ranking as a sortable django-tables2 table (over plain rows: the ranking is computed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from verbund.competitions.domain import queries
from verbund.competitions.domain.potential import Level, PagePotentials, potentials
from verbund.competitions.domain.queries import RankingRow

if TYPE_CHECKING:
    from verbund.competitions.domain.potential import RunInfo


@dataclass(frozen=True)
class RankingPage:
    records: list[dict]
    run: RunInfo | None


def ranking_page(competition, *, aggregation: str, normalise: bool) -> RankingPage:
    """The ranking with the cluster-potential figures as flat records: the one read behind the
    ranking page and its CSV/XLSX export."""
    rows = queries.ranking(competition, aggregation=aggregation, normalise=normalise)
    figures = potentials([r.submission.pk for r in rows], competition=competition)
    return RankingPage(ranking_records(rows, figures), figures.run)


def ranking_records(rows: list[RankingRow], figures: PagePotentials | None = None) -> list[dict]:
    """Flat records shared by the table and the CSV/XLSX export."""
    records = []
    for row in rows:
        r, s = row.result, row.submission
        fig = figures[s.pk] if figures is not None else None
        rel = fig.relatedness if fig else None
        hot = fig.hotspots if fig else None
        records.append(
            {
                "pk": s.pk,
                "rank": r.rank,
                "title": s.title,
                "applicant": s.applicant_organisation or str(s.applicant),
                "carrier": s.carrier.name if s.carrier else "",
                "score": None if r.score is None else round(r.score, 2),
                "mean": None if r.mean is None else round(r.mean, 2),
                "median": None if r.median is None else round(r.median, 2),
                "std": None if r.std is None else round(r.std, 2),
                "reviews": r.n_reviews,
                "disagreement": r.disagreement,
                "members": s.n_members,
                "share_in_area": None if row.share_in_area is None else round(row.share_in_area, 1),
                "eligible": row.eligible,
                "within_selection": row.within_selection,
                "requested_budget": s.requested_budget,
                "outcome": s.get_outcome_display() if s.outcome else "",
                "relatedness": None if rel is None or rel.mean is None else round(rel.mean, 2),
                "relatedness_level": rel.level if rel else Level.UNKNOWN,
                "register_relatedness": (
                    None
                    if rel is None or rel.register_mean is None
                    else round(rel.register_mean, 2)
                ),
                "hotspot_share": (
                    None if hot is None or hot.share is None else round(hot.share, 1)
                ),
            }
        )
    return records


EXPORT_COLUMNS = [
    ("rank", _("rank")), ("title", _("title")), ("applicant", _("applicant")),
    ("carrier", _("carrier")), ("score", _("score")), ("mean", _("mean")), ("median", _("median")),
    ("std", _("standard deviation")), ("reviews", _("reviews")),
    ("disagreement", _("disagreement")), ("members", _("member companies")),
    ("share_in_area", _("share in programme area (%)")), ("eligible", _("eligible")),
    ("within_selection", _("within the top N")), ("requested_budget", _("requested budget (EUR)")),
    ("outcome", _("outcome")),
    ("relatedness", _("relatedness of the members' industries (mean proximity)")),
    ("register_relatedness", _("mean proximity in the register")),
    ("hotspot_share", _("members in hotspot cells (%)")),
]  # fmt: skip


TABLE_COLUMNS = [
    ("rank", _("rank")), ("title", _("network idea")), ("applicant", _("applicant")),
    ("score", _("score")), ("median", _("median")), ("std", _("std")), ("reviews", _("reviews")),
    ("share_in_area", _("in area (%)")), ("relatedness", _("related")),
    ("hotspot_share", _("in hotspots (%)")), ("eligible", _("eligible")),
    ("requested_budget", _("budget (EUR)")),
]  # fmt: skip
SORTABLE = {key for key, _label in TABLE_COLUMNS}


def sort_records(records: list[dict], sort: str) -> tuple[list[dict], str]:
    """Sort by a column ("-score" descending); empty values last. Unknown keys sort by rank."""
    key = sort.lstrip("-")
    if key not in SORTABLE:
        key, sort = "rank", "rank"
    descending = sort.startswith("-")
    present = [r for r in records if r[key] is not None]
    missing = [r for r in records if r[key] is None]
    present.sort(
        key=lambda r: (r[key].casefold() if isinstance(r[key], str) else r[key], r["rank"]),
        reverse=descending,
    )
    return present + missing, sort


def _num(value, digits: int = 1) -> str:
    return "–" if value is None else number_format(round(value, digits), digits)


class RankingTable:
    """The ranking as a sortable HTML table.

    Hand-rendered rows (format_html) instead of django-tables2: at 1,000 ideas its per-cell template
    rendering took about 3 s, this takes a few hundredths (see docs/benchmarks.md).
    """

    def __init__(self, records: list[dict], *, sort: str = "rank", query: str = "") -> None:
        self.records, self.sort = sort_records(records, sort)
        self.query = query

    def headers(self) -> list[dict]:
        out = []
        for key, label in TABLE_COLUMNS:
            current = self.sort.lstrip("-") == key
            next_sort = key if not current or self.sort.startswith("-") else f"-{key}"
            if not current and key in {
                "score",
                "median",
                "std",
                "reviews",
                "share_in_area",
                "relatedness",
                "hotspot_share",
                "requested_budget",
            }:
                next_sort = f"-{key}"  # figures: biggest first on the first click
            out.append(
                {
                    "label": label,
                    "sort": next_sort,
                    "current": current,
                    "descending": current and self.sort.startswith("-"),
                }
            )
        return out

    def rows(self) -> list[str]:
        base = reverse("competitions:submission_detail", args=[0]).rsplit("/0/", 1)[0]
        top, yes, no = _("top N"), _("yes"), _("no")
        disagree = _("reviewers disagree")
        related_title = {
            Level.ABOVE: _("more closely related than usual in the register"),
            Level.ABOUT: _("about as related as usual in the register"),
            Level.BELOW: _("less closely related than usual in the register"),
        }
        out = []
        for r in self.records:
            badges = (
                format_html(' <span class="badge ok">{}</span>', top)
                if r["within_selection"]
                else ""
            )
            if r["outcome"]:
                badges += format_html(' <span class="badge">{}</span>', r["outcome"])
            std = _num(r["std"])
            if r["disagreement"]:
                std = format_html('<span class="badge warn" title="{}">{}</span>', disagree, std)
            eligible = format_html(
                '<span class="badge {}">{}</span>',
                "ok" if r["eligible"] else "bad",
                yes if r["eligible"] else no,
            )
            related = _num(r["relatedness"], 2)
            level = r["relatedness_level"]
            if level in related_title:
                related = format_html(
                    '<span class="badge {}" title="{}">{} {}</span>',
                    {"above": "ok", "about": "", "below": "warn"}[level],
                    related_title[level],
                    related,
                    {"above": "▲", "about": "≈", "below": "▼"}[level],
                )
            out.append(
                format_html(
                    '<tr{}><td>{}</td><td><a href="{}/{}/">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    mark_safe(' class="within-selection"') if r["within_selection"] else "",
                    r["rank"],
                    base,
                    r["pk"],
                    r["title"],
                    badges,
                    r["applicant"],
                    _num(r["score"]),
                    _num(r["median"]),
                    std,
                    r["reviews"],
                    _num(r["share_in_area"]),
                    related,
                    _num(r["hotspot_share"]),
                    eligible,
                    "–"
                    if r["requested_budget"] is None
                    else number_format(r["requested_budget"], 2, force_grouping=True),
                )
            )
        return out
