from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    RECOVERY = "recovery", _("Recovery")


class PaymentState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    CONFIRMED = "confirmed", _("Confirmed")


EVIDENCE_KINDS = frozenset({"pdf", "png", "jpeg", "xlsx"})
