"""Models of the portal app (thin: writes go through `verbund.portal.domain`).

A company's public face is its `CompanyProfile` (one per register entry): texts and a logo the
company edits itself, and one consent switch per field (`show_<field>`, see `enums.PublicField`);
nothing of a company appears publicly unless its switch is on, and `show_name` gates everything.
Companies are administered by `CompanyAdmin`s: the first one through a confirmed `CompanyClaim`,
further ones through an `AdminInvitation`. Networks publish `NewsItem`s; members post offers and
requests (`Post`) on the board, which the carrier or the office moderates, and other companies
answer with an `Interest`.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.core.i18n import localized
from verbund.portal.enums import (
    ClaimConfirmation,
    ClaimState,
    ConsentSource,
    NewsVisibility,
    PostKind,
    PostState,
    PostType,
    PublicField,
)

TEXT_LIMIT = 5000
"""Longest description, needs, news or post text (characters)."""


def _logo_path(instance: "CompanyProfile", filename: str) -> str:
    return f"portal/logos/{instance.company_id}/{filename}"


def _news_image_path(instance: "NewsItem", filename: str) -> str:
    return f"portal/news/{instance.network_id}/{filename}"


class CompanyProfile(models.Model):
    """What a company shows about itself, and which of it may be public (field by field)."""

    company = models.OneToOneField(
        "companies.Company", models.CASCADE, related_name="portal_profile",
        verbose_name=_("company"),
    )  # fmt: skip
    description = models.TextField(_("description"), max_length=TEXT_LIMIT, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=TEXT_LIMIT, blank=True)
    competences = models.TextField(
        _("competences"), max_length=TEXT_LIMIT, blank=True,
        help_text=_("What the company is good at; one per line or separated by commas."),
    )  # fmt: skip
    offers = models.TextField(_("offers"), max_length=TEXT_LIMIT, blank=True)
    needs = models.TextField(
        _("needs"), max_length=TEXT_LIMIT, blank=True,
        help_text=_("What the company is looking for (partners, skills, suppliers)."),
    )  # fmt: skip
    needs_en = models.TextField(_("needs (English)"), max_length=TEXT_LIMIT, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to=_logo_path, blank=True)
    # Consent, one switch per PublicField (default off: nothing public without consent).
    show_name = models.BooleanField(_("show the name"), default=False)
    show_city = models.BooleanField(_("show the city"), default=False)
    show_address = models.BooleanField(_("show street and postcode"), default=False)
    show_location = models.BooleanField(_("show the position on the map"), default=False)
    show_website = models.BooleanField(_("show the website"), default=False)
    show_industry = models.BooleanField(_("show the industry"), default=False)
    show_size = models.BooleanField(_("show the size class"), default=False)
    show_description = models.BooleanField(_("show the description"), default=False)
    show_competences = models.BooleanField(_("show the competences"), default=False)
    show_offers = models.BooleanField(_("show the offers"), default=False)
    show_needs = models.BooleanField(_("show the needs"), default=False)
    show_logo = models.BooleanField(_("show the logo"), default=False)
    consent_source = models.CharField(
        _("consent given"), max_length=20, choices=ConsentSource.choices, blank=True
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("consent recorded by"),
    )  # fmt: skip
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_note = models.CharField(
        _("note on the consent"), max_length=255, blank=True,
        help_text=_("For a consent given on paper: the document and its date."),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")
        indexes = [models.Index(fields=["show_name"], name="portal_profile_public")]

    def __str__(self) -> str:
        return str(self.company)

    def get_absolute_url(self) -> str:
        return reverse("portal:company", args=[self.company.public_id])

    def consented(self) -> set[str]:
        """The PublicField values this company has agreed to show."""
        return {f for f in PublicField.values if getattr(self, f"show_{f}")}

    def tr(self, field: str) -> str:
        return localized(self, field)


class CompanyAdmin(models.Model):
    """A user who may edit a company's profile and act for it in the portal (several per company)."""

    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="portal_admins",
        verbose_name=_("company"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="administered_companies",
        verbose_name=_("user"),
    )  # fmt: skip
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["company", "added_at", "pk"]
        verbose_name = _("company administrator")
        verbose_name_plural = _("company administrators")
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="portal_admin_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.company}"


