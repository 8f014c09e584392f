"""Contracts on the start pages and in the navigation (see verbund.core.start)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.contracts.domain import queries
from verbund.contracts.domain.money import eur
from verbund.core.start import Section, Task, nav, section

nav(gettext_lazy("Contracts"), "contracts:list", perm="contracts.view_list", order=27)


@section(order=32)
def office_contract_tasks(user) -> Section | None:
    """The office: evidence to review and payments to confirm (prepared by someone else)."""
    if not user.has_perm("contracts.review_evidence"):
        return None
    tasks = [
        Task(
            text=_("Review evidence: %(milestone)s (%(contract)s)")
            % {"milestone": m, "contract": m.contract.number},
            url=reverse("contracts:milestone", args=[m.contract_id, m.pk]),
            due=m.due_date,
            state=m.get_state_display(),
        )
        for m in queries.evidence_to_review()[:20]
    ]
    tasks += [
        Task(
            text=_("Confirm payment #%(pk)s: %(amount)s EUR (%(contract)s)")
            % {"pk": p.pk, "amount": eur(p.amount), "contract": p.milestone.contract.number},
            url=reverse("contracts:payment", args=[p.milestone.contract_id, p.pk]),
            state=p.get_kind_display(),
        )
        for p in queries.payments_to_confirm(user)[:20]
    ]
    return Section(
        _("Contracts: evidence to review and payments to confirm"),
        tasks,
        empty_text=_("Nothing to review or confirm."),
        more_url=reverse("contracts:list"),
    )


@section(order=33)
def carrier_milestones(user) -> Section | None:
    """The carrier: milestones whose evidence is still owed, due and overdue."""
    milestones = list(queries.milestones_owed_by(user)[:20])
    if not milestones:
        return None
    today = timezone.localdate()
    tasks = [
        Task(
            text=f"{m} ({m.contract.number})",
            url=reverse("contracts:milestone", args=[m.contract_id, m.pk]),
            due=m.due_date,
            state=m.get_state_display(),
            overdue=queries.is_overdue(m, today=today),
        )
        for m in milestones
    ]
    return Section(_("My milestones"), tasks, more_url=reverse("contracts:list"))
