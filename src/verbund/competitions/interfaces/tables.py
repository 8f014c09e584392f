"""The ranking as a sortable django-tables2 table (over plain rows: the ranking is computed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verbund.competitions.domain import decisions, queries
from verbund.competitions.domain.potential import Level, PagePotentials, potentials
from verbund.competitions.domain.queries import RankingRow

if TYPE_CHECKING:
    from verbund.competitions.domain.potential import RunInfo


@dataclass(frozen=True)
class FrozenRun:
    """The analysis run a decision used, as `_run_note.html` shows it."""

    pk: int
    title: str
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class RankingPage:
    records: list[dict]
    run: RunInfo | FrozenRun | None
    decided: bool = False
    """True: the records are the figures frozen with the decision, not a recomputation."""
    changes: dict[int, list[str]] = field(default_factory=dict)
    """Per idea, what differs now from the decision ("changed since the decision")."""


def ranking_page(competition, *, aggregation: str, normalise: bool) -> RankingPage:
    """The ranking with the cluster-potential figures as flat records: the one read behind the
    ranking page and its CSV/XLSX export. Once decided, the figures frozen with the decision."""
    decision = getattr(competition, "decision", None)
    if decision is not None and decision.entries.exclude(figures={}).exists():
        return decided_ranking_page(competition, decision)
    rows = queries.ranking(competition, aggregation=aggregation, normalise=normalise)
    figures = potentials([r.submission.pk for r in rows], competition=competition)
    return RankingPage(ranking_records(rows, figures), figures.run)


def decided_ranking_page(competition, decision) -> RankingPage:
    entries = decision.entries.select_related(
        "submission__applicant", "submission__carrier"
    ).order_by("rank")
    records = [_record(e.submission, e.figures) for e in entries]
    run = decision.snapshot.get("run")
    frozen_run = None
    if run:
        when = run.get("finished_at")
        frozen_run = FrozenRun(
            run["pk"], run["title"], dt.datetime.fromisoformat(when) if when else None
        )
    changes = {
        pk: [describe_change(c) for c in found]
        for pk, found in decisions.changes_since_decision(competition).items()
    }
    return RankingPage(records, frozen_run, decided=True, changes=changes)


def _record(submission, figures: dict) -> dict:
    """One row of the table and the export from an idea's figures (live or frozen)."""
    s = submission
    budget = figures.get("requested_budget")
    return {
        "pk": s.pk,
        "rank": figures["rank"],
        "title": s.title,
        "applicant": s.applicant_organisation or str(s.applicant),
        "carrier": s.carrier.name if s.carrier else "",
        "score": figures["score"],
        "mean": figures["mean"],
        "median": figures["median"],
        "std": figures["std"],
        "reviews": figures["reviews"],
        "disagreement": figures["disagreement"],
        "members": figures["facts"]["members"],
        "share_in_area": figures["share_in_area"],
        "eligible": figures["eligible"],
        "within_selection": figures["within_selection"],
        "requested_budget": None if budget is None else Decimal(budget),
        "outcome": s.get_outcome_display() if s.outcome else "",
        "relatedness": figures["relatedness"],
        "relatedness_level": figures["relatedness_level"],
        "register_relatedness": figures["register_relatedness"],
        "hotspot_share": figures["hotspot_share"],
    }


def ranking_records(rows: list[RankingRow], figures: PagePotentials | None = None) -> list[dict]:
    """Flat records shared by the table and the CSV/XLSX export (the figures computed now)."""
    return [
        _record(
            row.submission,
            decisions.idea_figures(row, figures[row.submission.pk] if figures else None, {}),
        )
        for row in rows
    ]


CHANGE_LABELS = {
    "eligible": _("eligible"),
    "members": _("member companies"),
    "members_in_area": _("members inside the programme area"),
    "members_unknown": _("members of unknown placement"),
    "share_in_area": _("share inside the programme area (%)"),
    "relatedness": _("relatedness"),
    "hotspot_share": _("members in hotspots (%)"),
}


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, float):
        return number_format(value, 2 if abs(value) < 1 else 1)
    return str(value)


def describe_change(change: decisions.Change) -> str:
    """ "eligible: yes → no" in the reader's language."""
    return f"{CHANGE_LABELS[change.key]}: {_shown(change.then)} → {_shown(change.now)}"


EXPORT_COLUMNS = [
    ("rank", _("rank")), ("title", _("title")), ("applicant", _("applicant")),
    ("carrier", pgettext_lazy("network", "carrier")), ("score", _("score")), ("mean", _("mean")), ("median", _("median")),
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

    def __init__(
        self, records: list[dict], *, sort: str = "rank", query: str = "",
        changes: dict[int, list[str]] | None = None,
    ) -> None:  # fmt: skip
        self.records, self.sort = sort_records(records, sort)
        self.query = query
        self.changes = changes
        """None: a live ranking; else the frozen one, with what changed since the decision."""

    @property
    def columns(self) -> int:
        return len(TABLE_COLUMNS) + (self.changes is not None)

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
        if self.changes is not None:
            out.append({"label": _("changed since the decision"), "sort": None})
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
            # a SafeString from the start: "" + format_html(...) would be a plain, escaped str
            badges = (
                format_html(' <span class="badge ok">{}</span>', top)
                if r["within_selection"]
                else mark_safe("")
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
            changed = mark_safe("")
            if self.changes is not None:
                found = self.changes.get(r["pk"], [])
                changed = format_html(
                    "<td>{}</td>",
                    format_html_join(
                        "", '<span class="badge warn changed">{}</span> ', ((c,) for c in found)
                    )
                    if found
                    else "–",
                )
            out.append(
                format_html(
                    '<tr{}><td>{}</td><td><a href="{}/{}/">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
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
                    changed,
                )
            )
        return out
