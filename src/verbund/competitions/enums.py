from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for submissions")
    CLOSED = "closed", _("Closed")
    IN_REVIEW = "in_review", _("In review")
    DISCUSSION = "discussion", _("Discussion")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")


PHASE_ORDER = [p.value for p in Phase]
NEXT_PHASES = {
    Phase.DRAFT: [Phase.OPEN],
    Phase.OPEN: [Phase.CLOSED],
    Phase.CLOSED: [Phase.IN_REVIEW],
    Phase.IN_REVIEW: [Phase.DISCUSSION, Phase.DECIDED],
    Phase.DISCUSSION: [Phase.DECIDED],
    Phase.DECIDED: [Phase.PUBLISHED],
    Phase.PUBLISHED: [],
}
REVIEW_PHASES = {Phase.IN_REVIEW, Phase.DISCUSSION}
DECIDED_PHASES = {Phase.DECIDED, Phase.PUBLISHED}


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    OPEN = "", _("Not decided")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class Recommendation(models.TextChoices):
    FUND = "fund", _("Recommend for selection")
    FUND_WITH_CHANGES = "changes", _("Recommend with changes")
    REJECT = "reject", _("Do not recommend")


class ConflictKind(models.TextChoices):
    DECLARED = "declared", _("Declared personal conflict")
    APPLICANT = "applicant", _("Reviewer belongs to the applicant")
    CARRIER = "carrier", _("Reviewer belongs to the carrier")
    MEMBER = "member", _("Reviewer belongs to a member company")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
