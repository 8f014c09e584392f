"""How a value of an audit table reads on a page or in the PDF (dates local, money with two
decimals, yes/no in the page's language)."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, key)
