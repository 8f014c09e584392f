"""One error type for every domain rule that input breaks, naming the field, the row and the reason.

Every app's errors derive from `DomainError`, so a view needs one `except DomainError` and
`add_to_form` to show the message next to the field the user typed into, keeping what was typed.
It is a `ValidationError`, so Django's form machinery and existing `except ValidationError` accept it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DomainError(ValidationError):
    """A rule of the domain refused the input; nothing was written."""

    def __init__(
        self,
        reason: str,
        *,
        field: str | None = None,
        row: int | None = None,
        code: str = "invalid",
    ):
        self.reason = str(reason)
        self.field = field
        self.row = row
        super().__init__(self._compose(), code=code)

    def _compose(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.field:
            parts.append(_("field “%(field)s”") % {"field": self.field})
        return f"{', '.join(parts)}: {self.reason}" if parts else self.reason

    def __str__(self) -> str:
        return self._compose()

    def __reduce__(self):
        """Copy and pickle as reason, field, row and code (a form's errors are deep-copied)."""
        return (_rebuild, (self.__class__, self.reason, self.field, self.row, self.code))


def _rebuild(cls, reason, field, row, code):
    error = cls.__new__(cls)
    DomainError.__init__(error, reason, field=field, row=row, code=code)
    return error


def add_to_form(form, error: ValidationError) -> None:
    """Show a domain error on the form: on its field where the form has one, else above the form."""
    field = getattr(error, "field", None)
    if isinstance(error, DomainError) and field in form.fields:
        form.add_error(field, error.reason)
    else:
        form.add_error(None, error)
