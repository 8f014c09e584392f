"""Award and amendments of a contract."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from verbund.contracts.domain import terms
from verbund.contracts.domain.errors import ContractError
from verbund.contracts.domain.money import as_money, eur
from verbund.contracts.domain.plan import financing_plan
from verbund.contracts.models import MONEY, Amendment, Contract, Milestone, Payment
from verbund.core.audit import save_as
from verbund.networks.domain import networks as network_domain
from verbund.networks.enums import CatalogueState, NetworkPhase
from verbund.networks.models import Network

MAX_TERM_MONTHS = 120
MAX_MONEY = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


def check_money(value, *, field: str, positive: bool = True) -> Decimal:
    amount = as_money(value, field=field)
    if abs(amount) >= MAX_MONEY:
        raise ContractError(_("this amount is too large"), field=field)
    if positive and amount <= 0:
        raise ContractError(_("the amount must be more than 0 EUR"), field=field)
    return amount


def _check_term(term_months) -> int:
    if not isinstance(term_months, int) or isinstance(term_months, bool):
        raise ContractError(_("the term is a whole number of months"), field="term_months")
    if not 1 <= term_months <= MAX_TERM_MONTHS:
        raise ContractError(
            _("the term runs between 1 and %(max)s months") % {"max": MAX_TERM_MONTHS},
            field="term_months",
        )
    return term_months


def _next_number(award_date: dt.date) -> str:
    prefix = f"LV-{award_date.year}-"
    n = Contract.objects.filter(number__startswith=prefix).count() + 1
    while Contract.objects.filter(number=f"{prefix}{n:02d}").exists():
        n += 1
    return f"{prefix}{n:02d}"


@transaction.atomic
def award_contract(
    *,
    network: Network,
    award_date: dt.date,
    volume,
    user,
    term_months: int = 24,
    number: str = "",
    follows: Contract | None = None,
) -> Contract:
    """The award (Zuschlag): a contract for a network whose catalogue of measures was approved.

    A network in its development phase moves into the realization phase on the award date (through
    the networks' own phase change). A network already in realization may get a contract (its
    catalogue approval moved it there before the contracts existed) and any number of follow-up
    contracts; a network that continued without funding or ended gets none.
    """
    network = Network.objects.select_for_update().select_related("project").get(pk=network.pk)
    if network.catalogue_state != CatalogueState.APPROVED:
        raise ContractError(
            _("the award needs a catalogue of measures approved by the office"), field="network"
        )
    if network.phase not in (NetworkPhase.DEVELOPMENT, NetworkPhase.REALIZATION):
        raise ContractError(
            _("a network in the phase “%(phase)s” gets no award")
            % {"phase": network.get_phase_display()},
            field="network",
        )
    if not isinstance(award_date, dt.date):
        raise ContractError(_("give the award date"), field="award_date")
    term_months = _check_term(term_months)
    volume = check_money(volume, field="volume")
    plan = financing_plan(network.project_id)
    if sum((p for _s, p in plan), Decimal(0)) != 100:
        raise ContractError(
            _("the project's financing plan does not add up to 100 %; complete it first"),
            field="network",
        )
    if follows is not None and follows.network_id != network.pk:
        raise ContractError(
            _("a follow-up continues a contract of the same network"), field="follows"
        )
    number = (number or "").strip() or _next_number(award_date)
    if len(number) > Contract._meta.get_field("number").max_length:
        raise ContractError(_("the contract number is too long"), field="number")
    if Contract.objects.filter(number=number).exists():
        raise ContractError(_("this contract number is already used"), field="number")
    contract = Contract(
        network=network, number=number, award_date=award_date, term_months=term_months,
        end_date=terms.end_of_term(award_date, term_months), volume=volume, follows=follows,
        created_by=user,
    )  # fmt: skip
    save_as(contract, user)
    if network.phase == NetworkPhase.DEVELOPMENT:
        network_domain.change_phase(
            network=network, phase=NetworkPhase.REALIZATION, on=award_date, user=user,
            note=_("Award of contract %(number)s") % {"number": number},
        )  # fmt: skip
    return contract


def needs_project_amendment(contract: Contract) -> bool:
    """The funded term runs past the project's end: the project needs an amendment."""
    return terms.runs_past(contract.end_date, contract.network.project.end_month)


def _fmt(value) -> str | int | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


MILESTONE_FIELDS = ("title", "due_date", "lump_sum")


