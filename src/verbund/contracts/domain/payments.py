"""Payments against accepted milestones, split over the financing plan; four eyes; recoveries."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.contracts.domain.contracts import check_money, net_committed
from verbund.contracts.domain.errors import ContractError
from verbund.contracts.domain.money import eur, split_by_shares, split_recovery
from verbund.contracts.domain.plan import financing_plan
from verbund.contracts.enums import MilestoneState, PaymentKind, PaymentState
from verbund.contracts.models import Contract, Milestone, Payment, PaymentPart
from verbund.core.audit import save_as


def _save_parts(payment: Payment, parts: dict, percents: dict, user) -> None:
    for order, (source, amount) in enumerate(parts.items()):
        save_as(
            PaymentPart(payment=payment, source=source, percentage=percents[source],
                        amount=amount, order=order),
            user,
        )  # fmt: skip


@transaction.atomic
def prepare_payment(*, milestone: Milestone, amount, user, now=None) -> Payment:
    """Release (part of) an accepted milestone's lump sum for payment, split over the plan.

    Never beyond the milestone's lump sum or the contract volume (prepared and confirmed payments
    minus recoveries count); partial payments are allowed.
    """
    contract = (
        Contract.objects.select_for_update().select_related("network").get(pk=milestone.contract_id)
    )
    milestone = Milestone.objects.get(pk=milestone.pk)
    if milestone.state != MilestoneState.ACCEPTED:
        raise ContractError(
            _("only an accepted milestone can be paid; this one is “%(state)s”")
            % {"state": milestone.get_state_display()},
            field="milestone",
        )
    amount = check_money(amount, field="amount")
    for_milestone = net_committed(milestone_ids=[milestone.pk])
    if for_milestone + amount > milestone.lump_sum:
        raise ContractError(
            _("%(amount)s EUR would exceed the milestone's lump sum: %(left)s EUR are left")
            % {"amount": eur(amount), "left": eur(milestone.lump_sum - for_milestone)},
            field="amount",
        )
    for_contract = net_committed(contract_id=contract.pk)
    if for_contract + amount > contract.volume:
        raise ContractError(
            _("%(amount)s EUR would exceed the contract volume: %(left)s EUR are left")
            % {"amount": eur(amount), "left": eur(contract.volume - for_contract)},
            field="amount",
        )
    plan = financing_plan(contract.network.project_id)
    parts = split_by_shares(amount, plan)
    payment = Payment(
        milestone=milestone, amount=amount, kind=PaymentKind.PAYMENT, prepared_by=user,
        prepared_at=now or timezone.now(),
    )  # fmt: skip
    save_as(payment, user)
    _save_parts(payment, parts, dict(plan), user)
    return payment


@transaction.atomic
def record_recovery(*, payment: Payment, amount, reason: str, user, now=None) -> Payment:
    """A recovery (money paid back) against a confirmed payment, split like that payment, negated."""
    original = Payment.objects.select_for_update().get(pk=payment.pk)
    if original.kind != PaymentKind.PAYMENT or original.state != PaymentState.CONFIRMED:
        raise ContractError(_("only a confirmed payment can be recovered"), field="recovers")
    if not (reason or "").strip():
        raise ContractError(_("a recovery needs a reason"), field="reason")
    amount = check_money(amount, field="amount")
    recovered = -sum((r.amount for r in original.recoveries.all()), Decimal(0))
    if recovered + amount > original.amount:
        raise ContractError(
            _("at most %(left)s EUR of this payment are left to recover")
            % {"left": eur(original.amount - recovered)},
            field="amount",
        )
    shares = [(p.source, p.percentage) for p in original.parts.select_related("source")]
    parts = split_recovery(amount, shares)
    recovery = Payment(
        milestone_id=original.milestone_id, amount=-amount, kind=PaymentKind.RECOVERY,
        reason=reason.strip(), recovers=original, prepared_by=user,
        prepared_at=now or timezone.now(),
    )  # fmt: skip
    save_as(recovery, user)
    _save_parts(recovery, parts, dict(shares), user)
    return recovery


@transaction.atomic
def confirm_payment(*, payment: Payment, user, now=None) -> Payment:
    """The second office user confirms a prepared payment (or recovery); the preparer cannot.

    Exactly one confirmation even when two users confirm at the same moment: the row is locked
    (`select_for_update`), and the state changes by one conditional UPDATE (`state = prepared`) — a
    documented exception to "no bare update()": the history row is written by the save after it.
    """
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state != PaymentState.PREPARED:
        raise ContractError(_("this payment was already confirmed"), field="payment")
    if locked.prepared_by_id == getattr(user, "pk", None):
        raise ContractError(
            _("four eyes: the office user who prepared a payment cannot confirm it"),
            field="confirmed_by",
        )
    when = now or timezone.now()
    won = Payment.objects.filter(pk=locked.pk, state=PaymentState.PREPARED).update(
        state=PaymentState.CONFIRMED, confirmed_by=user, confirmed_at=when
    )
    if won != 1:
        raise ContractError(_("this payment was already confirmed"), field="payment")
    locked.refresh_from_db()
    save_as(locked, user)  # the history row of the confirmation, with its author
    return locked
