"""Formatting for project pages and fact sheets in the active language."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "de").startswith("en")


@register.filter
def sheet_date(value: dt.date | None) -> str:
    """16.11.2000 in German, 16 November 2000 in English (never the ambiguous 11/16/2000)."""
    if not value:
        return ""
    return date_format(value, "j F Y" if _english() else "d.m.Y")


@register.filter
def month(value: dt.date | None) -> str:
    return value.strftime("%m/%Y") if value else ""


@register.filter
def percent(value: Decimal | None) -> str:
    """75 %, 75,5 % (German) or 75.5 % (English): no trailing zeros."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number
    return f"{formats.number_format(number, use_l10n=True)}\u00a0%"


@register.filter
def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def tr(obj, field: str) -> str:
    """The field in the active language with German fallback (models define `tr`)."""
    return obj.tr(field) if obj is not None else ""


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
