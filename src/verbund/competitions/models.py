"""Models of the competitions app (thin: writes go through domain functions).

Ideas competition: a Competition (call) belongs to a programmes.Project; Submissions (network
ideas) name founding member companies from the register; Reviewers of the competition's pool are
assigned to ideas unless conflicted; Reviews hold per-criterion scores; a Decision snapshots the
ranking and records the selection with justifications for deviations.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.competitions.enums import (
    DECIDED_PHASES,
    PHASE_ORDER,
    REVIEW_PHASES,
    Aggregation,
    ConflictKind,
    Outcome,
    Phase,
    Recommendation,
    SubmissionStatus,
)
from verbund.core.i18n import localized

SCORE_SCALE_LIMIT = 1000
"""Scores are stored with four digits before the point (Score.value), so a criterion's scale lies
within ±SCORE_SCALE_LIMIT."""


class Competition(models.Model):
    project = models.ForeignKey(
        "programmes.Project",
        on_delete=models.PROTECT,
        related_name="competitions",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    call_text = models.TextField(_("call text (German)"), blank=True)
    call_text_en = models.TextField(_("call text (English)"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    opens_at = models.DateTimeField(_("open for submissions from"), null=True, blank=True)
    deadline = models.DateTimeField(_("submission deadline"))
    review_deadline = models.DateField(_("reviews due"), null=True, blank=True)
    decision_planned_on = models.DateField(_("decision planned on"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    min_members = models.PositiveIntegerField(_("minimum number of member companies"), default=0)
    min_share_in_area = models.DecimalField(
        _("minimum share of members inside the programme area (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    carrier_required = models.BooleanField(_("named carrier organisation required"), default=True)
    number_to_select = models.PositiveSmallIntegerField(
        _("number of ideas to select"), default=3, validators=[MinValueValidator(1)]
    )
    budget_cap = models.DecimalField(
        _("budget cap (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reviewers_per_idea = models.PositiveSmallIntegerField(
        _("reviewers per idea"), default=3, validators=[MinValueValidator(1)]
    )
    aggregation = models.CharField(
        _("aggregation over reviewers"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    normalise_reviewers = models.BooleanField(
        _("normalise per reviewer (z-scores)"),
        default=False,
        help_text=_("Corrects for harsh or lenient reviewers."),
    )
    disagreement_threshold = models.DecimalField(
        _("flag disagreement above (points)"), max_digits=5, decimal_places=2, default=15
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ideas competition")
        verbose_name_plural = _("ideas competitions")
        ordering = ["-deadline", "pk"]

    def __str__(self) -> str:
        return self.localized_title

    @property
    def localized_title(self) -> str:
        """The title in the reader's language (German where no English one is given)."""
        return localized(self, "title")

    @property
    def localized_call_text(self) -> str:
        return localized(self, "call_text")

    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN and timezone.now() <= self.deadline

    @property
    def in_review(self) -> bool:
        return self.phase in REVIEW_PHASES

    @property
    def is_decided(self) -> bool:
        return self.phase in DECIDED_PHASES

    @property
    def criteria_locked(self) -> bool:
        return self.phase_index() >= PHASE_ORDER.index(Phase.IN_REVIEW)


