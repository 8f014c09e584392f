"""The committed-member rule, as cluster benchmarking defines it (pure function + one query).

A member is committed when at least one of these is on record:
1. a signed membership agreement or a letter of intent,
2. a membership fee paid in the current year,
3. active contribution: responsible for a measure, or taking part in two or more activities
   in the last 12 months.
`today` is passed in (the clock is injected), so the rule is testable for any day.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from verbund.networks.models import Activity, Measure, Membership, MembershipFee

ACTIVITIES_NEEDED = 2


class Way:
    AGREEMENT = "agreement"
    FEE = "fee"
    CONTRIBUTION = "contribution"


@dataclass(frozen=True)
class MemberRecord:
    agreement_on_file: bool = False
    letter_of_intent_on: dt.date | None = None
    fee_paid_years: frozenset[int] = frozenset()
    responsible_for_measure: bool = False
    activity_dates: tuple[dt.date, ...] = ()


def year_ago(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def recent_activities(record: MemberRecord, *, today: dt.date) -> int:
    since = year_ago(today)
    return sum(1 for d in record.activity_dates if since < d <= today)


def committed_ways(record: MemberRecord, *, today: dt.date) -> list[str]:
    """Which of the three ways make this member committed (empty: not committed)."""
    ways = []
    if record.agreement_on_file or record.letter_of_intent_on is not None:
        ways.append(Way.AGREEMENT)
    if today.year in record.fee_paid_years:
        ways.append(Way.FEE)
    if (
        record.responsible_for_measure
        or recent_activities(record, today=today) >= ACTIVITIES_NEEDED
    ):
        ways.append(Way.CONTRIBUTION)
    return ways


def is_committed(record: MemberRecord, *, today: dt.date) -> bool:
    return bool(committed_ways(record, today=today))


def member_records(network_ids, *, today: dt.date) -> dict[int, MemberRecord]:
    """membership id -> its record, for the current members of the given networks (4 queries)."""
    members = list(
        Membership.objects.filter(network_id__in=network_ids, left__isnull=True).values_list(
            "pk", "agreement_on_file", "letter_of_intent_on"
        )
    )
    ids = [m[0] for m in members]
    fees: dict[int, set[int]] = {}
    for mid, year in MembershipFee.objects.filter(
        membership_id__in=ids, paid_on__isnull=False, paid_on__lte=today
    ).values_list("membership_id", "year"):
        fees.setdefault(mid, set()).add(year)
    responsible = set(
        Measure.objects.filter(responsible_id__in=ids).values_list("responsible_id", flat=True)
    )
    dates: dict[int, list[dt.date]] = {}
    through = Activity.participants.through
    for mid, date in through.objects.filter(
        Q(membership_id__in=ids), activity__date__gt=year_ago(today), activity__date__lte=today
    ).values_list("membership_id", "activity__date"):
        dates.setdefault(mid, []).append(date)
    return {
        pk: MemberRecord(
            agreement_on_file=agreement,
            letter_of_intent_on=loi,
            fee_paid_years=frozenset(fees.get(pk, ())),
            responsible_for_measure=pk in responsible,
            activity_dates=tuple(dates.get(pk, ())),
        )
        for pk, agreement, loi in members
    }


def committed_memberships(network, *, today: dt.date) -> dict[int, list[str]]:
    """membership id -> the ways it is committed by (empty list: not committed)."""
    records = member_records([network.pk], today=today)
    return {pk: committed_ways(r, today=today) for pk, r in records.items()}
