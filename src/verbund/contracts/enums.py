from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MilestoneState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("milestone state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("milestone state", "Submitted")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("milestone state", "Changes requested")
    RESUBMITTED = "resubmitted", pgettext_lazy("milestone state", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("milestone state", "Accepted")
    REJECTED = "rejected", pgettext_lazy("milestone state", "Rejected")


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    RECOVERY = "recovery", _("Recovery")


class PaymentState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    CONFIRMED = "confirmed", _("Confirmed")


EVIDENCE_KINDS = frozenset({"pdf", "png", "jpeg", "xlsx"})
