"""What the call page shows of amendments: one plain line per changed rule or criterion."""

from django.utils.translation import gettext as _

from verbund.competitions.models import Competition


def _value(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _criterion(values: dict | None) -> str:
    if values is None:
        return "–"
    return _("%(name)s (weight %(weight)s, scale %(low)s–%(high)s)") % {
        "name": values["name"], "weight": values["weight"],
        "low": values["scale_min"], "high": values["scale_max"],
    }  # fmt: skip


def amendment_lines(amendment) -> list[str]:
    """ "minimum number of member companies: 5 → 4", "criterion 2: A (…) → B (…)"."""
    lines = []
    for change in amendment.changes:
        if "field" in change:
            label = Competition._meta.get_field(change["field"]).verbose_name
            lines.append(f"{label}: {_value(change['before'])} → {_value(change['after'])}")
        else:
            after = change["after"]
            lines.append(
                _("criterion %(n)s") % {"n": change["criterion"]}
                + f": {_criterion(change['before'])} → "
                + (_criterion(after) if after is not None else _("removed"))
            )
    return lines
