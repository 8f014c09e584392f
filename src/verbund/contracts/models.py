"""Models of the contracts app (thin: writes go through `verbund.contracts.domain`).

A performance-based contract (leistungsorientierter Vertrag) is awarded to a network's carrier; its
milestones carry lump sums paid only against accepted evidence, each payment split over the project's
financing plan to the cent (`domain.money`). Payments are prepared by one office user and confirmed by
another (four eyes). Changes to volume, term or milestones are numbered amendments. Money columns are
Decimal with two places; `max_digits` here is the one limit forms and domain check against.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.contracts.enums import MilestoneState, PaymentKind, PaymentState
from verbund.core.i18n import localized
from verbund.core.models import UploadedFileFields

MONEY = {"max_digits": 14, "decimal_places": 2}


class Contract(models.Model):
    network = models.ForeignKey(
        "networks.Network", models.PROTECT, related_name="contracts", verbose_name=_("network")
    )
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    award_date = models.DateField(_("award date"))
    term_months = models.PositiveSmallIntegerField(_("funded term (months)"), default=24)
    end_date = models.DateField(_("end of the funded term"))
    volume = models.DecimalField(_("contract volume (EUR)"), **MONEY)
    follows = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["award_date", "number", "pk"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volume__gt=0), name="contract_volume_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("award_date")),
                name="contract_end_after_award",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])


class Milestone(models.Model):
    contract = models.ForeignKey(Contract, models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    due_date = models.DateField(_("due date"))
    acceptance_criteria = models.TextField(_("acceptance criteria"), blank=True)
    acceptance_criteria_en = models.TextField(_("acceptance criteria (English)"), blank=True)
    lump_sum = models.DecimalField(_("lump sum (EUR)"), **MONEY)
    state = models.CharField(
        _("state"), max_length=20, choices=MilestoneState.choices, default=MilestoneState.DRAFT
    )
    # RCO02 ("enterprises supported by grants"): a milestone whose lump sum the carrier passes on
    # to one member company (a sub-grant) names that company; its confirmed payments count for it.
    subgrant_company = models.ForeignKey(
        "companies.Company", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("paid on to member company (sub-grant)"),
    )  # fmt: skip
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lump_sum__gt=0), name="milestone_lump_sum_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.tr("title")

    def get_absolute_url(self) -> str:
        return reverse("contracts:milestone", args=[self.contract_id, self.pk])

    def tr(self, field: str) -> str:
        return localized(self, field)


class ChecklistItem(models.Model):
    """A document that must be among the evidence before the milestone can be accepted."""

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="checklist")
    text = models.CharField(_("required document"), max_length=200)
    text_en = models.CharField(_("required document (English)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "pk"]
        verbose_name = _("evidence checklist item")
        verbose_name_plural = _("evidence checklist")

    def __str__(self) -> str:
        return self.tr("text")

    def tr(self, field: str) -> str:
        return localized(self, field)


class EvidenceSubmission(models.Model):
    """One (re)submission of a milestone's evidence by the carrier."""

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission"))
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "number"]
        verbose_name = _("evidence submission")
        verbose_name_plural = _("evidence submissions")
        constraints = [
            models.UniqueConstraint(fields=["milestone", "number"], name="submission_number")
        ]

    def __str__(self) -> str:
        return f"{self.milestone} #{self.number}"


def _evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"contracts/{instance.milestone.contract_id}/{instance.milestone_id}/{filename}"


class EvidenceFile(UploadedFileFields):
    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="files")
    submission = models.ForeignKey(
        EvidenceSubmission, models.SET_NULL, null=True, blank=True, related_name="files"
    )
    checklist_item = models.ForeignKey(
        ChecklistItem, models.SET_NULL, null=True, blank=True, related_name="files",
        verbose_name=_("for the required document"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=_evidence_path)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class MilestoneTransition(models.Model):
    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from state"), max_length=20, choices=MilestoneState.choices)
    to_state = models.CharField(_("to state"), max_length=20, choices=MilestoneState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["milestone", "at", "pk"]
        verbose_name = _("milestone transition")
        verbose_name_plural = _("milestone transitions")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Payment(models.Model):
    milestone = models.ForeignKey(Milestone, models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PaymentKind.choices, default=PaymentKind.PAYMENT
    )
    reason = models.TextField(_("reason"), blank=True)
    recovers = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="recoveries",
        verbose_name=_("recovers payment"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=20, choices=PaymentState.choices, default=PaymentState.PREPARED
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    prepared_at = models.DateTimeField(_("prepared"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "prepared_at", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="payment", amount__gt=0, recovers__isnull=True)
                    | models.Q(kind="recovery", amount__lt=0, recovers__isnull=False)
                ),
                name="payment_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state="prepared", confirmed_by__isnull=True)
                    | models.Q(state="confirmed", confirmed_by__isnull=False)
                ),
                name="payment_confirmed_has_confirmer",
            ),
            models.CheckConstraint(
                condition=~models.Q(confirmed_by=models.F("prepared_by")),
                name="payment_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} EUR"

    @property
    def contract_id(self) -> int:
        return self.milestone.contract_id


class PaymentPart(models.Model):
    payment = models.ForeignKey(Payment, models.CASCADE, related_name="parts")
    source = models.ForeignKey(
        "programmes.FundingSource", models.PROTECT, related_name="+", verbose_name=_("source")
    )
    percentage = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["payment", "order", "pk"]
        verbose_name = _("payment part")
        verbose_name_plural = _("payment parts")
        constraints = [
            models.UniqueConstraint(fields=["payment", "source"], name="one_part_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount}"


class Amendment(models.Model):
    """A numbered, dated change of volume, term or milestones; `changes` maps what changed to
    `[old, new]` (JSON, amounts and dates as strings)."""

    contract = models.ForeignKey(Contract, models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("amendment"))
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("what changed"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="amendment_number")
        ]

    def __str__(self) -> str:
        return f"{self.contract} / {self.number}"


ZERO = Decimal("0.00")
