"""The project's networks with their carriers and results on the project pages and fact sheet."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbund.core.i18n import localized
from verbund.core.sheets import SheetRow, SheetSection, project_section
from verbund.networks.domain.queries import networks_for_project, results_for_project


@project_section(order=10)
def networks_and_results(project, user=None) -> SheetSection | None:
    networks = list(networks_for_project(project))
    if not networks:
        return None
    results: dict[int, list[str]] = {}
    for activity in results_for_project(project):
        results.setdefault(activity.network_id, []).append(
            f"{date_format(activity.date, 'SHORT_DATE_FORMAT')}: {localized(activity, 'text')}"
        )
    rows = [
        SheetRow(
            label=_("%(network)s (carrier: %(carrier)s)")
            % {"network": localized(network, "name"), "carrier": network.carrier},
            items=results.get(network.pk, []),
            url=reverse("networks:detail", args=[network.slug]),
        )
        for network in networks
    ]
    return SheetSection(_("Networks and their results"), rows)
