"""What the search index holds: one document per findable company and per published post.

modelsearch indexes models that mix in `Indexed`; `companies/models.py` and the portal's models stay
as they are, so the documents are proxy models here (no table of their own). modelsearch's signal
handlers are off for them (`search_auto_update = False`): a company's document also depends on its
profile and its memberships, and the register import writes without signals, so `index.py` keeps
the documents current instead.

Each document has two texts, already normalised (`text.normalise`):

- ``title`` (a company's): what the public may find it by, only the fields it has consented to
  show (empty without consent for its name); also its word-prefix (autocomplete) text.
- ``member_text``: everything, for the members of the company's networks (and the office); a
  post's whole text (a published post is public as a whole) and its autocomplete text.

The proxies are declared when this module is first imported (apps are ready by then), so
modelsearch's `ready()` has not given them the `index_entries` relation its PostgreSQL queries
join through; `_add_index_relation` adds it the same way modelsearch does.
"""

from django.db.models import Q, QuerySet
from modelsearch import index
from modelsearch.models import IndexEntry

from verbund.companies.models import Company
from verbund.portal.domain.search.text import join
from verbund.portal.enums import PostState
from verbund.portal.models import CompanyProfile, Post


def _profile(company) -> CompanyProfile | None:
    try:
        return company.portal_profile
    except CompanyProfile.DoesNotExist:
        return None


def _wz_title(company) -> str:
    wz = company.main_wz
    return f"{wz.title} {wz.title_en}" if wz is not None else ""


def company_fields(company, *, public: bool) -> dict[str, str]:
    """The company's searchable texts by field (raw, not normalised): the consented ones only when
    `public`, and nothing at all publicly without consent for the name."""
    p = _profile(company)
    if public and (p is None or not p.show_name):
        return {}
    allowed = (lambda f: getattr(p, f"show_{f}")) if public else (lambda f: True)
    fields = {"name": f"{company.name} {company.trading_name}"}
    if allowed("city"):
        fields["city"] = company.city
    if allowed("industry"):
        fields["industry"] = _wz_title(company)
    if allowed("competences"):
        fields["competences"] = " ".join(
            t for t in (p.competences if p else "", company.competences) if t
        )
    if allowed("offers"):
        fields["offers"] = " ".join(t for t in (p.offers if p else "", company.offers) if t)
    if p is not None and allowed("description"):
        fields["description"] = f"{p.description} {p.description_en}"
    if p is not None and allowed("needs"):
        fields["needs"] = f"{p.needs} {p.needs_en}"
    return {k: v for k, v in fields.items() if v and v.strip()}


def post_fields(post) -> dict[str, str]:
    wz = post.wz_division
    fields = {
        "title": post.title,
        "text": post.text,
        "competences": post.competences,
        "region": post.region,
        "industry": f"{wz.title} {wz.title_en}" if wz is not None else "",
    }
    return {k: v for k, v in fields.items() if v and v.strip()}


def findable_companies() -> QuerySet[Company]:
    """Companies someone may find: consented to their name, or a current member of a network."""
    return Company.objects.filter(
        Q(portal_profile__show_name=True) | Q(network_memberships__left__isnull=True)
    ).distinct()


class SearchableCompany(index.Indexed, Company):
    search_auto_update = False
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("member_text"),
        index.FilterField("id"),
    ]

    class Meta:
        proxy = True
        app_label = "portal"

    def title(self) -> str:
        return join(*company_fields(self, public=True).values())

    def member_text(self) -> str:
        return join(*company_fields(self, public=False).values())

    @classmethod
    def get_indexed_objects(cls):
        ids = findable_companies().values("pk")
        return cls.objects.filter(pk__in=ids).select_related("portal_profile", "main_wz")


class SearchablePost(index.Indexed, Post):
    """A post is public as a whole, so all of it is its `member_text` (matched for everyone);
    its ``title`` column holds the post's own title as typed (unused by matching)."""

    search_auto_update = False
    search_fields = [
        index.SearchField("title"),
        index.SearchField("member_text"),
        index.AutocompleteField("member_text"),
        index.FilterField("id"),
    ]

    class Meta:
        proxy = True
        app_label = "portal"

    def member_text(self) -> str:
        return join(*post_fields(self).values())

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(state=PostState.PUBLISHED).select_related("wz_division")


def _add_index_relation(model) -> None:
    if not hasattr(model, "index_entries"):
        from modelsearch.abstract_models import TextIDGenericRelation

        TextIDGenericRelation(IndexEntry).contribute_to_class(model, "index_entries")


_add_index_relation(SearchableCompany)
_add_index_relation(SearchablePost)
