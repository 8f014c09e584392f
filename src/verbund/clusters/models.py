"""Models of the clusters app (thin: writes go through `verbund.clusters.domain`).

A run keeps its parameters and its results as JSON: results are read whole by the result pages and
never queried by field, so one column is simpler and faster than a dozen result tables.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.clusters.enums import (
    ACTIVE_STATUSES,
    AreaUnit,
    CategorySet,
    RunStatus,
    Weight,
    WzLevel,
)


class ReferenceTotals(models.Model):
    """Imported reference totals for the location quotient, e.g. national employment by WZ division.

    ``rows`` maps a WZ code to its total: ``{"25": 812345.0, "62": 1023400.0}``.
    """

    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    rows = models.JSONField(_("totals by WZ code"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("reference totals")
        verbose_name_plural = _("reference totals")

    def __str__(self) -> str:
        return self.name


class AnalysisRun(models.Model):
    """One site analysis of the company register: its parameters, progress and results."""

    title = models.CharField(_("title"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict)
    reference_totals = models.ForeignKey(
        ReferenceTotals,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("reference totals"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("progress message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="analysis_runs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last sign of life"), auto_now=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat of its worker"), null=True, blank=True)
    company_count = models.PositiveIntegerField(_("companies analysed"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    history = HistoricalRecords(
        excluded_fields=["results", "progress", "message", "updated_at", "heartbeat_at"]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:run_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def parameter_rows(self) -> list[tuple[str, str]]:
        """The parameters as (label, value) pairs in the user's language."""
        p = self.parameters

        def label(choices, value) -> str:
            return str(dict(choices.choices).get(value, value or "–"))

        reference = (
            str(self.reference_totals)
            if self.reference_totals_id
            else str(_("The city itself (all companies in the register)"))
        )
        return [
            (str(_("Area unit")), label(AreaUnit, p.get("area_unit"))),
            (str(_("Industry level")), label(WzLevel, p.get("wz_level"))),
            (str(_("Count")), label(Weight, p.get("weight"))),
            (str(_("Reference")), reference),
            (str(_("Hotspot distance band (m)")), f"{p.get('distance_m', 0):.0f}"),
            (str(_("Permutations for pseudo p-values")), str(p.get("permutations", ""))),
            (str(_("Partner suggestions per company")), str(p.get("partners_k", ""))),
            (str(_("Cluster categories")), self._categories_label(p)),
        ]

    @staticmethod
    def _categories_label(p: dict) -> str:
        label = str(dict(CategorySet.choices).get(p.get("categories") or CategorySet.CITY, ""))
        if p.get("categories") == CategorySet.FILE and p.get("categories_name"):
            return f"{label}: {p['categories_name']}"
        return label
