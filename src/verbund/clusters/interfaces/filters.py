"""Filters of the clusters pages: a django-filter FilterSet for the runs (a queryset) and a plain
form for result rows (dicts from a run's stored JSON, which django-filter cannot filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.clusters.enums import RunStatus
from verbund.clusters.models import AnalysisRun
from verbund.core.choices import CHOOSE


class RunFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RunStatus.choices, empty_label=CHOOSE
    )

    class Meta:
        model = AnalysisRun
        fields = ["q", "status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(created_by__username__icontains=value))


class ResultRowFilter(forms.Form):
    """Area unit, industry (part of its code or title) and a lowest LQ, for result tables."""

    unit = forms.ChoiceField(label=_("Area unit"), required=False)
    industry = forms.CharField(label=_("Industry"), required=False, max_length=100)
    min_lq = forms.DecimalField(
        label=_("LQ at least"), required=False, min_value=0, max_digits=6, decimal_places=2
    )

    def __init__(self, data=None, *, units: list[str]):
        super().__init__(data)
        self.fields["unit"].choices = [("", _("all area units")), *((u, u) for u in units)]

    def apply(self, rows: list[dict]) -> list[dict]:
        """The rows that match (all rows while the form is invalid: its errors are shown)."""
        if not self.is_valid():
            return rows
        unit = self.cleaned_data["unit"]
        text = (self.cleaned_data["industry"] or "").strip().lower()
        min_lq = self.cleaned_data["min_lq"]
        return [
            r
            for r in rows
            if (not unit or r.get("unit") == unit)
            and (
                not text
                or text in str(r.get("industry", "")).lower()
                or text in str(r.get("title") or "").lower()
            )
            and (min_lq is None or (r.get("lq") or 0) >= float(min_lq))
        ]
