"""Reads of the contracts app, for its pages, the start pages and other apps.

A milestone is overdue when its due date has passed and its evidence is still owed (a draft, or
changes were requested); evidence in review is the office's turn, not overdue. List reads cost a
fixed number of queries however many contracts there are. `carrier_network_ids` is a thin read
over the networks' actor rows (public fields): `networks.domain.queries` has no carrier-only read.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from verbund.contracts.domain import terms
from verbund.contracts.domain.money import split_by_shares
from verbund.contracts.domain.plan import financing_plan, plans_for
from verbund.contracts.enums import MilestoneState, PaymentState
from verbund.contracts.models import (
    Contract,
    EvidenceFile,
    Milestone,
    Payment,
    PaymentPart,
)
from verbund.core.rules import can_read_everything
from verbund.networks.enums import ActorKind
from verbund.networks.models import NetworkActor

ZERO = Decimal("0.00")
OWED = (MilestoneState.DRAFT, MilestoneState.CHANGES_REQUESTED)
IN_REVIEW = (MilestoneState.SUBMITTED, MilestoneState.RESUBMITTED)


def carrier_network_ids(user) -> QuerySet:
    return NetworkActor.objects.filter(user=user, kind=ActorKind.CARRIER).values("network_id")


def is_carrier_of(user, contract: Contract) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_verbund_carrier_networks", None)
    if cache is None:
        cache = set(carrier_network_ids(user).values_list("network_id", flat=True))
        user.__dict__["_verbund_carrier_networks"] = cache
    return contract.network_id in cache


def is_overdue(milestone: Milestone, *, today: dt.date) -> bool:
    return milestone.due_date < today and milestone.state in OWED


def _money_subquery(model, outer: str, **filters):
    qs = (
        model.objects.filter(**{outer: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer)
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(qs, output_field=DecimalField(max_digits=14, decimal_places=2)), ZERO)


def visible_contracts(user, *, today: dt.date | None = None) -> QuerySet[Contract]:
    """Contracts with their figures: all for office and auditor, its own for a carrier, else none."""
    qs = Contract.objects.all()
    if not can_read_everything(user):
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        qs = qs.filter(network_id__in=carrier_network_ids(user))
    today = today or dt.date.today()
    return (
        qs.select_related("network", "network__project", "network__carrier")
        .annotate(
            n_milestones=Count("milestones", distinct=True),
            n_due=Count(
                "milestones", filter=Q(milestones__state__in=[*OWED, *IN_REVIEW]), distinct=True
            ),
            n_overdue=Count(
                "milestones",
                filter=Q(milestones__state__in=OWED, milestones__due_date__lt=today),
                distinct=True,
            ),
            n_review=Count("milestones", filter=Q(milestones__state__in=IN_REVIEW), distinct=True),
            committed=_money_subquery(Payment, "milestone__contract"),
            paid=_money_subquery(Payment, "milestone__contract", state=PaymentState.CONFIRMED),
        )
        .order_by("award_date", "number", "pk")
    )


def contract_by_pk(pk: int) -> Contract | None:
    return (
        Contract.objects.select_related(
            "network", "network__project", "network__carrier", "follows"
        )
        .filter(pk=pk)
        .first()
    )


def milestones_of(contract: Contract) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(contract=contract)
        .annotate(
            committed=_money_subquery(Payment, "milestone"),
            paid=_money_subquery(Payment, "milestone", state=PaymentState.CONFIRMED),
        )
        .prefetch_related("checklist")
        .order_by("due_date", "pk")
    )


def milestone_in(contract: Contract, pk: int) -> Milestone | None:
    return (
        Milestone.objects.select_related("contract", "contract__network")
        .filter(contract=contract, pk=pk)
        .first()
    )


def evidence_files(milestone: Milestone) -> QuerySet[EvidenceFile]:
    return milestone.files.select_related("checklist_item", "submission", "uploaded_by")


def transitions(milestone: Milestone):
    return milestone.transitions.select_related("by").order_by("at", "pk")


def payments_of(*, contract: Contract | None = None, milestone: Milestone | None = None):
    qs = Payment.objects.select_related(
        "milestone", "milestone__contract", "prepared_by", "confirmed_by", "recovers"
    ).prefetch_related("parts__source")
    if contract is not None:
        qs = qs.filter(milestone__contract=contract)
    if milestone is not None:
        qs = qs.filter(milestone=milestone)
    return qs.order_by("prepared_at", "pk")


def payments_for_export(user) -> QuerySet[PaymentPart]:
    """One row per payment part of the contracts the user may see (for the accounting system)."""
    contracts = visible_contracts(user).values("pk")
    return (
        PaymentPart.objects.filter(payment__milestone__contract_id__in=contracts)
        .select_related(
            "source",
            "payment",
            "payment__milestone",
            "payment__milestone__contract",
            "payment__milestone__contract__network",
            "payment__prepared_by",
            "payment__confirmed_by",
        )
        .order_by("payment__prepared_at", "payment_id", "order", "pk")
    )


@dataclass
class SourceBudget:
    source: object
    percentage: Decimal
    budget: Decimal
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.paid


@dataclass
class Budget:
    volume: Decimal
    rows: list[SourceBudget] = field(default_factory=list)

    @property
    def committed(self) -> Decimal:
        return sum((r.committed for r in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((r.paid for r in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.volume - self.paid

    @property
    def paid_share(self) -> Decimal:
        """Paid share of the volume in percent, one decimal place."""
        if not self.volume:
            return Decimal("0.0")
        return (self.paid * 100 / self.volume).quantize(Decimal("0.1"))


def budgets_of(contracts: list[Contract]) -> dict[int, Budget]:
    """contract id -> budget vs. committed vs. paid per funding source (three queries in all)."""
    plans = plans_for({c.network.project_id for c in contracts})
    out = {}
    for c in contracts:
        plan = plans[c.network.project_id]
        budget_parts = (
            split_by_shares(c.volume, plan) if plan and sum(p for _s, p in plan) == 100 else {}
        )
        out[c.pk] = Budget(
            volume=c.volume,
            rows=[
                SourceBudget(source=s, percentage=p, budget=budget_parts.get(s, ZERO))
                for s, p in plan
            ],
        )
    sums = (
        PaymentPart.objects.filter(payment__milestone__contract_id__in=[c.pk for c in contracts])
        .values("payment__milestone__contract_id", "source_id")
        .annotate(
            committed=Sum("amount"),
            paid=Sum("amount", filter=Q(payment__state=PaymentState.CONFIRMED)),
        )
        .order_by()
    )
    for row in sums:
        budget = out[row["payment__milestone__contract_id"]]
        for r in budget.rows:
            if r.source.pk == row["source_id"]:
                r.committed = row["committed"] or ZERO
                r.paid = row["paid"] or ZERO
    return out


def budget_of(contract: Contract) -> Budget:
    return budgets_of([contract])[contract.pk]


def plan_of(contract: Contract):
    return financing_plan(contract.network.project_id)


def needs_project_amendment(contract: Contract) -> bool:
    return terms.runs_past(contract.end_date, contract.network.project.end_month)


def contracts_of_network(network) -> QuerySet[Contract]:
    return Contract.objects.filter(network=network).select_related("network__project")


def paid_share_of_network(network) -> Decimal | None:
    """Paid share (percent) of all the network's contracts together, None without a contract
    (for the network's dashboard)."""
    contracts = list(contracts_of_network(network))
    if not contracts:
        return None
    budgets = budgets_of(contracts)
    volume = sum((b.volume for b in budgets.values()), ZERO)
    paid = sum((b.paid for b in budgets.values()), ZERO)
    return (paid * 100 / volume).quantize(Decimal("0.1")) if volume else Decimal("0.0")


def evidence_to_review() -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(state__in=IN_REVIEW)
        .select_related("contract", "contract__network")
        .order_by("due_date", "pk")
    )


