"""Contracts on the project page (each network's contract, and a flag where its funded term runs
past the project's end: a project amendment is needed) and on the network's dashboard (paid share)."""

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from verbund.contracts.domain.queries import (
    contracts_of_network,
    needs_project_amendment,
    paid_share_of_network,
)
from verbund.contracts.models import Contract
from verbund.core.sheets import SheetRow, SheetSection, network_section, project_section


@project_section(order=20)
def contracts_of_project(project, user=None) -> SheetSection | None:
    """Shown on the project page to those who may see contracts (not on the public fact sheet)."""
    if user is None or not user.has_perm("contracts.view_overview"):
        return None
    contracts = list(
        Contract.objects.filter(network__project=project)
        .select_related("network__project")
        .order_by("award_date", "pk")
    )
    if not contracts:
        return None
    late = [c for c in contracts if needs_project_amendment(c)]
    rows = [
        SheetRow(
            label=_("%(number)s, %(network)s: %(start)s – %(end)s")
            % {
                "number": c.number, "network": c.network,
                "start": date_format(c.award_date, "SHORT_DATE_FORMAT"),
                "end": date_format(c.end_date, "SHORT_DATE_FORMAT"),
            },
            items=[_("runs past the project's end: a project amendment is needed")] if c in late else [],
            url=reverse("contracts:detail", args=[c.pk]),
        )
        for c in contracts
    ]  # fmt: skip
    warning = (
        _("%(count)s contract(s) run past the project's end; the project needs an amendment.")
        % {"count": len(late)}
        if late
        else ""
    )
    return SheetSection(_("Performance-based contracts"), rows, public=False, warning=warning)


@network_section(order=10)
def paid_share(network, user=None) -> SheetSection | None:
    """The network's dashboard shows how much of its contract volume has been paid."""
    contracts = [
        c
        for c in contracts_of_network(network)
        if user and user.has_perm("contracts.view_contract", c)
    ]
    share = paid_share_of_network(network) if contracts else None
    if share is None:
        return None
    rows = [
        SheetRow(label=_("%(number)s: %(share)s %% of the contract volume paid")
                 % {"number": c.number, "share": number_format(share, 1)},
                 url=reverse("contracts:detail", args=[c.pk]))
        for c in contracts[:1]
    ] + [SheetRow(label=c.number, url=reverse("contracts:detail", args=[c.pk])) for c in contracts[1:]]  # fmt: skip
    return SheetSection(_("Contract and payments"), rows, public=False)
