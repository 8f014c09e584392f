"""The partner search: "who could work with us on X?".

`search(query, user=…)` finds companies and board posts whose text contains every query word
(`matching.py`), within what the user may see: the public finds companies that consented to
their name, by their consented fields, and published current posts of public networks; members
find the members of their own networks by all their texts, and their networks' posts; the office
and the auditor find every findable company. Results that are also among the analysis' partner
suggestions for the searching company rank first, and every result says why it is there (which
fields matched, shared industry, related industry, distance, shared competences).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.clusters.domain import queries as clusters
from verbund.companies.domain.queries import companies_of_user
from verbund.companies.models import Company
from verbund.core.rules import can_read_everything
from verbund.networks.models import Membership, NetworkActor
from verbund.portal.domain import queries as portal
from verbund.portal.domain.search import index, matching
from verbund.portal.domain.search.documents import (
    SearchableCompany,
    SearchablePost,
    company_fields,
    findable_companies,
    post_fields,
)
from verbund.portal.domain.search.text import normalise, query_words
from verbund.portal.enums import PostState
from verbund.portal.models import Post

RESULTS = 30
"""At most this many companies and this many posts are shown."""
NEARBY_KM = 15.0
"""A company this close to the searching company is "nearby"."""
SUGGESTIONS = 5
"""At most this many of the analysis' suggestions are listed besides the results."""


FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "city": gettext_lazy("city"),
    "industry": gettext_lazy("industry"),
    "competences": gettext_lazy("competences"),
    "offers": gettext_lazy("offers"),
    "description": gettext_lazy("description"),
    "needs": gettext_lazy("needs"),
    "title": gettext_lazy("title"),
    "text": gettext_lazy("text"),
    "region": gettext_lazy("region"),
}


def _label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@dataclass
class Hit:
    kind: str  # "company" or "post"
    pk: int
    title: str
    url: str = ""
    detail: str = ""
    reasons: list[str] = field(default_factory=list)
    suggested: bool = False
    prefix: bool = False
    rank: float = 0.0


@dataclass
class Outcome:
    query: str
    words: list[str]
    companies: list[Hit]
    posts: list[Hit]
    suggestions: list[Hit]
    searching_company: Company | None = None
    companies_found: int = 0
    posts_found: int = 0

    @property
    def too_short(self) -> bool:
        return bool(self.query.strip()) and not self.words


@dataclass(frozen=True)
class Scope:
    """What a user may find."""

    everything: bool
    peer_ids: frozenset[int]
    network_ids: frozenset[int]

    def sees_fully(self, company_id: int) -> bool:
        return self.everything or company_id in self.peer_ids


