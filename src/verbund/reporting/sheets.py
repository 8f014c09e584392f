"""The project's indicators with target and value on the project page and the public fact sheet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.sheets import SheetRow, SheetSection, project_section


@project_section(order=30)
def indicators(project, user=None) -> SheetSection | None:
    """Target and value to date per indicator (figures only; the enterprises behind them are on
    the reporting pages for the office and the auditor)."""
    from verbund.reporting.domain.queries import project_progress

    rows, _percent = project_progress(project, today=timezone.localdate())
    if not rows:
        return None
    return SheetSection(
        _("Indicators"),
        [
            SheetRow(
                label=f"{p.indicator.code} {p.indicator.label}",
                items=[
                    _("target %(target)s %(unit)s, value to date %(value)s")
                    % {
                        "target": _number(p.indicator.target),
                        "unit": p.indicator.unit_label,
                        "value": _number(p.value),
                    }
                ],
            )
            for p in rows
        ],
    )


def _number(value) -> str:
    from django.utils.formats import number_format

    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, places)
