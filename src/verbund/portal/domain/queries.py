"""Read functions of the portal, for its pages, the search and the API (stable names).

The rule every function here keeps: nothing about a company leaves through a public function unless
the company has consented to that field (`CompanyProfile.show_<field>`), and a company without
consent for its name is not returned at all. Public lists select their related rows, so a page
costs the same number of queries for one item or many.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from verbund.companies.models import Company
from verbund.core.rules import can_read_everything
from verbund.networks.enums import ActorKind, JoinState
from verbund.networks.models import JoinRequest, Membership, Network, NetworkActor
from verbund.portal.enums import NewsVisibility, PostState
from verbund.portal.models import (
    CompanyAdmin,
    CompanyClaim,
    CompanyProfile,
    Interest,
    NewsItem,
    Post,
)

# Companies ---------------------------------------------------------------------------------------


def public_companies() -> QuerySet[Company]:
    """Companies that consented to showing their name (the gate for any public appearance), with
    their profile and main WZ code selected. Other fields still need their own consent: hand each
    company to `public_profile`."""
    return (
        Company.objects.filter(portal_profile__show_name=True)
        .select_related("portal_profile", "main_wz")
        .order_by("name", "pk")
    )


def is_public_company(company) -> bool:
    profile = profile_of(company)
    return profile is not None and profile.show_name


def profile_of(company) -> CompanyProfile | None:
    """The company's profile (None if it has none yet); uses a selected `portal_profile`."""
    try:
        return company.portal_profile
    except CompanyProfile.DoesNotExist:
        return None


def _split(text: str) -> list[str]:
    parts = [p.strip() for line in (text or "").splitlines() for p in line.split(",")]
    return [p for p in parts if p]


def public_profile(company) -> dict | None:
    """The company as the public may see it: only consented fields (a missing key means no
    consent), or None when the company has not consented to its name. No queries when the company
    comes from `public_companies()` (profile and main WZ selected).

    Keys: public_id, name, url, and where consented: city, street, postcode, lat, lon, website,
    industry ({code, title}), size_class, description, competences (list), offers, needs, logo_url.
    """
    profile = profile_of(company)
    if profile is None or not profile.show_name:
        return None
    out: dict = {
        "public_id": str(company.public_id),
        "name": str(company),
        "url": profile.get_absolute_url(),
    }
    if profile.show_city and company.city:
        out["city"] = company.city
    if profile.show_address:
        out["street"] = company.street
        out["postcode"] = company.postcode
    if profile.show_location and company.lat is not None and company.lon is not None:
        out["lat"], out["lon"] = company.lat, company.lon
    if profile.show_website and (profile.website or company.website):
        out["website"] = profile.website or company.website
    if profile.show_industry and company.main_wz_id:
        out["industry"] = {"code": company.main_wz.code, "title": company.main_wz.localized_title}
    if profile.show_size and company.effective_size_class:
        out["size_class"] = company.effective_size_class
    if profile.show_description and profile.tr("description"):
        out["description"] = profile.tr("description")
    if profile.show_competences:
        out["competences"] = _split(profile.competences or company.competences)
    if profile.show_offers and (profile.offers or company.offers):
        out["offers"] = profile.offers or company.offers
    if profile.show_needs and profile.tr("needs"):
        out["needs"] = profile.tr("needs")
    if profile.show_logo and profile.logo:
        out["logo_url"] = profile.logo.url
    return out


def public_name(company) -> str | None:
    """The company's name if it may be shown publicly, else None."""
    return str(company) if is_public_company(company) else None


def public_company_by_id(public_id) -> Company | None:
    return public_companies().filter(public_id=public_id).first()


def public_networks_of(company) -> QuerySet[Network]:
    """The public networks the company is a current member of."""
    return Network.objects.filter(
        is_public=True, memberships__company=company, memberships__left__isnull=True
    ).order_by("name", "pk")


# Networks ----------------------------------------------------------------------------------------


def public_networks() -> QuerySet[Network]:
    """Public networks with their carrier, project and member counts (counts include members that
    do not appear by name: a number reveals nothing about a company)."""
    return (
        Network.objects.filter(is_public=True)
        .select_related("carrier", "project")
        .annotate(n_members=Count("memberships", filter=Q(memberships__left__isnull=True)))
        .order_by("name", "pk")
    )


def public_network(slug: str) -> Network | None:
    return public_networks().filter(slug=slug).first()


def public_members(network: Network) -> QuerySet[Membership]:
    """The current members that may be named publicly, with company, profile and WZ selected."""
    return (
        Membership.objects.filter(
            network=network, left__isnull=True, company__portal_profile__show_name=True
        )
        .select_related("company", "company__portal_profile", "company__main_wz")
        .order_by("company__name", "pk")
    )


def public_member_rows(network: Network) -> list[dict]:
    """`public_profile` of each publicly named member, with its role."""
    rows = []
    for m in public_members(network):
        profile = public_profile(m.company)
        if profile is not None:
            rows.append({**profile, "role": m.role, "role_label": m.get_role_display()})
    return rows


def public_member_map(networks=None) -> list[dict]:
    """Points for the public map: members that consented to name and position."""
    qs = Membership.objects.filter(
        network__is_public=True, left__isnull=True,
        company__portal_profile__show_name=True, company__portal_profile__show_location=True,
        company__lat__isnull=False, company__lon__isnull=False,
    ).select_related("company", "company__portal_profile", "network")  # fmt: skip
    if networks is not None:
        qs = qs.filter(network__in=networks)
    return [
        {
            "name": str(m.company),
            "lat": m.company.lat,
            "lon": m.company.lon,
            "network": str(m.network),
            "url": m.company.portal_profile.get_absolute_url(),
        }
        for m in qs.order_by("network__name", "company__name", "pk")
    ]


def is_member_of(user, network: Network) -> bool:
    """The user administers (or works for) a current member company, or acts for the network."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_read_everything(user):
        return True
    if NetworkActor.objects.filter(user=user, network=network).exists():
        return True
    return Membership.objects.filter(
        Q(company__portal_admins__user=user) | Q(company__affiliations__user=user),
        network=network, left__isnull=True,
    ).exists()  # fmt: skip


def may_moderate(user, network: Network) -> bool:
    """The office or the network's carrier moderates its board and writes its news."""
    from verbund.core.rules import is_office

    if not getattr(user, "is_authenticated", False):
        return False
    return (
        bool(is_office(user))
        or NetworkActor.objects.filter(user=user, network=network, kind=ActorKind.CARRIER).exists()
    )


def carried_networks(user) -> QuerySet[Network]:
    """Networks whose board and news the user moderates (all for the office)."""
    from verbund.core.rules import is_office

    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    if is_office(user):
        return Network.objects.order_by("name", "pk")
    return (
        Network.objects.filter(actors__user=user, actors__kind=ActorKind.CARRIER)
        .distinct()
        .order_by("name", "pk")
    )


def open_join_requests_of(networks) -> QuerySet[JoinRequest]:
    """Open join requests of several networks in one query (for the carrier's moderation page)."""
    return (
        JoinRequest.objects.filter(network__in=networks, state=JoinState.OPEN)
        .select_related("company", "network")
        .order_by("network__name", "requested_at", "pk")
    )


# News --------------------------------------------------------------------------------------------


def public_news(network: Network | None = None, *, now=None) -> QuerySet[NewsItem]:
    """Published public news of public networks, newest first (for pages, the feed, the API)."""
    qs = NewsItem.objects.filter(
        network__is_public=True,
        visibility=NewsVisibility.PUBLIC,
        published_at__lte=now or timezone.now(),
    ).select_related("network", "network__carrier")
    if network is not None:
        qs = qs.filter(network=network)
    return qs.order_by("-published_at", "-pk")


def news_for(user, network: Network, *, now=None) -> QuerySet[NewsItem]:
    """The network's news the user may read: members-only news too for members and the carrier."""
    if not is_member_of(user, network):
        return public_news(network, now=now)
    return (
        NewsItem.objects.filter(network=network, published_at__lte=now or timezone.now())
        .select_related("network", "network__carrier")
        .order_by("-published_at", "-pk")
    )


# Board -------------------------------------------------------------------------------------------


def published_posts(
    *, network: Network | None = None, kind: str = "", type: str = "", today: dt.date | None = None
) -> QuerySet[Post]:
    """Posts the public sees: published, not expired, on a public network; newest first. The
    author company is selected with its profile; show it only through `post_author_name`."""
    today = today or timezone.localdate()
    qs = Post.objects.filter(
        state=PostState.PUBLISHED, expires_on__gte=today, network__is_public=True
    ).select_related("network", "company", "company__portal_profile", "wz_division")
    if network is not None:
        qs = qs.filter(network=network)
    if kind:
        qs = qs.filter(kind=kind)
    if type:
        qs = qs.filter(type=type)
    return qs.order_by("-published_at", "-pk")


def post_author_name(post: Post) -> str | None:
    """The posting company's name where it consented to it, else None ("a member of …")."""
    return public_name(post.company)


def visible_post(user, pk) -> Post | None:
    """A post the user may read: published and current for everyone; any state for the posting
    company's admins and the network's moderators."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    post = (
        Post.objects.select_related(
            "network", "company", "company__portal_profile", "wz_division", "author"
        )
        .filter(pk=pk)
        .first()
    )
    if post is None:
        return None
    if (
        is_admin_of(user, post.company)
        or may_moderate(user, post.network)
        or can_read_everything(user)
    ):
        return post
    public = post.state == PostState.PUBLISHED and not post.is_expired() and post.network.is_public
    return post if public else None


def posts_to_moderate(user) -> QuerySet[Post]:
    return (
        Post.objects.filter(state=PostState.PENDING, network__in=carried_networks(user))
        .select_related("network", "company")
        .order_by("created_at", "pk")
    )


def posts_of_companies(companies) -> QuerySet[Post]:
    """The companies' own posts in every state, with the number of expressions of interest."""
    return (
        Post.objects.filter(company__in=companies)
        .select_related("network", "company")
        .annotate(n_interests=Count("interests"))
        .order_by("-created_at", "-pk")
    )


def interests_in(post: Post) -> QuerySet[Interest]:
    return post.interests.select_related("company", "user").order_by("-created_at", "pk")


# Self-service ------------------------------------------------------------------------------------


def administered_companies(user) -> QuerySet[Company]:
    """Companies the user administers in the portal (confirmed claim or accepted invitation)."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return (
        Company.objects.filter(portal_admins__user=user)
        .select_related("portal_profile")
        .order_by("name", "pk")
    )


def is_admin_of(user, company) -> bool:
    if not getattr(user, "is_authenticated", False) or company is None:
        return False
    cache = user.__dict__.setdefault("_portal_admin_of", {})
    if company.pk not in cache:
        cache[company.pk] = CompanyAdmin.objects.filter(user=user, company=company).exists()
    return cache[company.pk]


def admins_of(company) -> QuerySet[CompanyAdmin]:
    return CompanyAdmin.objects.filter(company=company).select_related("user")


def claims_of(user) -> QuerySet[CompanyClaim]:
    return CompanyClaim.objects.filter(user=user).select_related("company")


def pending_claims() -> QuerySet[CompanyClaim]:
    """Claims waiting for the office."""
    return (
        CompanyClaim.objects.filter(state="pending")
        .select_related("company", "user")
        .order_by("created_at", "pk")
    )


def claimable_companies(query: str, *, limit: int = 20) -> QuerySet[Company]:
    """Register entries found by name, postcode or city for a claim (no consent needed: the
    person claiming sees names and cities only, as on a letter, and the office confirms)."""
    query = (query or "").strip()[:100]
    if len(query) < 3:
        return Company.objects.none()
    return (
        Company.objects.filter(
            Q(name__icontains=query) | Q(trading_name__icontains=query) | Q(postcode=query)
        )
        .only("pk", "public_id", "name", "trading_name", "city")
        .order_by("name", "pk")[:limit]
    )


def member_networks_of(companies) -> QuerySet[Membership]:
    """The current memberships of the companies (for the self-service pages)."""
    return (
        Membership.objects.filter(company__in=companies, left__isnull=True)
        .select_related("network", "company")
        .order_by("network__name", "pk")
    )