class CompanyClaim(models.Model):
    """A user's claim to act for a register entry; the office confirms it, or a link mailed to the
    register's contact address does."""

    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="portal_claims",
        verbose_name=_("company"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="company_claims",
        verbose_name=_("claimed by"),
    )  # fmt: skip
    message = models.TextField(_("message to the office"), max_length=2000, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ClaimState.choices, default=ClaimState.PENDING
    )
    confirmation = models.CharField(
        _("confirmed"), max_length=10, choices=ClaimConfirmation.choices, blank=True
    )
    email_sent_to = models.EmailField(_("confirmation link sent to"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("claimed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("claim of a company")
        verbose_name_plural = _("claims of companies")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"], condition=models.Q(state="pending"),
                name="portal_one_pending_claim",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class AdminInvitation(models.Model):
    """An admin of a company invites a colleague (by e-mail) to become a further admin."""

    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="portal_invitations",
        verbose_name=_("company"),
    )  # fmt: skip
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, editable=False, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by"),
    )  # fmt: skip
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("invitation of a further admin")
        verbose_name_plural = _("invitations of further admins")

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"


class JoinReply(models.Model):
    """The carrier's message with its decision on a join request (the networks app keeps the
    decision itself); mailed to the company."""

    join_request = models.OneToOneField(
        "networks.JoinRequest", models.CASCADE, related_name="portal_reply"
    )
    message = models.TextField(_("message to the company"), max_length=2000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply to a join request")
        verbose_name_plural = _("replies to join requests")

    def __str__(self) -> str:
        return self.message[:60]


class NewsItem(models.Model):
    """A short dated post by the carrier on its network's page (public or for members only)."""

    network = models.ForeignKey(
        "networks.Network", models.CASCADE, related_name="news", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text = models.TextField(_("text"), max_length=TEXT_LIMIT)
    text_en = models.TextField(_("text (English)"), max_length=TEXT_LIMIT, blank=True)
    image = models.FileField(_("image"), upload_to=_news_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"), max_length=200, blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )  # fmt: skip
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=NewsVisibility.choices,
        default=NewsVisibility.PUBLIC,
    )  # fmt: skip
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("author"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return self.tr("title")

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", args=[self.network.slug, self.pk])

    def tr(self, field: str) -> str:
        return localized(self, field)

    @property
    def localized_title(self) -> str:
        return self.tr("title")

    @property
    def localized_text(self) -> str:
        return self.tr("text")


class Post(models.Model):
    """An offer or a request on the board (Kooperationsbörse) of a network."""

    network = models.ForeignKey(
        "networks.Network", models.CASCADE, related_name="board_posts", verbose_name=_("network")
    )
    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="board_posts",
        verbose_name=_("company"),
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("author"),
    )  # fmt: skip
    kind = models.CharField(_("offer or request"), max_length=10, choices=PostKind.choices)
    type = models.CharField(_("type"), max_length=20, choices=PostType.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=TEXT_LIMIT)
    competences = models.CharField(
        _("competences"), max_length=500, blank=True,
        help_text=_("Separated by commas, e.g. injection moulding, CAD."),
    )  # fmt: skip
    wz_division = models.ForeignKey(
        "companies.WzCode", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("WZ division"),
    )  # fmt: skip
    region = models.CharField(_("region"), max_length=120, blank=True)
    expires_on = models.DateField(_("expires on"))
    state = models.CharField(
        _("state"), max_length=20, choices=PostState.choices, default=PostState.PENDING,
        db_index=True,
    )  # fmt: skip
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("moderated by"),
    )  # fmt: skip
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderation_note = models.CharField(_("moderator's note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")
        indexes = [models.Index(fields=["state", "expires_on"], name="portal_post_visible")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:post_detail", args=[self.pk])

    def is_expired(self, today: dt.date | None = None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    def competence_list(self) -> list[str]:
        return [c.strip() for c in self.competences.split(",") if c.strip()]


class Interest(models.Model):
    """Another company expresses interest in a post, with a message; both sides are notified."""

    post = models.ForeignKey(Post, models.CASCADE, related_name="interests")
    company = models.ForeignKey(
        "companies.Company", models.CASCADE, related_name="board_interests",
        verbose_name=_("company"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("sent by"),
    )  # fmt: skip
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(fields=["post", "company"], name="portal_interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.post}"
