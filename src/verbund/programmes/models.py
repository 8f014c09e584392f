"""Models of the programmes app (thin: writes go through `verbund.programmes.domain`).

Narrative texts of a project exist in German (the source language of the programme documents) and in
English (`<field>_en`), the project's one scheme (`verbund.core.i18n`): `Project.tr("goal")` returns
the text in the active language and falls back to German when the English text is empty. Two plain columns instead of a translation library
keep the history records and queries simple.
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from verbund.core.i18n import localized
from verbund.programmes.enums import (
    MilestoneKind,
    OrganisationKind,
    ProjectStatus,
    Salutation,
    SourceKind,
)


class Programme(models.Model):
    """A funding programme, e.g. the Community Initiative URBAN II in one city."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    city = models.CharField(_("city"), max_length=120)
    period_start_year = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end_year = models.PositiveSmallIntegerField(_("period to (year)"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Publicity and letters: the office's letterhead, the funding statement and the emblem the
    # programme's rules require (an uploaded image; the demo generates a placeholder).
    office_name = models.CharField(_("office (letterhead)"), max_length=255, blank=True)
    office_address = models.TextField(_("office address (letterhead)"), blank=True)
    letter_reference_prefix = models.CharField(
        _("prefix of letter reference numbers"), max_length=30, blank=True
    )
    funding_statement = models.TextField(_("funding statement"), blank=True)
    funding_statement_en = models.TextField(_("funding statement (English)"), blank=True)
    emblem = models.FileField(_("funding emblem"), upload_to="programmes/emblems/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.tr("name")

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.pk])

    def tr(self, field: str) -> str:
        return localized(self, field)

    @property
    def period(self) -> str:
        return f"{self.period_start_year}\u2013{self.period_end_year}"


class Measure(models.Model):
    """A measure (Maßnahme) of a programme, identified by its code such as "1.2"."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="measures", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme__name", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="measure_code_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.tr('title')}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:measure_detail", args=[self.pk])

    def tr(self, field: str) -> str:
        return localized(self, field)


class FundingSource(models.Model):
    """Who pays a share of a project, e.g. EFRE (ERDF) or the city."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    long_name = models.CharField(_("long name"), max_length=255, blank=True)
    long_name_en = models.CharField(_("long name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.tr("name")

    def tr(self, field: str) -> str:
        return localized(self, field)


class Organisation(models.Model):
    """A carrier organisation or a supervising body."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.tr("name")

    def tr(self, field: str) -> str:
        return localized(self, field)


class Project(models.Model):
    """A funded operation within a measure; its fact sheet is public when `is_public` is set."""

    TRANSLATED = ("title", "goal", "target_group", "location", "implementation_state", "results")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="projects", verbose_name=_("measure")
    )
    code = models.CharField(
        _("operation code"),
        max_length=60,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use letters, digits, dots, hyphens and underscores only."),
            )
        ],
        help_text=_("Unique identifier of the operation, e.g. URBAN-LW-1.2-01."),
    )
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    target_group_en = models.CharField(_("target group (English)"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    location_en = models.CharField(_("location (English)"), max_length=255, blank=True)
    implementation_state = models.TextField(_("state of implementation"), blank=True)
    implementation_state_en = models.TextField(_("state of implementation (English)"), blank=True)
    results = models.TextField(_("results"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    carriers = models.ManyToManyField(
        Organisation, related_name="carried_projects", blank=True, verbose_name=_("carriers")
    )
    supervising_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="supervised_projects",
        null=True,
        blank=True,
        verbose_name=_("supervising body"),
    )
    start_month = models.DateField(_("start (month)"), null=True, blank=True)
    end_month = models.DateField(_("end (month)"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("project", "status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNING,
    )
    is_public = models.BooleanField(_("public fact sheet"), default=False)
    # The list of operations (Art. 49(3) Regulation (EU) 2021/1060). Free text: the 2021–2027 codes
    # do not apply to older programmes such as 2000–2006, where "n/a" is a valid answer.
    beneficiary = models.CharField(_("beneficiary"), max_length=255, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=255, blank=True)
    type_of_intervention = models.CharField(_("type of intervention"), max_length=255, blank=True)
    country = models.CharField(
        _("country (ISO 3166-1 alpha-2)"), max_length=2, default="DE", blank=True
    )
    history = HistoricalRecords(m2m_fields=[carriers])

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_month__isnull=True)
                | models.Q(end_month__isnull=True)
                | models.Q(end_month__gte=models.F("start_month")),
                name="project_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} \u2013 {self.tr('title')}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:project_detail", args=[self.code])

    def tr(self, field: str) -> str:
        return localized(self, field)


class ProjectPhase(models.Model):
    """One phase of a project's content, e.g. development phase and realization phase."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="phases", verbose_name=_("project")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("phase"), max_length=120)
    name_en = models.CharField(_("phase (English)"), max_length=120, blank=True)
    text = models.TextField(_("content"))
    text_en = models.TextField(_("content (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("project phase")
        verbose_name_plural = _("project phases")

    def __str__(self) -> str:
        return self.tr("name")

    def tr(self, field: str) -> str:
        return localized(self, field)


class ApprovalMilestone(models.Model):
    """A dated step of the approval (Genehmigungsstand); committee confirmations may repeat."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("approval milestone")
        verbose_name_plural = _("approval milestones")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"

    def tr(self, field: str) -> str:
        return localized(self, field)


class TeamMember(models.Model):
    """A person in the project team with a role."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="team", verbose_name=_("project")
    )
    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.get_salutation_display()} {self.name}".strip()

    def tr(self, field: str) -> str:
        return localized(self, field)


class FinancingShare(models.Model):
    """One line of a project's financing plan; the shares of a project total exactly 100 %."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="financing", verbose_name=_("project")
    )
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="shares", verbose_name=_("source")
    )
    percentage = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-percentage", "pk"]
        verbose_name = _("financing share")
        verbose_name_plural = _("financing shares")
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="one_share_per_source"),
            models.CheckConstraint(
                condition=models.Q(percentage__gt=0) & models.Q(percentage__lte=100),
                name="share_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        share = Decimal(self.percentage)
        share = share.quantize(Decimal(1)) if share == share.to_integral() else share.normalize()
        return f"{self.source} {formats.number_format(share, use_l10n=True)} %"
