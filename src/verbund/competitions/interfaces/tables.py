"""The ranking as a sortable django-tables2 table (over plain rows: the ranking is computed)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from verbund.competitions.domain.queries import RankingRow


def ranking_records(rows: list[RankingRow]) -> list[dict]:
    """Flat records shared by the table and the CSV/XLSX export."""
    records = []
    for row in rows:
        r, s = row.result, row.submission
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
]  # fmt: skip


class RankingTable(tables.Table):
    rank = tables.Column(verbose_name=_("rank"))
    title = tables.Column(verbose_name=_("network idea"))
    applicant = tables.Column(verbose_name=_("applicant"))
    score = tables.Column(verbose_name=_("score"))
    median = tables.Column(verbose_name=_("median"))
    std = tables.Column(verbose_name=_("std"))
    reviews = tables.Column(verbose_name=_("reviews"))
    share_in_area = tables.Column(verbose_name=_("in area (%)"))
    eligible = tables.Column(verbose_name=_("eligible"))
    requested_budget = tables.Column(verbose_name=_("budget (EUR)"))

    class Meta:
        attrs = {"class": "compact striped", "id": "ranking"}
        row_attrs = {
            "class": lambda record: "within-selection" if record["within_selection"] else ""
        }

    def render_title(self, value, record):
        url = reverse("competitions:submission_detail", args=[record["pk"]])
        top = format_html(' <span class="badge ok">{}</span>', _("top N"))
        outcome = format_html(' <span class="badge">{}</span>', record["outcome"])
        return format_html(
            '<a href="{}">{}</a>{}{}',
            url,
            value,
            top if record["within_selection"] else "",
            outcome if record["outcome"] else "",
        )

    def render_score(self, value):
        return number_format(round(value, 1), 1)

    def render_median(self, value):
        return number_format(round(value, 1), 1)

    def render_share_in_area(self, value):
        return number_format(round(value, 1), 1)

    def render_std(self, value, record):
        if record["disagreement"]:
            return format_html(
                '<span class="badge warn" title="{}">{}</span>',
                _("reviewers disagree"),
                number_format(round(value, 1), 1),
            )
        return number_format(round(value, 1), 1)

    def render_eligible(self, value):
        return format_html(
            '<span class="badge {}">{}</span>',
            "ok" if value else "bad",
            _("yes") if value else _("no"),
        )