class Criterion(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion (German)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01)],
    )
    scale_min = models.IntegerField(
        _("lowest score"),
        default=0,
        validators=[
            MinValueValidator(-SCORE_SCALE_LIMIT),
            MaxValueValidator(SCORE_SCALE_LIMIT),
        ],
    )
    scale_max = models.IntegerField(
        _("highest score"),
        default=10,
        validators=[
            MinValueValidator(-SCORE_SCALE_LIMIT),
            MaxValueValidator(SCORE_SCALE_LIMIT),
        ],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return localized(self, "name")


class Submission(models.Model):
    """A network idea."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="submissions"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="idea_submissions",
        verbose_name=_("applicant"),
    )
    applicant_organisation = models.CharField(
        _("applying organisation"), max_length=200, blank=True
    )
    co_applicants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_applied_ideas",
        verbose_name=_("co-applicants"),
    )
    title = models.CharField(_("title"), max_length=200)
    sector_focus = models.CharField(
        _("sector focus (cluster category)"), max_length=200, blank=True
    )
    wz_codes = models.ManyToManyField(
        "companies.WzCode", blank=True, related_name="+", verbose_name=_("WZ 2008 codes")
    )
    carrier = models.ForeignKey(
        "programmes.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_networks",
        verbose_name=_("proposed carrier organisation"),
    )
    founding_members = models.ManyToManyField(
        "companies.Company",
        blank=True,
        related_name="founded_ideas",
        verbose_name=_("founding member companies"),
    )
    goals = models.TextField(_("goals"), blank=True)
    measures = models.TextField(_("outline catalogue of measures"), blank=True)
    requested_budget = models.DecimalField(
        _("requested budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    timeline = models.TextField(_("timeline"), blank=True)
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.OPEN,
        blank=True,
        help_text=_("Selected ideas move on to become networks, keeping their link to the idea."),
    )
    history = HistoricalRecords(m2m_fields=[founding_members, co_applicants])

    class Meta:
        verbose_name = _("network idea")
        verbose_name_plural = _("network ideas")
        ordering = ["competition", "submitted_at", "pk"]
        indexes = [models.Index(fields=["competition", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_submitted(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED


class CoApplicantInvitation(models.Model):
    """An invitation to be a co-applicant of an idea: no right and no conflict until accepted.

    `address` is what the applicant typed (a user name or an e-mail address); `user` is the account
    it names, if any (never shown to the applicant, so the form does not reveal which accounts
    exist). An invitation without an account is found by a user who later registers with it.
    """

    submission = models.ForeignKey(
        "Submission", on_delete=models.CASCADE, related_name="invitations"
    )
    address = models.CharField(_("user name or e-mail address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-applicant invitation")
        verbose_name_plural = _("co-applicant invitations")
        ordering = ["submission", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "address"], name="invite_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} → {self.submission}"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class FinancingShare(models.Model):
    """One line of the requested budget's financing split."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="financing")
    funding_source = models.ForeignKey(
        "programmes.FundingSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding source"),
    )
    label = models.CharField(_("source"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing share")
        verbose_name_plural = _("financing shares")
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return f"{self.label or self.funding_source}: {self.amount}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"competitions/{instance.submission.competition_id}/{instance.submission_id}/{filename}"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    """A member of a competition's reviewer pool."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer_seats",
        verbose_name=_("reviewer"),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewer pool")
        ordering = ["competition", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], name="reviewer_once_per_pool")
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictOfInterest(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    detected = models.BooleanField(_("detected automatically"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["submission", "reviewer", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "submission", "kind"], name="conflict_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.submission}: {self.get_kind_display()}"


class Assignment(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="assignments")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="assignments")
    automatic = models.BooleanField(_("assigned automatically"), default=False)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "submission"], name="assign_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.submission}"


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted = models.BooleanField(_("submitted"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assignment"]

    def __str__(self) -> str:
        return str(self.assignment)


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    competition = models.OneToOneField(
        Competition, on_delete=models.PROTECT, related_name="decision"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    committee = models.CharField(_("deciding committee"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    missing_reviews = models.PositiveIntegerField(
        _("reviews missing at the decision"),
        default=0,
        help_text=_("Assigned reviews that were not submitted when the decision was recorded."),
    )
    missing_reviews_reason = models.TextField(
        _("reason for deciding with missing reviews"), blank=True
    )
    snapshot = models.JSONField(
        _("figures at the decision"),
        default=dict,
        blank=True,
        help_text=_("Rules, criteria, settings and the analysis run the decision used, frozen."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return str(self.competition)


class DecisionEntry(models.Model):
    """The ranking at the time of the decision, one row per idea, with the committee's choice."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="decision_entry"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    reviews = models.PositiveSmallIntegerField(_("reviews"), default=0)
    selected = models.BooleanField(_("selected"), default=False)
    deviation = models.BooleanField(_("deviates from the ranking"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    figures = models.JSONField(
        _("figures at the decision"),
        default=dict,
        blank=True,
        help_text=_(
            "Eligibility facts, scores and cluster-potential figures of the idea as the decision "
            "saw them; pages and letters show these, never a recomputation."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision entry")
        verbose_name_plural = _("decision entries")
        ordering = ["decision", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.submission}"


class Amendment(models.Model):
    """A change of the criteria or eligibility rules after the call opened (or the first
    submission arrived): recorded with its reason and shown to applicants on the call page."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="amendments"
    )
    made_at = models.DateTimeField(_("amended"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("amended by"),
    )
    reason = models.TextField(_("reason for the amendment"))
    changes = models.JSONField(
        _("changes"),
        default=list,
        help_text=_(
            "What changed: one entry per field or criterion, with the value before and after."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment of the call")
        verbose_name_plural = _("amendments of the call")
        ordering = ["competition", "made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.competition}: {self.made_at:%Y-%m-%d}"