def own_companies(user) -> list[Company]:
    """The companies a user acts for: administered in the portal, or affiliated in the register."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = set(portal.administered_companies(user).values_list("pk", flat=True))
    ids |= set(companies_of_user(user).values_list("pk", flat=True))
    return list(
        Company.objects.filter(pk__in=ids)
        .select_related("portal_profile", "main_wz")
        .order_by("name", "pk")
    )


def scope_of(user, own: list[Company]) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope(False, frozenset(), frozenset())
    if can_read_everything(user):
        return Scope(True, frozenset(), frozenset())
    networks = set(
        Membership.objects.filter(company__in=own, left__isnull=True).values_list(
            "network_id", flat=True
        )
    ) | set(NetworkActor.objects.filter(user=user).values_list("network_id", flat=True))
    peers = set(
        Membership.objects.filter(network_id__in=networks, left__isnull=True).values_list(
            "company_id", flat=True
        )
    )
    return Scope(False, frozenset(peers), frozenset(networks))


def _visible_posts(scope: Scope, today) -> QuerySet[Post]:
    public = Q(network__is_public=True)
    if scope.everything:
        public = Q()
    elif scope.network_ids:
        public |= Q(network_id__in=scope.network_ids)
    return Post.objects.filter(public, state=PostState.PUBLISHED, expires_on__gte=today)


def _km(a: Company, b: Company) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _competence_set(company: Company) -> set[str]:
    texts = [company.competences]
    profile = portal.profile_of(company)
    if profile is not None:
        texts.append(profile.competences)
    items = set()
    for text in texts:
        for line in (text or "").splitlines():
            for part in line.split(","):
                if normalise(part):
                    items.add(normalise(part))
    return items


def _fmt(value: float, digits: int = 1) -> str:
    from django.utils.formats import number_format

    return number_format(round(value, digits), digits)


def _matched_fields(fields: dict[str, str], words: list[str]) -> list[str]:
    out = []
    for name, raw in fields.items():
        text = normalise(raw)
        if any(w in text for w in words):
            out.append(_label(name))
    return out


def _company_reasons(
    company: Company,
    *,
    fields: dict[str, str],
    words: list[str],
    sees_fully: bool,
    searching: Company | None,
    suggestion: clusters.PartnerSuggestion | None,
    peer: bool,
) -> list[str]:
    reasons = []
    matched = _matched_fields(fields, words)
    if matched:
        reasons.append(_("matches in %(fields)s") % {"fields": ", ".join(matched)})
    if peer:
        reasons.append(_("member of your network"))
    if searching is None or searching.pk == company.pk:
        return reasons
    profile = portal.profile_of(company)
    shows = (lambda f: True) if sees_fully else (lambda f: bool(getattr(profile, f"show_{f}")))
    if suggestion is not None:
        reasons.append(_("suggested partner for %(company)s") % {"company": searching})
        if suggestion.relatedness > 0 and not _same_division(company, searching):
            reasons.append(
                _("related industry (relatedness φ = %(phi)s)")
                % {"phi": _fmt(suggestion.relatedness, 2)}
            )
        if suggestion.text_similarity > 0.05:
            reasons.append(
                _("competence texts match (%(share)s %%)")
                % {"share": _fmt(100 * suggestion.text_similarity, 0)}
            )
    if shows("industry") and _same_division(company, searching):
        wz = company.main_wz
        reasons.append(_("same industry (WZ %(code)s)") % {"code": wz.division or wz.code})
    if shows("location"):
        km = _km(company, searching)
        if km is not None and km <= NEARBY_KM:
            reasons.append(_("nearby (%(km)s km)") % {"km": _fmt(km)})
    if shows("competences"):
        shared = sorted(_competence_set(company) & _competence_set(searching))
        if shared:
            reasons.append(_("shared competences: %(items)s") % {"items": ", ".join(shared[:5])})
    return reasons


def _same_division(a: Company, b: Company) -> bool:
    return bool(
        a.main_wz_id
        and b.main_wz_id
        and a.main_wz.division
        and a.main_wz.division == b.main_wz.division
    )


def _company_url(company: Company, public: bool) -> str:
    profile = portal.profile_of(company)
    if not public or profile is None:
        return ""
    try:
        return profile.get_absolute_url()
    except NoReverseMatch:
        return ""


def _company_hits(ids, *, words, scope, searching, suggestions, prefix_ids) -> list[Hit]:
    companies = Company.objects.filter(pk__in=ids).select_related("portal_profile", "main_wz")
    hits = []
    for company in companies:
        public = portal.is_public_company(company)
        full = scope.sees_fully(company.pk)
        fields = company_fields(company, public=not full)
        suggestion = suggestions.get(company.pk)
        hit = Hit(
            kind="company",
            pk=company.pk,
            title=str(company),
            url=_company_url(company, public),
            detail=(fields.get("city") or "").strip(),
            suggested=suggestion is not None,
            prefix=company.pk in prefix_ids,
            rank=suggestion.score if suggestion else 0.0,
        )
        hit.reasons = _company_reasons(
            company,
            fields=fields,
            words=words,
            sees_fully=full,
            searching=searching,
            suggestion=suggestion,
            peer=company.pk in scope.peer_ids,
        )
        hits.append(hit)
    return hits


def _best(ids: set[int], prefix_order: list[int], suggestions: dict, limit: int) -> list[int]:
    """The `limit` best of `ids` before anything is loaded: suggested partners first, then
    word-prefix matches in the database's relevance order, then the other (mid-word) matches."""
    position = {pk: i for i, pk in enumerate(prefix_order)}
    return sorted(
        ids,
        key=lambda pk: (
            pk not in suggestions,
            position.get(pk, len(position)),
            -(suggestions[pk].score if pk in suggestions else 0.0),
            pk,
        ),
    )[:limit]


def _ordered(hits: list[Hit], prefix_order: list[int]) -> list[Hit]:
    position = {pk: i for i, pk in enumerate(prefix_order)}
    return sorted(
        hits,
        key=lambda h: (
            not h.suggested,
            not h.prefix,
            position.get(h.pk, len(position)),
            -h.rank,
            normalise(h.title),
            h.pk,
        ),
    )