def payments_to_confirm(user) -> QuerySet[Payment]:
    """Prepared payments someone else prepared (the user may confirm them)."""
    return (
        Payment.objects.filter(state=PaymentState.PREPARED)
        .exclude(prepared_by=user)
        .select_related("milestone", "milestone__contract")
        .order_by("prepared_at", "pk")
    )


def milestones_owed_by(user) -> QuerySet[Milestone]:
    """The carrier's milestones whose evidence is still owed, earliest due first."""
    return (
        Milestone.objects.filter(contract__network_id__in=carrier_network_ids(user), state__in=OWED)
        .select_related("contract", "contract__network")
        .order_by("due_date", "pk")
    )


def reminders_due(*, today: dt.date, before_days: int, after_days: int):
    """(milestones to remind before the due date, milestones to remind after it), each once."""
    owed = Milestone.objects.filter(state__in=OWED).select_related("contract", "contract__network")
    before = owed.filter(
        reminded_before_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=before_days),
    )
    after = owed.filter(
        reminded_after_at__isnull=True, due_date__lte=today - dt.timedelta(days=after_days)
    )
    return before, after


def carrier_users(network_id: int):
    """The users acting for the network's carrier (the reminders' recipients)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        network_roles__network_id=network_id, network_roles__kind=ActorKind.CARRIER
    )
