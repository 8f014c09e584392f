"""django-tables2 tables of the programmes app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verbund.programmes.models import Programme, Project


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=_("operation code"), linkify=True)
    title = tables.Column(verbose_name=_("title"))
    measure = tables.Column(
        verbose_name=_("measure"), accessor="measure__code", order_by=("measure__code",)
    )
    programme = tables.Column(
        verbose_name=_("programme"),
        accessor="measure__programme__short_name",
        order_by=("measure__programme__name",),
    )
    status = tables.Column(verbose_name=pgettext_lazy("project", "status"))
    duration = tables.Column(
        verbose_name=_("duration"), accessor="start_month", order_by=("start_month",)
    )

    class Meta:
        model = Project
        fields = ("code", "title", "measure", "programme", "status", "duration")
        attrs = {"class": "compact"}
        empty_text = _("No projects.")

    def render_title(self, record: Project) -> str:
        return record.tr("title")

    def render_programme(self, record: Project) -> str:
        programme = record.measure.programme
        return programme.short_name or programme.tr("name")

    def render_duration(self, record: Project) -> str:
        start = record.start_month.strftime("%m/%Y") if record.start_month else "?"
        end = record.end_month.strftime("%m/%Y") if record.end_month else "?"
        return f"{start} \u2013 {end}"


class ProgrammeTable(tables.Table):
    name = tables.Column(verbose_name=_("name"), linkify=True)
    city = tables.Column(verbose_name=_("city"))
    period = tables.Column(
        verbose_name=_("period"), accessor="period_start_year", order_by=("period_start_year",)
    )

    class Meta:
        model = Programme
        fields = ("name", "city", "period")
        attrs = {"class": "compact"}
        empty_text = _("No programmes.")

    def render_name(self, record: Programme) -> str:
        return record.tr("name")

    def render_period(self, record: Programme) -> str:
        return record.period
