"""Imported reference totals (e.g. national employment by WZ division) for the location quotient."""

import math

from django.db import transaction
from django.utils.translation import gettext as _

from verbund.clusters.models import ReferenceTotals
from verbund.core.audit import save_as
from verbund.core.errors import DomainError

MAX_TOTAL = 1e12
"""No reference total is larger (the world's employment is below 10¹⁰); larger means a typo."""


class ReferenceTotalsError(DomainError):
    """Reference totals that cannot serve as the denominator of a location quotient."""


def check_total(value: float, *, code: str = "", row: int | None = None) -> float:
    """A usable total: a finite number from 0 to `MAX_TOTAL` (nan, inf and 1e309 are refused)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReferenceTotalsError(_("“%(v)s” is not a number.") % {"v": value}, row=row) from None
    if not math.isfinite(number):
        raise ReferenceTotalsError(
            _("The total of %(code)s is not a finite number (%(v)s).") % {"code": code, "v": value},
            row=row,
        )
    if not 0 <= number <= MAX_TOTAL:
        raise ReferenceTotalsError(
            _("The total of %(code)s must lie between 0 and %(max)s.")
            % {"code": code, "max": f"{MAX_TOTAL:.0e}"},
            row=row,
        )
    return number


@transaction.atomic
def import_reference_totals(
    *, name: str, rows: dict[str, float], user, source: str = ""
) -> ReferenceTotals:
    """Store totals by WZ code; codes are kept as written (the analysis normalises them).

    Raises `ReferenceTotalsError` for a total that is not a finite number from 0 to `MAX_TOTAL`;
    nothing is stored then.
    """
    checked = {str(k): check_total(v, code=str(k)) for k, v in rows.items()}
    ref = ReferenceTotals(name=name, source=source, rows=checked, created_by=user)
    save_as(ref, user)
    return ref
