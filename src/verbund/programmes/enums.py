"""Choices of the programmes app; English in code, German labels come from the translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """The four states an official project sheet lists (Projektstand)."""

    COMPLETED = "completed", _("completed")
    IMPLEMENTATION = "implementation", _("in implementation")
    PLANNING = "planning", _("in planning or conception")
    PRE_PLANNING = "pre_planning", _("in pre-planning or tender")


class MilestoneKind(models.TextChoices):
    EARLY_START = "early_start", _("Early-start approval")
    APPLICATION = "application", _("Application submitted to the regional authority")
    COMMITTEE = "committee", _("Committee (KG) confirmation")
    DECISION = "decision", _("Project decision")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    EU = "eu", _("EU fund")
    FEDERAL = "federal", _("federal")
    STATE = "state", _("federal state")
    MUNICIPAL = "municipal", _("municipal")
    PRIVATE = "private", _("private")


class OrganisationKind(models.TextChoices):
    CARRIER = "carrier", _("carrier")
    AUTHORITY = "authority", _("public authority")
    OTHER = "other", _("other")


class Salutation(models.TextChoices):
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")
