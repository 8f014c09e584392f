"""Errors the domain raises; their messages are shown to the user as they are."""

from django.core.exceptions import ValidationError


class CompetitionError(ValidationError):
    """A write that the rules of the competition do not allow (wrong phase, too late, ...)."""


class StaleReview(CompetitionError):
    """Someone saved the review since this form was opened."""


class ScoresLocked(CompetitionError):
    """Scores cannot change after the decision."""
