"""Models of the reporting app (thin: writes go through `verbund.reporting.domain`).

An Indicator belongs to a project (its scope is the whole project) or to one network of it. Its values
are either entered with evidence (`IndicatorValue`, one per period) or derived from the records
(`derivation`, computed on request: memberships, activities, accepted milestones, payments); a
derived value is never stored and cannot be overwritten, only annotated (`IndicatorNote`). A
ReportJob builds the programme report for a period in the background and keeps its files.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.core.i18n import localized
from verbund.core.models import UploadedFileFields
from verbund.reporting.enums import ACTIVE_REPORT_STATUSES, Derivation, ReportStatus

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class Indicator(models.Model):
    project = models.ForeignKey(
        "programmes.Project", models.PROTECT, related_name="indicators", verbose_name=_("project")
    )
    network = models.ForeignKey(
        "networks.Network", models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("network (empty: the whole project)"),
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), default=0, **AMOUNT)
    target = models.DecimalField(_("target"), **AMOUNT)
    target_date = models.DateField(_("target to be reached by"), null=True, blank=True)
    derivation = models.CharField(
        _("values"), max_length=30, choices=Derivation.choices, default=Derivation.ENTERED
    )
    definition = models.TextField(_("definition"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "code", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"], condition=models.Q(network__isnull=True),
                name="indicator_code_per_project",
            ),
            models.UniqueConstraint(
                fields=["project", "network", "code"], name="indicator_code_per_network"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.tr('name')}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:indicator", args=[self.pk])

    def tr(self, field: str) -> str:
        return localized(self, field)

    @property
    def label(self) -> str:
        return self.tr("name")

    @property
    def unit_label(self) -> str:
        return self.tr("unit")

    @property
    def definition_text(self) -> str:
        return self.tr("definition")

    @property
    def is_derived(self) -> bool:
        return self.derivation != Derivation.ENTERED


class IndicatorMilestone(models.Model):
    """An intermediate target: the value the indicator should have reached by a date."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="milestones")
    date = models.DateField(_("by"))
    value = models.DecimalField(_("intermediate target"), **AMOUNT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date", "pk"]
        verbose_name = _("intermediate target")
        verbose_name_plural = _("intermediate targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_milestone_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.value}"


def _evidence_path(instance: "IndicatorValue", filename: str) -> str:
    return f"reporting/{instance.indicator_id}/{filename}"


class IndicatorValue(UploadedFileFields):
    """A value entered by the office for one period, with the evidence file it rests on."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="values")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), **AMOUNT)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("evidence"), upload_to=_evidence_path)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"], name="one_value_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="value_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}–{self.period_end}: {self.value}"


class IndicatorNote(models.Model):
    """A remark on an indicator's value for a period (the only thing added by hand to a derived
    value)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="notes")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-created_at", "pk"]
        verbose_name = _("note on a value")
        verbose_name_plural = _("notes on values")

    def __str__(self) -> str:
        return self.text[:60]


class ReportJob(models.Model):
    """The programme report for one period, built in the background (XLSX and PDF, one language)."""

    programme = models.ForeignKey(
        "programmes.Programme", models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("progress message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    xlsx = models.BinaryField(_("XLSX file"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF file"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["xlsx", "pdf", "progress", "message", "heartbeat_at"]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REPORT_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE
