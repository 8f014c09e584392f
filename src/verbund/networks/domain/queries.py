"""Read helpers of the networks app, for its pages and for other apps (fact sheet, start pages).

List queries annotate their counts in SQL, so a page costs the same number of queries for one
network or many.
"""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from verbund.companies.domain.queries import inside_lookup
from verbund.core.rules import can_read_everything
from verbund.networks.domain import committed, health
from verbund.networks.enums import ActorKind, JoinState, MeasureStatus, NetworkPhase
from verbund.networks.models import (
    Activity,
    JoinRequest,
    Measure,
    Membership,
    Network,
    NetworkActor,
)

TARGET_NETWORKS = (3, 5)
"""The project sheet: about 3 to 5 independent networks are to be formed."""


def _count(model, outer: str, **filters):
    qs = (
        model.objects.filter(**{outer: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(qs, output_field=IntegerField()), 0)


def _with_counts(qs: QuerySet[Network]) -> QuerySet[Network]:
    return qs.select_related("carrier", "companion", "project").annotate(
        n_members=_count(Membership, "network", left__isnull=True),
        n_in_area=_count(
            Membership, "network", left__isnull=True, **inside_lookup(prefix="company__")
        ),
        n_measures=_count(Measure, "network"),
        n_activities=_count(Activity, "network"),
    )


def actor_network_ids(user) -> QuerySet:
    return NetworkActor.objects.filter(user=user).values("network_id")


def member_network_ids(user) -> QuerySet:
    """Networks in which a company the user works for (or administers) is a current member."""
    admin_companies = NetworkActor.objects.filter(user=user, kind=ActorKind.MEMBER_ADMIN).values(
        "company_id"
    )
    return Membership.objects.filter(
        Q(company__affiliations__user=user) | Q(company_id__in=admin_companies),
        left__isnull=True,
    ).values("network_id")


def networks_of_user(user) -> QuerySet[Network]:
    """The networks a user acts for (carrier, consultancy) or belongs to through a member company."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    return _with_counts(
        Network.objects.filter(
            Q(pk__in=actor_network_ids(user)) | Q(pk__in=member_network_ids(user))
        )
    )


def visible_networks(user) -> QuerySet[Network]:
    """Public networks for everyone; own networks for their actors and members; all for the office
    and the auditor."""
    qs = Network.objects.all()
    if can_read_everything(user):
        return _with_counts(qs)
    if getattr(user, "is_authenticated", False):
        return _with_counts(
            qs.filter(
                Q(is_public=True)
                | Q(pk__in=actor_network_ids(user))
                | Q(pk__in=member_network_ids(user))
            )
        )
    return _with_counts(qs.filter(is_public=True))


def network_by_slug(slug: str) -> Network | None:
    return (
        Network.objects.select_related(
            "carrier", "companion", "project", "carrier_company", "source_submission"
        )
        .filter(slug=slug)
        .first()
    )


def user_kinds(user, network: Network) -> set[str]:
    """How the user acts for this network: actor kinds, plus "member" through a member company."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = user.__dict__.setdefault("_verbund_network_kinds", {})
    if network.pk not in cache:
        kinds = set(
            NetworkActor.objects.filter(user=user, network=network).values_list("kind", flat=True)
        )
        if Membership.objects.filter(
            Q(company__affiliations__user=user)
            | Q(
                company_id__in=NetworkActor.objects.filter(
                    user=user, network=network, kind=ActorKind.MEMBER_ADMIN
                ).values("company_id")
            ),
            network=network,
            left__isnull=True,
        ).exists():
            kinds.add("member")
        cache[network.pk] = kinds
    return cache[network.pk]


def own_company_ids(user, network: Network) -> set[int]:
    """Companies of the user (affiliation or member-admin role) that are members of the network."""
    if not getattr(user, "is_authenticated", False):
        return set()
    admin = NetworkActor.objects.filter(
        user=user, network=network, kind=ActorKind.MEMBER_ADMIN
    ).values("company_id")
    return set(
        Membership.objects.filter(network=network)
        .filter(Q(company__affiliations__user=user) | Q(company_id__in=admin))
        .values_list("company_id", flat=True)
    )


def companies_that_may_ask_to_join(user, network: Network) -> QuerySet:
    """The user's companies (affiliations) that are not members and have no open request."""
    from verbund.companies.models import Company

    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return (
        Company.objects.filter(affiliations__user=user)
        .exclude(
            pk__in=Membership.objects.filter(network=network, left__isnull=True).values(
                "company_id"
            )
        )
        .exclude(
            pk__in=JoinRequest.objects.filter(network=network, state=JoinState.OPEN).values(
                "company_id"
            )
        )
        .only("pk", "name", "trading_name")
        .order_by("name", "pk")
    )


def company_of_user_for_join(user, network: Network, company_pk) -> object | None:
    try:
        pk = int(company_pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return companies_that_may_ask_to_join(user, network).filter(pk=pk).first()


def public_members(network: Network) -> QuerySet[Membership]:
    """The public members directory: company name and city only (consent fields come later)."""
    return (
        Membership.objects.filter(network=network, left__isnull=True)
        .select_related("company")
        .only("pk", "role", "joined", "company__name", "company__trading_name", "company__city")
        .order_by("company__name", "pk")
    )


def memberships(network: Network, *, include_left: bool = True) -> QuerySet[Membership]:
    qs = Membership.objects.filter(network=network).select_related("company")
    if not include_left:
        qs = qs.filter(left__isnull=True)
    return qs.prefetch_related("fees").order_by("left", "company__name", "pk")


def current_memberships(network: Network) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(network=network, left__isnull=True)
        .select_related("company")
        .order_by("company__name", "pk")
    )


def open_join_requests(network: Network) -> QuerySet[JoinRequest]:
    return network.join_requests.filter(state=JoinState.OPEN).select_related("company")


def catalogue(network: Network) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(network=network)
        .select_related("responsible__company")
        .prefetch_related("participants__company", "options__companies")
        .order_by("planned_start", "pk")
    )


def activities(network: Network, *, public_only: bool = False) -> QuerySet[Activity]:
    qs = Activity.objects.filter(network=network)
    if public_only:
        qs = qs.filter(is_public=True)
    return (
        qs.select_related("measure")
        .prefetch_related("participants__company", "evidence")
        .order_by("-date", "pk")
    )


def networks_for_project(project, *, public_only: bool = True) -> QuerySet[Network]:
    """The project's networks with their carriers (for the fact sheet)."""
    qs = Network.objects.filter(project=project)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.select_related("carrier", "companion").order_by("name", "pk")


def results_for_project(project) -> QuerySet[Activity]:
    """The public results of the project's public networks, newest first (for the fact sheet)."""
    return (
        Activity.objects.filter(network__project=project, network__is_public=True, is_public=True)
        .select_related("network")
        .order_by("-date", "pk")
    )


def selected_ideas_without_network() -> QuerySet:
    """Selected ideas of decided competitions that are not a network yet (office's to-do list)."""
    from verbund.competitions.domain.queries import selected_ideas

    return selected_ideas().filter(network__isnull=True)


def health_of(network: Network, *, today: dt.date) -> health.Health:
    """The health figures of one network (a fixed number of queries)."""
    return health_of_many([network], today=today)[network.pk]


def health_of_many(networks: list[Network], *, today: dt.date) -> dict[int, health.Health]:
    """network id -> health figures, for many networks in the same fixed number of queries."""
    ids = [n.pk for n in networks]
    all_members: dict[int, list[Membership]] = {pk: [] for pk in ids}
    company_of: dict[int, int] = {}
    for m in (
        Membership.objects.filter(network_id__in=ids)
        .select_related("company")
        .only(
            "pk", "network_id", "joined", "left", "company_id", "company__name",
            "company__trading_name", "company__placement",
        )
    ):  # fmt: skip
        all_members[m.network_id].append(m)
        company_of[m.pk] = m.company_id
    records = committed.member_records(ids, today=today)
    joints: dict[int, list[health.Joint]] = {pk: [] for pk in ids}
    measure_rows = list(
        Measure.objects.filter(network_id__in=ids).values_list(
            "pk", "network_id", "responsible_id", "actual_start", "planned_start", "progress",
            "status",
        )
    )  # fmt: skip
    parts: dict[int, set[int]] = {}
    for mid, member in Measure.participants.through.objects.filter(
        measure__network_id__in=ids
    ).values_list("measure_id", "membership_id"):
        parts.setdefault(mid, set()).add(member)
    for mid, network_id, responsible, actual, planned, _p, _s in measure_rows:
        members = parts.get(mid, set()) | ({responsible} if responsible else set())
        companies = frozenset(company_of[i] for i in members if i in company_of)
        joints[network_id].append(health.Joint(companies, actual or planned))
    by_activity: dict[int, tuple[int, dt.date, set[int]]] = {}
    for aid, network_id, date, member in Activity.participants.through.objects.filter(
        activity__network_id__in=ids
    ).values_list("activity_id", "activity__network_id", "activity__date", "membership_id"):
        by_activity.setdefault(aid, (network_id, date, set()))[2].add(member)
    for network_id, date, members in by_activity.values():
        companies = frozenset(company_of[i] for i in members if i in company_of)
        joints[network_id].append(health.Joint(companies, date))
    since = committed.year_ago(today)

    def member(m: Membership) -> health.Member:
        rec = records.get(m.pk)
        return health.Member(
            id=m.company_id,
            name=str(m.company),
            in_area=m.company.is_inside,
            joined=m.joined,
            left=m.left,
            committed=bool(rec and committed.committed_ways(rec, today=today)),
            active=bool(rec and any(since < d <= today for d in rec.activity_dates)),
        )

    out = {}
    for network in networks:
        rows = [r for r in measure_rows if r[1] == network.pk]
        everyone = [member(m) for m in all_members[network.pk]]
        out[network.pk] = health.compute(
            members=[m for m in everyone if m.left is None],
            all_members=everyone,
            joints=joints[network.pk],
            carrier=network.carrier_company_id,
            progress=[r[5] for r in rows],
            completed=sum(1 for r in rows if r[6] == MeasureStatus.COMPLETED),
            today=today,
        )
    return out


def programme_overview(user, *, today: dt.date) -> dict:
    """All networks the user may see with their traffic lights, against the target of 3–5."""
    networks = list(visible_networks(user).order_by("name", "pk"))
    figures = health_of_many(networks, today=today)
    rows = [(n, figures[n.pk]) for n in networks]
    independent = sum(1 for n in networks if n.phase != NetworkPhase.ENDED)
    return {
        "members_over_time": programme_members_over_time(networks, today=today),
        "rows": rows,
        "independent": independent,
        "target": TARGET_NETWORKS,
        "on_target": TARGET_NETWORKS[0] <= independent <= TARGET_NETWORKS[1],
    }


def programme_members_over_time(networks, *, today: dt.date) -> list[tuple[str, int, int]]:
    """Companies in any of the networks at the end of each quarter (a company counted once)."""
    merged: dict[int, list] = {}
    for company, joined, left, placement in Membership.objects.filter(
        network__in=[n.pk for n in networks]
    ).values_list("company_id", "joined", "left", "company__placement"):
        row = merged.setdefault(company, [joined, left, placement])
        row[0] = min(row[0], joined)
        row[1] = None if row[1] is None or left is None else max(row[1], left)
    return health.members_over_time(
        [
            health.Member(c, "", placement == "inside", joined, left)
            for c, (joined, left, placement) in merged.items()
        ],
        today=today,
    )


def is_committed_map(network: Network, *, today: dt.date) -> dict[int, list[str]]:
    return committed.committed_memberships(network, today=today)


def has_open_request(network: Network, company) -> bool:
    return JoinRequest.objects.filter(network=network, company=company, state="open").exists()
