"""Models of the networks app (thin: writes go through `verbund.networks.domain`).

A Network grows from a selected idea of a competition (or is created by the office): its members are
companies of the register, its catalogue of measures is edited by the carrier (and the accompanying
consultancy), submitted and approved by the office (each approval stores a snapshot, so later edits
show what changed), and its activities log records what the network did. Translated texts follow
the core scheme: `<name>` German, `<name>_en` English (optional).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.core.i18n import localized
from verbund.core.models import UploadedFileFields
from verbund.networks.enums import (
    ActivityKind,
    ActorKind,
    CatalogueState,
    JoinState,
    MeasureStatus,
    MeasureType,
    MemberRole,
    NetworkPhase,
)


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    cluster_category = models.CharField(_("cluster category"), max_length=200, blank=True)
    project = models.ForeignKey(
        "programmes.Project", models.PROTECT, related_name="networks", verbose_name=_("project")
    )
    carrier = models.ForeignKey(
        "programmes.Organisation", models.PROTECT, related_name="carried_networks",
        verbose_name=_("carrier organisation"),
    )  # fmt: skip
    carrier_company = models.ForeignKey(
        "companies.Company", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("carrier's company in the register"),
    )  # fmt: skip
    carrier_contact = models.CharField(_("carrier's contact person"), max_length=200, blank=True)
    companion = models.ForeignKey(
        "programmes.Organisation", models.PROTECT, null=True, blank=True,
        related_name="accompanied_networks", verbose_name=_("accompanying consultancy"),
    )  # fmt: skip
    goals = models.TextField(_("goals"), blank=True)
    goals_en = models.TextField(_("goals (English)"), blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=NetworkPhase.choices, default=NetworkPhase.DEVELOPMENT
    )
    is_public = models.BooleanField(_("public"), default=False)
    source_submission = models.OneToOneField(
        "competitions.Submission", models.PROTECT, null=True, blank=True, related_name="network",
        verbose_name=_("network idea"),
    )  # fmt: skip
    catalogue_state = models.CharField(
        _("catalogue of measures"), max_length=20, choices=CatalogueState.choices,
        default=CatalogueState.DRAFT,
    )  # fmt: skip
    catalogue_comment = models.TextField(_("comment of the office"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.tr("name")

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.slug])

    def tr(self, field: str) -> str:
        return localized(self, field)


class NetworkPhaseChange(models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=NetworkPhase.choices)
    changed_on = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["network", "changed_on", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.changed_on:%d.%m.%Y}"


class NetworkActor(models.Model):
    """A user who acts for the network: for its carrier, its consultancy or a member company."""

    network = models.ForeignKey(Network, models.CASCADE, related_name="actors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_roles",
        verbose_name=_("user"),
    )  # fmt: skip
    kind = models.CharField(_("acts as"), max_length=20, choices=ActorKind.choices)
    company = models.ForeignKey(
        "companies.Company", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("member company"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network actor")
        verbose_name_plural = _("network actors")
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "kind"], name="actor_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class Membership(models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="memberships")
    company = models.ForeignKey(
        "companies.Company", models.PROTECT, related_name="network_memberships",
        verbose_name=_("company"),
    )  # fmt: skip
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    agreement_on_file = models.BooleanField(_("signed membership agreement on file"), default=False)
    letter_of_intent_on = models.DateField(_("letter of intent dated"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["network", "company__name", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "company"],
                condition=models.Q(left__isnull=True),
                name="one_current_membership",
            ),
            models.CheckConstraint(
                condition=models.Q(left__isnull=True) | models.Q(left__gte=models.F("joined")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return str(self.company)

    @property
    def is_current(self) -> bool:
        return self.left is None


class MembershipFee(models.Model):
    membership = models.ForeignKey(Membership, models.CASCADE, related_name="fees")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["membership", "year"]
        verbose_name = _("membership fee")
        verbose_name_plural = _("membership fees")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_fee_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class JoinRequest(models.Model):
    network = models.ForeignKey(Network, models.CASCADE, related_name="join_requests")
    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="+", verbose_name=_("company")
    )
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=JoinState.choices, default=JoinState.OPEN
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["network", "-requested_at", "pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "company"],
                condition=models.Q(state="open"),
                name="one_open_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.network}"


class Measure(models.Model):
    """One measure of a network's catalogue."""

    network = models.ForeignKey(Network, models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=MeasureType.choices)
    goal = models.TextField(_("goal"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    responsible = models.ForeignKey(
        Membership, models.PROTECT, null=True, blank=True, related_name="responsible_for",
        verbose_name=_("responsible member"),
    )  # fmt: skip
    participants = models.ManyToManyField(
        Membership, blank=True, related_name="measures", verbose_name=_("participating members")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    planned_budget = models.DecimalField(
        _("planned budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNING
    )
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["network", "planned_start", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="network_measure_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.tr("title")

    def tr(self, field: str) -> str:
        return localized(self, field)


class RealizationOption(models.Model):
    """A concrete way to realize a measure with named member companies; one of them is chosen."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="options")
    text = models.TextField(_("realization option"))
    companies = models.ManyToManyField(
        "companies.Company", blank=True, related_name="+", verbose_name=_("companies")
    )
    chosen = models.BooleanField(_("chosen"), default=False)
    history = HistoricalRecords(m2m_fields=[companies])

    class Meta:
        ordering = ["measure", "pk"]
        verbose_name = _("realization option")
        verbose_name_plural = _("realization options")

    def __str__(self) -> str:
        return self.text[:60]


class CatalogueVersion(models.Model):
    """The catalogue as the office approved it (a snapshot of the measures)."""

    network = models.ForeignKey(Network, models.CASCADE, related_name="catalogue_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    snapshot = models.JSONField(_("measures at approval"), default=list)

    class Meta:
        ordering = ["network", "-number"]
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="catalogue_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.network} v{self.number}"


class Activity(models.Model):
    """A dated entry of the activities and results log."""

    network = models.ForeignKey(Network, models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    participants = models.ManyToManyField(
        Membership, blank=True, related_name="activities", verbose_name=_("participating members")
    )
    measure = models.ForeignKey(
        Measure, models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("measure"),
    )  # fmt: skip
    text = models.CharField(_("short text"), max_length=500)
    text_en = models.CharField(_("short text (English)"), max_length=500, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["network", "-date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.tr("text")

    def tr(self, field: str) -> str:
        return localized(self, field)


def _evidence_path(instance: "Evidence", filename: str) -> str:
    return f"networks/{instance.activity.network_id}/{instance.activity_id}/{filename}"


class Evidence(UploadedFileFields):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
