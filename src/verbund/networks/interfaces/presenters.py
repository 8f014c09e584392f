"""Words and rows for the networks pages (no queries beyond what `domain.queries` returns)."""

from django.utils.translation import gettext as _

from verbund.networks.domain.committed import Way
from verbund.networks.domain.health import Reason

WAY_TEXTS = {
    Way.AGREEMENT: lambda: _("agreement or letter of intent on file"),
    Way.FEE: lambda: _("fee paid this year"),
    Way.CONTRIBUTION: lambda: _("active contribution"),
}


def way_texts(ways: list[str]) -> list[str]:
    return [WAY_TEXTS[w]() for w in ways]


def reason_text(reason: Reason) -> str:
    v = reason.values
    texts = {
        "no_members": lambda: _("The network has no members."),
        "few_active": lambda: (
            _("only %(active)s of %(members)s members active in the last 12 months") % v
        ),
        "few_committed": lambda: _("only %(committed)s of %(members)s members are committed") % v,
        "carrier_share": lambda: _("%(share)s %% of all ties run through the carrier") % v,
        "cut_off": lambda: _("%(n)s members would be cut off without the carrier") % v,
        "no_new_ties": lambda: _("no new ties between members in the last two quarters"),
        "no_measures": lambda: _("the catalogue has no measures yet"),
    }
    return texts[reason.code]()


LIGHT_TEXTS = {
    "green": lambda: _("Healthy"),
    "yellow": lambda: _("Watch"),
    "red": lambda: _("At risk"),
}


def light_text(light: str) -> str:
    return LIGHT_TEXTS[light]()


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"
