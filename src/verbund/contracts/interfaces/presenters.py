"""What the pages show of an amendment's recorded changes, and the payments export's rows."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbund.contracts.domain.money import eur

FIELD_LABELS = {
    "volume": lambda: _("Contract volume (EUR)"),
    "term_months": lambda: _("Funded term (months)"),
    "end_date": lambda: _("End of the funded term"),
    "due_date": lambda: _("Due date"),
    "lump_sum": lambda: _("Lump sum (EUR)"),
    "title": lambda: _("Title"),
}


def _label(field: str) -> str:
    label = FIELD_LABELS.get(field)
    return label() if label else field


def _shown(field: str, value) -> str:
    """A recorded value (amounts and dates are stored as text) in the language's format."""
    if value is None:
        return "–"
    if field in ("volume", "lump_sum"):
        try:
            return eur(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if field in ("end_date", "due_date"):
        try:
            return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


def amendment_lines(changes: dict) -> list[tuple[str, str, str]]:
    """(what, old, new) lines of an amendment, contract fields first, then the milestones."""
    lines = [
        (_label(key), _shown(key, value[0]), _shown(key, value[1]))
        for key, value in changes.items()
        if key != "milestones"
    ]
    for m in changes.get("milestones", []):
        field = m["field"]
        lines.append(
            (f"{m['title']}: {_label(field)}", _shown(field, m["old"]), _shown(field, m["new"]))
        )
    return lines


def export_header() -> list[str]:
    return [
        _("Contract"), _("Network"), _("Milestone"), _("Payment"), _("Kind"), _("State"),
        _("Prepared by"), _("Prepared"), _("Confirmed by"), _("Confirmed"), _("Funding source"),
        _("Share (%)"), _("Amount (EUR)"), _("Reason"),
    ]  # fmt: skip


def export_rows(parts):
    for part in parts:
        p = part.payment
        yield [
            p.milestone.contract.number, str(p.milestone.contract.network), p.milestone.title,
            p.pk, p.get_kind_display(), p.get_state_display(), str(p.prepared_by), p.prepared_at,
            str(p.confirmed_by) if p.confirmed_by else "", p.confirmed_at, str(part.source),
            part.percentage, part.amount, p.reason,
        ]  # fmt: skip