@transaction.atomic
def amend_contract(
    *,
    contract: Contract,
    user,
    date: dt.date,
    reason: str,
    volume=None,
    term_months: int | None = None,
    milestones: dict[int, dict] | None = None,
) -> Amendment:
    """Change volume, term or milestones (title, due date, lump sum) as a numbered amendment.

    `milestones` maps a milestone's id to its new values. The whole is checked after the change
    (lump sums within the volume, paid money within the volume, due dates inside the term);
    `changes` records every changed value as old → new.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not (reason or "").strip():
        raise ContractError(_("an amendment needs a reason"), field="reason")
    if not isinstance(date, dt.date):
        raise ContractError(_("give the date of the amendment"), field="date")
    if date < contract.award_date:
        raise ContractError(_("an amendment cannot be dated before the award"), field="date")
    changes: dict = {}
    if volume is not None:
        volume = check_money(volume, field="volume")
        if volume != contract.volume:
            changes["volume"] = [_fmt(contract.volume), _fmt(volume)]
            contract.volume = volume
    if term_months is not None:
        term_months = _check_term(term_months)
        if term_months != contract.term_months:
            end = terms.end_of_term(contract.award_date, term_months)
            changes["term_months"] = [contract.term_months, term_months]
            changes["end_date"] = [_fmt(contract.end_date), _fmt(end)]
            contract.term_months, contract.end_date = term_months, end
    by_pk = {m.pk: m for m in Milestone.objects.select_for_update().filter(contract=contract)}
    changed_milestones = []
    for pk, values in (milestones or {}).items():
        milestone = by_pk.get(int(pk))
        if milestone is None:
            raise ContractError(_("this milestone belongs to another contract"), field="milestones")
        unknown = set(values) - set(MILESTONE_FIELDS)
        if unknown:
            raise ContractError(
                _("these fields cannot be amended: %s") % ", ".join(sorted(unknown)),
                field="milestones",
            )
        for field, new in values.items():
            if field == "lump_sum":
                new = check_money(new, field="lump_sum")
            if field == "title" and not (new or "").strip():
                raise ContractError(_("a milestone needs a title"), field="title")
            old = getattr(milestone, field)
            if old != new:
                changes.setdefault("milestones", []).append(
                    {"id": milestone.pk, "title": milestone.title, "field": field,
                     "old": _fmt(old), "new": _fmt(new)}
                )  # fmt: skip
                setattr(milestone, field, new)
                if milestone not in changed_milestones:
                    changed_milestones.append(milestone)
    if not changes:
        raise ContractError(_("the amendment changes nothing"), field="reason")
    for milestone in by_pk.values():
        check_due_date(contract, milestone.due_date)
    planned = sum((m.lump_sum for m in by_pk.values()), Decimal(0))
    if planned > contract.volume:
        raise ContractError(
            _("the milestones' lump sums (%(sum)s EUR) would exceed the volume (%(volume)s EUR)")
            % {"sum": eur(planned), "volume": eur(contract.volume)},
            field="volume",
        )
    for milestone in changed_milestones:
        committed = net_committed(milestone_ids=[milestone.pk])
        if milestone.lump_sum < committed:
            raise ContractError(
                _("%(sum)s EUR are already committed for “%(title)s”")
                % {"sum": eur(committed), "title": milestone.title},
                field="lump_sum",
            )
    number = (
        contract.amendments.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    save_as(contract, user)
    for milestone in changed_milestones:
        save_as(milestone, user)
    amendment = Amendment(
        contract=contract, number=number, date=date, reason=reason.strip(), changes=changes,
        created_by=user,
    )  # fmt: skip
    save_as(amendment, user)
    return amendment


def check_due_date(contract: Contract, due_date) -> None:
    if not isinstance(due_date, dt.date):
        raise ContractError(_("give the due date"), field="due_date")
    if not contract.award_date <= due_date <= contract.end_date:
        raise ContractError(
            _("the due date must lie inside the funded term (%(start)s – %(end)s)")
            % {"start": f"{contract.award_date:%d.%m.%Y}", "end": f"{contract.end_date:%d.%m.%Y}"},
            field="due_date",
        )


def net_committed(*, milestone_ids=None, contract_id=None, confirmed_only: bool = False) -> Decimal:
    """Payments minus recoveries (prepared and confirmed, or confirmed only), in EUR."""
    qs = Payment.objects.all()
    if milestone_ids is not None:
        qs = qs.filter(milestone_id__in=milestone_ids)
    if contract_id is not None:
        qs = qs.filter(milestone__contract_id=contract_id)
    if confirmed_only:
        qs = qs.filter(state="confirmed")
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
