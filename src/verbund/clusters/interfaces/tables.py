"""django-tables2 tables of the clusters pages: the list of runs and the long result tables.

Result rows are dicts from a run's stored JSON (tables2 sorts and pages lists as well as
querysets); headers carry their figure's plain meaning (`glossary`) as `<abbr title>`.
"""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from verbund.clusters.interfaces import glossary
from verbund.clusters.models import AnalysisRun

PER_PAGE = 50
"""Rows per page of the long tables."""


class FigureColumn(tables.Column):
    """A column of a figure: its header is the figure's name with its plain meaning as
    `<abbr title>` (built when rendered, so in the request's language)."""

    def __init__(self, term: str, **kwargs):
        self.term = term
        super().__init__(**kwargs)

    @property
    def header(self):
        t = glossary.TERMS[self.term]
        return format_html('<abbr title="{}">{}</abbr>', t.meaning, t.label)


class RunTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    status = tables.Column(verbose_name=_("Status"))
    company_count = tables.Column(verbose_name=_("Companies"), default="–")
    created_by = tables.Column(verbose_name=_("Started by"), order_by=("created_by__username",))
    created_at = tables.DateTimeColumn(verbose_name=_("Created"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = AnalysisRun
        fields = ["title", "status", "company_count", "created_by", "created_at"]
        order_by = ("-created_at",)
        attrs = {"class": "compact", "id": "runs"}
        empty_text = _("No analyses yet.")

    def render_status(self, record):
        return render_to_string("clusters/_status.html", {"run": record})


def _industry(record) -> str:
    return f"{record['industry']} {record.get('title') or ''}".strip()


class SpecialisationTable(tables.Table):
    unit = tables.Column(verbose_name=_("Area unit"))
    industry = tables.Column(verbose_name=_("Industry"))
    establishments = FigureColumn("establishments")
    value = FigureColumn("count")
    lq = FigureColumn("lq")
    density = FigureColumn("density")

    class Meta:
        attrs = {"class": "compact", "id": "specialisation"}
        empty_text = _("No rows.")
        orderable = True

    def render_industry(self, record):
        return _industry(record)

    def render_value(self, value):
        return f"{value:.0f}"

    def render_lq(self, value):
        from verbund.clusters.interfaces.reasons import num

        return num(value)

    def render_density(self, value):
        from verbund.clusters.interfaces.reasons import num

        return num(value)


class PotentialTable(tables.Table):
    unit = tables.Column(verbose_name=_("Area unit"))
    industry = tables.Column(verbose_name=_("Industry"))
    lq = FigureColumn("lq")
    density = FigureColumn("density")
    reason_text = tables.Column(verbose_name=_("Why"), orderable=False)

    class Meta:
        attrs = {"class": "compact", "id": "potentials"}
        empty_text = _("No potentials found.")

    def render_industry(self, record):
        return _industry(record)

    def render_lq(self, value):
        from verbund.clusters.interfaces.reasons import num

        return num(value)

    def render_density(self, value):
        from verbund.clusters.interfaces.reasons import num

        return num(value)
