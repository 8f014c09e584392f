"""Personal data whose retention follows the last payment (Art. 82 Regulation (EU) 2021/1060) for
the retention rules (see verbund.core.retention).

Contracts hold the payments, so this app declares the people named on a network (its carrier's
contact person) and in a project team: their records are kept until five years after 31 December
of the year of the last payment to the network or project (and at least past the project's end)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.retention import ANONYMISED, personal_data
from verbund.networks.models import Network
from verbund.programmes.models import TeamMember

RULE = _("last payment (or the end of the project, when later)")


def _networks_paid_later(year: int):
    late = Q(contracts__milestones__payments__prepared_at__year__gt=year) | Q(
        contracts__milestones__payments__confirmed_at__year__gt=year
    )
    return Network.objects.filter(late).values("pk")


def _expired_carrier_contacts(year: int):
    return (
        Network.objects.filter(created_at__year__lte=year)
        .exclude(carrier_contact="")
        .exclude(pk__in=_networks_paid_later(year))
        .exclude(project__end_month__year__gt=year)
    )


def _expired_team_members(year: int):
    return TeamMember.objects.filter(project__end_month__year__lte=year).exclude(
        project__networks__in=_networks_paid_later(year)
    )


personal_data(
    key="networks.network",
    label=_("contact persons of network carriers"),
    model=Network,
    replacements={"carrier_contact": ANONYMISED},
    expired=_expired_carrier_contacts,
    rule=RULE,
)
personal_data(
    key="programmes.teammember",
    label=_("project team members"),
    model=TeamMember,
    replacements={"name": ANONYMISED, "salutation": ""},
    expired=_expired_team_members,
    rule=RULE,
)
