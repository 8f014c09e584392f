"""Values derived from the records: the ERDF common indicators and the programme's own counts.

What counts as support is written in `DEFINITIONS` (shown next to every value):

- non-financial support (RCO04): a member company of a network in scope (founding member or member;
  partner institutions such as chambers and universities are not enterprises of the programme) that
  had joined by the end of the period and took part in at least one recorded activity of that
  network during the period, while it was a member;
- grants (RCO02): a member company to which a confirmed payment of a contract milestone recorded as
  a sub-grant to it (`contracts.Milestone.subgrant_company`) was made during the period;
- enterprises supported (RCO01): the union of both.

An enterprise is counted once per indicator, whatever the number of its networks, activities and
payments: the register's `public_id` decides. The support starts on the day the company joined the
first network that counts for it (or on the first payment, if earlier); its size class is the one
the register held on that day (django-simple-history's record as it stood then); when the register
holds no record from that day (the company was imported later), its current size class is used.
Computing a value costs a fixed number of queries, whatever the number of companies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.companies.enums import SizeClass, size_class_for
from verbund.companies.models import Company
from verbund.contracts.enums import PaymentKind, PaymentState
from verbund.contracts.models import Payment
from verbund.networks.enums import ActivityKind, MemberRole
from verbund.networks.models import Activity, Membership, Network
from verbund.reporting.domain.periods import Period
from verbund.reporting.enums import Derivation

SIZE_ORDER = [*SizeClass.values, ""]

DEFINITIONS = {
    Derivation.RCO01: _(
        "Enterprises supported: member companies (founding members and members, not partner "
        "institutions) of the networks in scope that joined by the end of the period and took part "
        "in at least one recorded activity of their network during the period, or received a "
        "confirmed sub-grant payment from a contract in the period. Each enterprise counts once "
        "(the register's unique id), in its size class on the day its support started (the "
        "register's record as it stood then, or its current size class where the register has no "
        "record from that day)."
    ),
    Derivation.RCO02: _(
        "Enterprises supported by grants: member companies to which a confirmed payment of a "
        "contract milestone recorded as a sub-grant to that company was made during the period. "
        "Each enterprise counts once. 0 where no contract passes money on to member companies."
    ),
    Derivation.RCO04: _(
        "Enterprises with non-financial support: member companies (not partner institutions) that "
        "joined by the end of the period and took part in at least one recorded activity of their "
        "network during the period, while they were members. Each enterprise counts once."
    ),
    Derivation.NETWORKS_FORMED: _(
        "Networks formed: networks in scope that started (development phase) during the period "
        "and had at least one member company by its end."
    ),
    Derivation.EVENTS_HELD: _(
        "Events held: activities of the kind “event held” recorded by the networks in "
        "scope with a date in the period."
    ),
    Derivation.EVENT_PARTICIPANTS: _(
        "Participants in events: the member companies recorded as taking part, summed over the "
        "events held in the period (a company at two events counts twice)."
    ),
}


@dataclass
class Record:
    """One record behind a value: what it is, when, and where to see it."""

    kind: str
    date: dt.date
    text: str
    network: str = ""
    url: str = ""


@dataclass
class Enterprise:
    public_id: str
    name: str
    size_class: str = ""
    support_start: dt.date | None = None
    records: list[Record] = field(default_factory=list)

    @property
    def size_label(self) -> str:
        return str(dict(SizeClass.choices).get(self.size_class, "")) or "–"


@dataclass
class Derived:
    value: Decimal
    enterprises: list[Enterprise] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)


def network_ids_of_project(project_id: int, network_id: int | None = None) -> list[int]:
    if network_id is not None:
        return [network_id]
    return list(Network.objects.filter(project_id=project_id).values_list("pk", flat=True))


def network_ids_of_programme(programme_id: int) -> list[int]:
    return list(
        Network.objects.filter(project__measure__programme_id=programme_id).values_list(
            "pk", flat=True
        )
    )


def derive(kind: str, network_ids: list[int], period: Period) -> Derived:
    if kind == Derivation.RCO01:
        return _enterprises(_non_financial(network_ids, period), _grants(network_ids, period))
    if kind == Derivation.RCO02:
        return _enterprises(_grants(network_ids, period))
    if kind == Derivation.RCO04:
        return _enterprises(_non_financial(network_ids, period))
    if kind == Derivation.NETWORKS_FORMED:
        return _networks_formed(network_ids, period)
    if kind in (Derivation.EVENTS_HELD, Derivation.EVENT_PARTICIPANTS):
        return _events(network_ids, period, participants=kind == Derivation.EVENT_PARTICIPANTS)
    raise ValueError(f"not a derived indicator: {kind!r}")


# support: company id -> (support start, records)
Support = dict[int, tuple[dt.date, list[Record]]]


def _merge(into: Support, company_id: int, start: dt.date, records: list[Record]) -> None:
    if company_id in into:
        old_start, old_records = into[company_id]
        into[company_id] = (min(old_start, start), old_records + records)
    else:
        into[company_id] = (start, list(records))


def _non_financial(network_ids: list[int], period: Period) -> Support:
    members = {
        m.pk: m
        for m in Membership.objects.filter(network_id__in=network_ids, joined__lte=period.end)
        .exclude(role=MemberRole.PARTNER)
        .filter(Q(left__isnull=True) | Q(left__gte=period.start))
        .select_related("network")
    }
    taking_part = Activity.participants.through.objects.filter(
        membership_id__in=list(members), activity__date__range=(period.start, period.end)
    ).values_list("membership_id", "activity_id", "activity__date", "activity__text")
    support: Support = {}
    seen: set[int] = set()
    for membership_id, _activity_id, day, text in taking_part:
        m = members[membership_id]
        if day < m.joined or (m.left is not None and day > m.left):
            continue  # took part while not a member: not support by the network
        network, slug = str(m.network), m.network.slug
        records = [
            Record("activity", day, text, network, reverse("networks:activities", args=[slug]))
        ]
        if membership_id not in seen:
            seen.add(membership_id)
            records.insert(0, Record("membership", m.joined, str(_("joined the network")), network,
                                     reverse("networks:members", args=[slug])))  # fmt: skip
        _merge(support, m.company_id, m.joined, records)
    return support


def _grants(network_ids: list[int], period: Period) -> Support:
    payments = (
        Payment.objects.filter(
            milestone__contract__network_id__in=network_ids,
            milestone__subgrant_company__isnull=False,
            kind=PaymentKind.PAYMENT,
            state=PaymentState.CONFIRMED,
        )
        .select_related("milestone__contract__network")
        .order_by("confirmed_at", "pk")
    )
    joined = dict(
        Membership.objects.filter(network_id__in=network_ids)
        .values("company_id")
        .annotate(first=Min("joined"))
        .values_list("company_id", "first")
    )
    support: Support = {}
    for p in payments:
        day = timezone.localtime(p.confirmed_at).date()
        if day not in period:
            continue
        milestone = p.milestone
        company_id = milestone.subgrant_company_id
        record = Record(
            "payment",
            day,
            f"{milestone.contract.number}: {milestone} ({p.amount} EUR)",
            str(milestone.contract.network),
            reverse("contracts:detail", args=[milestone.contract_id]),
        )
        _merge(support, company_id, min(day, joined.get(company_id, day)), [record])
    return support


def size_classes_on(starts: dict[int, dt.date]) -> dict[int, str]:
    """Company id -> its size class on its day, from the register's history; the current size
    class where no history record is that old."""
    if not starts:
        return {}
    latest = max(starts.values())
    historical = Company.history.model.objects.filter(
        id__in=list(starts),
        history_date__lt=timezone.make_aware(
            dt.datetime.combine(latest + dt.timedelta(days=1), dt.time.min)
        ),
    ).order_by("id", "history_date", "history_id").values_list(
        "id", "history_date", "employees", "size_class", "history_type"
    )  # fmt: skip
    found: dict[int, str] = {}
    for company_id, when, employees, size_class, kind in historical:
        if timezone.localtime(when).date() <= starts[company_id] and kind != "-":
            found[company_id] = size_class_for(employees) or size_class
    missing = [pk for pk in starts if pk not in found]
    for company in Company.objects.filter(pk__in=missing).only("pk", "employees", "size_class"):
        found[company.pk] = company.effective_size_class
    return found


def _enterprises(*supports: Support) -> Derived:
    merged: Support = {}
    for support in supports:
        for company_id, (start, records) in support.items():
            _merge(merged, company_id, start, records)
    sizes = size_classes_on({pk: start for pk, (start, _r) in merged.items()})
    by_public_id: dict[str, Enterprise] = {}
    for company in Company.objects.filter(pk__in=list(merged)).only("pk", "public_id", "name"):
        start, records = merged[company.pk]
        key = str(company.public_id)
        by_public_id[key] = Enterprise(
            key,
            company.name,
            sizes.get(company.pk, ""),
            start,
            sorted(records, key=lambda r: (r.date, r.kind)),
        )
    enterprises = sorted(by_public_id.values(), key=lambda e: (e.name, e.public_id))
    breakdown: dict[str, int] = defaultdict(int)
    for e in enterprises:
        breakdown[e.size_class] += 1
    return Derived(
        Decimal(len(enterprises)),
        enterprises=enterprises,
        breakdown={size: breakdown.get(size, 0) for size in SIZE_ORDER},
    )


def _networks_formed(network_ids: list[int], period: Period) -> Derived:
    networks = Network.objects.filter(pk__in=network_ids).annotate(
        started=Min("phase_changes__changed_on"),
    )
    with_members = set(
        Membership.objects.filter(network_id__in=network_ids, joined__lte=period.end)
        .exclude(role=MemberRole.PARTNER)
        .values_list("network_id", flat=True)
    )
    records = []
    for network in networks.order_by("name", "pk"):
        started = network.started or network.created_at.date()
        if started in period and network.pk in with_members:
            records.append(
                Record(
                    "network",
                    started,
                    str(_("network started")),
                    str(network),
                    reverse("networks:detail", args=[network.slug]),
                )
            )
    return Derived(Decimal(len(records)), records=records)


def _events(network_ids: list[int], period: Period, *, participants: bool) -> Derived:
    events = list(
        Activity.objects.filter(
            network_id__in=network_ids,
            kind=ActivityKind.EVENT,
            date__range=(period.start, period.end),
        )
        .select_related("network")
        .order_by("date", "pk")
    )
    counts: dict[int, int] = defaultdict(int)
    for activity_id in Activity.participants.through.objects.filter(
        activity_id__in=[a.pk for a in events]
    ).values_list("activity_id", flat=True):
        counts[activity_id] += 1
    records = [
        Record(
            "activity",
            a.date,
            f"{a.text} ({counts[a.pk]})" if participants else a.text,
            str(a.network),
            reverse("networks:activities", args=[a.network.slug]),
        )
        for a in events
    ]
    value = sum(counts.values()) if participants else len(events)
    return Derived(Decimal(value), records=records)
