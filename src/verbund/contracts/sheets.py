"""Contracts on the project page: each network's contract, and a flag where its funded term runs
past the project's end (a project amendment is needed)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbund.contracts.domain.queries import needs_project_amendment
from verbund.contracts.models import Contract
from verbund.core.sheets import SheetRow, SheetSection, project_section


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