def _post_hits(ids, *, words, prefix_ids) -> list[Hit]:
    posts = Post.objects.filter(pk__in=ids).select_related(
        "network", "company", "company__portal_profile", "wz_division"
    )
    hits = []
    for post in posts:
        matched = _matched_fields(post_fields(post), words)
        reasons = [_("matches in %(fields)s") % {"fields": ", ".join(matched)}] if matched else []
        reasons.append(f"{post.get_kind_display()} · {post.get_type_display()}")
        try:
            url = post.get_absolute_url()
        except NoReverseMatch:
            url = ""
        hits.append(
            Hit(
                kind="post",
                pk=post.pk,
                title=post.title,
                url=url,
                detail=str(post.network),
                reasons=reasons,
                prefix=post.pk in prefix_ids,
            )
        )
    return hits


def _suggestions_for(searching: Company | None) -> dict[int, clusters.PartnerSuggestion]:
    if searching is None:
        return {}
    run = clusters.latest_finished_run()
    if run is None:
        return {}
    return {s.company_id: s for s in clusters.partner_suggestions(run, searching.pk)}


def search(
    query: str,
    *,
    user,
    searching_company: Company | None = None,
    today=None,
    limit: int = RESULTS,
    refresh: bool = True,
) -> Outcome:
    """Companies and posts for `query` that `user` may see, best first, each with its reasons.

    `searching_company` (default: the first company the user acts for) is the one partners are
    sought for; its analysis suggestions rank first and are listed besides the results.
    """
    if refresh:
        index.refresh_if_stale()
    today = today or timezone.localdate()
    words = query_words(query or "")
    own = own_companies(user)
    if searching_company is None or searching_company.pk not in {c.pk for c in own}:
        searching_company = own[0] if own else None
    scope = scope_of(user, own)
    suggestions = _suggestions_for(searching_company)

    company_ids: set[int] = set()
    post_ids: list[int] = []
    prefix_companies: list[int] = []
    prefix_posts: list[int] = []
    if words:
        company_ids |= set(
            matching.matching_ids(SearchableCompany, words, column="title", within=None)
        )
        if scope.everything:
            company_ids |= set(
                matching.matching_ids(SearchableCompany, words, column="body", within=None)
            )
        elif scope.peer_ids:
            peers = Company.objects.filter(pk__in=scope.peer_ids)
            company_ids |= set(
                matching.matching_ids(SearchableCompany, words, column="body", within=peers)
            )
        post_ids = matching.matching_ids(
            SearchablePost, words, column="body", within=_visible_posts(scope, today)
        )
        prefix_companies = matching.prefix_ranked(SearchableCompany, words, sorted(company_ids))
        prefix_posts = matching.prefix_ranked(SearchablePost, words, post_ids)

    own_pk = getattr(searching_company, "pk", None)
    top_companies = _best(company_ids - {own_pk}, prefix_companies, suggestions, limit)
    companies = _ordered(
        _company_hits(
            top_companies,
            words=words,
            scope=scope,
            searching=searching_company,
            suggestions=suggestions,
            prefix_ids=set(prefix_companies),
        ),
        prefix_companies,
    )
    top_posts = _best(set(post_ids), prefix_posts, {}, limit)
    posts = _ordered(_post_hits(top_posts, words=words, prefix_ids=set(prefix_posts)), prefix_posts)

    shown = {h.pk for h in companies[:limit]}
    visible_suggested = _visible_suggestions(suggestions, scope, exclude=shown)
    extra = _company_hits(
        visible_suggested,
        words=[],
        scope=scope,
        searching=searching_company,
        suggestions=suggestions,
        prefix_ids=set(),
    )
    extra = sorted(extra, key=lambda h: -h.rank)[:SUGGESTIONS]
    return Outcome(
        query=query or "",
        words=words,
        companies=companies[:limit],
        posts=posts[:limit],
        suggestions=extra,
        searching_company=searching_company,
        companies_found=len(company_ids - {own_pk}),
        posts_found=len(post_ids),
    )


def _visible_suggestions(suggestions, scope: Scope, *, exclude: set[int]) -> list[int]:
    ids = [pk for pk in suggestions if pk not in exclude]
    if not ids:
        return []
    visible = findable_companies().filter(pk__in=ids)
    if not scope.everything:
        visible = visible.filter(Q(portal_profile__show_name=True) | Q(pk__in=scope.peer_ids))
    return list(visible.values_list("pk", flat=True))
