"""Events of a network or of the programme, registrations with a waiting list, and B2B meetings."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from verbund.core.i18n import localized
from verbund.events.enums import QuestionKind, RegistrationState, RequestState, RunKind


def _token() -> str:
    return secrets.token_urlsafe(24)


class Event(models.Model):
    network = models.ForeignKey(
        "networks.Network", models.CASCADE, null=True, blank=True, related_name="events",
        verbose_name=_("network"), help_text=_("Empty: an event of the programme."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    moderated = models.BooleanField(_("registrations need the organiser's approval"), default=False)
    matchmaking = models.BooleanField(_("B2B meetings"), default=False)
    tables = models.PositiveIntegerField(_("tables for meetings"), null=True, blank=True)
    activity = models.OneToOneField(
        "networks.Activity", models.SET_NULL, null=True, blank=True, related_name="event",
        verbose_name=_("activity in the network's log"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return localized(self, "title")


class Question(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return localized(self, "text")


class Registration(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="event_registrations",
    )  # fmt: skip
    company = models.ForeignKey(
        "companies.Company", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("company"),
    )  # fmt: skip
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    position = models.PositiveIntegerField(_("order of registration"), default=0)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "state", "position"])]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """The secret address of a user's personal calendar feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)

    def __str__(self) -> str:
        return f"feed of {self.user}"


class Profile(models.Model):
    registration = models.OneToOneField(Registration, models.CASCADE, related_name="profile")
    offers = models.TextField(_("what we offer"), max_length=1000)
    looks_for = models.TextField(_("what we look for"), max_length=1000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.registration)


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="meeting_requests")
    sender = models.ForeignKey(Registration, models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(Registration, models.CASCADE, related_name="requests_received")
    reason = models.TextField(_("reason"), max_length=1000)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "receiver"], name="events_request_once")
        ]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return f"{self.sender} → {self.receiver}"


class Slot(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_break = models.BooleanField(_("break"), default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self) -> str:
        local = timezone.localtime
        return f"{local(self.starts_at):%H:%M}–{local(self.ends_at):%H:%M}"


class Unavailability(models.Model):
    registration = models.ForeignKey(Registration, models.CASCADE, related_name="unavailable")
    slot = models.ForeignKey(Slot, models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="events_unavailable_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration} / {self.slot}"


class ScheduleRun(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="schedule_runs")
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    optimal = models.BooleanField(_("proven optimal"), default=True)
    note = models.TextField(_("note"), blank=True)
    unplaced = models.JSONField(_("unplaced requests"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ScheduledMeeting(models.Model):
    run = models.ForeignKey(ScheduleRun, models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, models.CASCADE, related_name="scheduled")
    slot = models.ForeignKey(Slot, models.CASCADE, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"))

    class Meta:
        ordering = ["slot__starts_at", "table"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="events_meeting_once"),
            models.UniqueConstraint(fields=["run", "slot", "table"], name="events_table_once"),
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot} #{self.table}"
