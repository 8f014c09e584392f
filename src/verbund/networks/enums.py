from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkPhase(models.TextChoices):
    DEVELOPMENT = "development", _("Development phase")
    REALIZATION = "realization", _("Realization phase")
    CONTINUED = "continued", _("Continued without funding")
    ENDED = "ended", _("Ended")


class ActorKind(models.TextChoices):
    CARRIER = "carrier", _("Carrier")
    COMPANION = "companion", _("Accompanying consultancy")
    MEMBER_ADMIN = "member_admin", _("Member company administrator")


class MemberRole(models.TextChoices):
    FOUNDING = "founding", _("Founding member")
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner institution")


class JoinState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MeasureType(models.TextChoices):
    EVENT = "event", _("Event")
    MARKETING = "marketing", _("Joint marketing")
    PORTAL = "portal", _("Internet portal")
    DEMO_CENTRE = "demo_centre", _("Demonstration centre")
    TRAINING = "training", _("Training")
    STUDY = "study", _("Study")
    JOINT_PROJECT = "joint_project", _("Joint project")
    ACQUISITION = "acquisition", _("Acquisition")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    IMPLEMENTATION = "implementation", _("In implementation")
    PLANNING = "planning", _("In planning")
    PRE_PLANNING = "pre_planning", _("In pre-planning or tender")


class CatalogueState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")


class ActivityKind(models.TextChoices):
    EVENT = "event", _("Event held")
    PORTAL = "portal", _("Portal launched")
    DEMO_CENTRE = "demo_centre", _("Demonstration centre opened")
    ACQUISITION = "acquisition", _("Acquisition talk")
    JOINT_PROJECT = "joint_project", _("Joint project started")
    OTHER = "other", _("Other")


EVIDENCE_KINDS = frozenset({"pdf", "png", "jpeg"})
