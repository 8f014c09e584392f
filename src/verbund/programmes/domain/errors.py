"""The programmes app's refusals are `verbund.core.errors.DomainError`s.

Django's model validation (`full_clean`) answers with a `ValidationError` per field; `full_clean` here
turns it into one `DomainError` naming the field (or, when several fields are wrong, listing them), so
that callers need one `except DomainError` and views one `add_to_form`.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from verbund.core.errors import DomainError


def as_domain_error(error: ValidationError) -> DomainError:
    if isinstance(error, DomainError):
        return error
    if not hasattr(error, "error_dict"):
        return DomainError(" ".join(error.messages), code=_code(error))
    fields = {
        name: " ".join(ValidationError(errors).messages)
        for name, errors in error.error_dict.items()
    }
    if len(fields) == 1:
        ((name, text),) = fields.items()
        return DomainError(
            text, field=None if name == NON_FIELD_ERRORS else name, code=_code(error)
        )
    return DomainError(
        "; ".join(
            text if name == NON_FIELD_ERRORS else f"{name}: {text}" for name, text in fields.items()
        ),
        code=_code(error),
    )


def _code(error: ValidationError) -> str:
    for item in error.error_list if hasattr(error, "error_list") else []:
        if item.code:
            return item.code
    if hasattr(error, "error_dict"):
        for errors in error.error_dict.values():
            for item in errors:
                if item.code:
                    return item.code
    return "invalid"


def full_clean(obj: models.Model, **kwargs) -> None:
    """`obj.full_clean(**kwargs)`, refusing with a `DomainError`."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        raise as_domain_error(error) from error
