from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormOfAddress(models.TextChoices):
    """How letters and mails address a person; "neutral" uses the full name without Frau/Herr."""

    NEUTRAL = "neutral", _("neutral (full name)")
    MS = "ms", _("Ms")
    MR = "mr", _("Mr")


class NotificationCategory(models.TextChoices):
    COMPETITIONS = "competitions", _("ideas competitions (submissions, reviews, decisions)")
    NETWORKS = "networks", _("networks (join requests, catalogue, news)")
    CONTRACTS = "contracts", _("contracts (evidence, payments, reminders)")
    EVENTS = "events", _("events (registrations, meetings)")
    PORTAL_CLAIMS = "portal_claims", _("company profile (claims, further admins)")
    PORTAL_BOARD = "portal_board", _("offers and requests (interest, moderation)")


class User(AbstractUser):
    """A person who signs in. Roles are groups (see roles.py); organisation is free text for display."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    form_of_address = models.CharField(
        _("form of address"), max_length=10, choices=FormOfAddress.choices,
        default=FormOfAddress.NEUTRAL,
    )  # fmt: skip
    title = models.CharField(_("academic title"), max_length=40, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("de", _("German")), ("en", _("English"))],
        default="de",
    )
    muted_notifications = models.JSONField(
        _("notifications switched off"), default=list, blank=True,
        help_text=_("Categories of notification mails this person does not want."),
    )  # fmt: skip

    def wants_mail(self, category: str) -> bool:
        return category not in (self.muted_notifications or [])

    def salutation(self, language: str | None = None) -> str:
        """The opening line of a letter or mail from the stored form of address."""
        from django.utils import translation

        with translation.override(language or self.language or "de"):
            name = " ".join(p for p in (self.title, self.last_name) if p) or self.username
            full = " ".join(p for p in (self.title, self.first_name, self.last_name) if p)
            if self.form_of_address == FormOfAddress.MS:
                return str(_("Dear Ms %(name)s,") % {"name": name})
            if self.form_of_address == FormOfAddress.MR:
                return str(_("Dear Mr %(name)s,") % {"name": name})
            return str(_("Dear %(name)s,") % {"name": full or self.username})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class PeriodicRun(models.Model):
    """When each periodic job last ran; claimed with one conditional UPDATE so one worker runs it."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """The office invites a person by e-mail into a role (reviewer, carrier, auditor, …)."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"


class UploadedFileFields(models.Model):
    """What every stored upload records beside its file (checked by `core.uploads`): the name as
    uploaded, the detected kind, the size, when and by whom. Apps add the file field (with their own
    storage path) and what the file belongs to."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class AccessKind(models.TextChoices):
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    LOGOUT = "logout", _("signed out")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    ANONYMISE = "anonymise", _("anonymised")


class AccessLog(models.Model):
    """Who signed in, exported or downloaded what, when (the history records cover every change).

    In core so that every app's exports and downloads record into it without knowing the audit app,
    which shows it together with the history records."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("action"), max_length=20, choices=AccessKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    username = models.CharField(_("user name as entered"), max_length=150, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="accesslog_kind_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail or self.path}".strip()


def record_access(*, kind: str, request=None, user=None, detail: str = "", username: str = ""):
    """Write one access record; `request` (if given) supplies the user, address and IP."""
    if request is not None:
        user = user or getattr(request, "user", None)
        path = request.get_full_path()[:500] if hasattr(request, "get_full_path") else ""
        ip_address = request.META.get("REMOTE_ADDR") or None
    else:
        path, ip_address = "", None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AccessLog.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        path=path,
        ip_address=ip_address,
        detail=detail[:500],
    )
