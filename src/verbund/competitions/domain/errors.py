"""Errors the domain raises; their messages are shown to the user as they are.

All derive from `verbund.core.errors.DomainError` (a `ValidationError`), so a view catches one type
and shows it with `verbund.core.errors.add_to_form` next to the field it names.
"""

from django.core.exceptions import ValidationError

from verbund.core.errors import DomainError


class CompetitionError(DomainError):
    """A write that the rules of the competition do not allow (wrong phase, too late, ...).

    `reason` may be a list of reasons: each becomes one message (e.g. every missing score).
    """

    def __init__(self, reason, *, field=None, row=None, code="invalid"):
        reasons = [str(r) for r in reason] if isinstance(reason, list | tuple) else [str(reason)]
        super().__init__(" ".join(reasons), field=field, row=row, code=code)
        if len(reasons) > 1:
            self.error_list = [ValidationError(r, code=code) for r in reasons]


class StaleReview(CompetitionError):
    """Someone saved the review since this form was opened."""


class ScoresLocked(CompetitionError):
    """Scores cannot change after the decision."""
