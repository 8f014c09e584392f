from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("place offered")
    CANCELLED = "cancelled", _("cancelled")
    PENDING = "pending", _("waiting for moderation")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("text")
    CHOICE = "choice", _("choice")
    YES_NO = "yes_no", _("yes or no")


class RequestState(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class RunKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("preliminary")
    FINAL = "final", _("final")


OFFER_HOURS = 48
"""A freed place is offered to the next person on the waiting list for this long."""
