"""Choices of the reporting app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Derivation(models.TextChoices):
    """How an indicator gets its values: entered with evidence, or derived from the records."""

    ENTERED = "entered", _("entered with evidence")
    RCO01 = "rco01", _("RCO01 enterprises supported (derived)")
    RCO02 = "rco02", _("RCO02 enterprises supported by grants (derived)")
    RCO04 = "rco04", _("RCO04 enterprises with non-financial support (derived)")
    NETWORKS_FORMED = "networks_formed", _("networks formed (derived)")
    EVENTS_HELD = "events_held", _("events held (derived)")
    EVENT_PARTICIPANTS = "event_participants", _("participants in events (derived)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


ACTIVE_REPORT_STATUSES = frozenset({ReportStatus.QUEUED, ReportStatus.RUNNING})
EVIDENCE_KINDS = frozenset({"pdf", "png", "jpeg", "xlsx"})
