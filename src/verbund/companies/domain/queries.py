"""Read helpers shared by views, exports, the API and other apps."""

from django.db.models import Count, QuerySet

from verbund.companies.domain.wz import normalise_wz_code
from verbund.companies.models import Affiliation, Area, Company, District, WzCode


def company_list_queryset() -> QuerySet[Company]:
    """Companies with what list pages, exports and the API show, in a constant number of queries."""
    return Company.objects.select_related("main_wz", "district").prefetch_related("tags")


def companies_of_user(user) -> QuerySet[Company]:
    """The companies a user works for (affiliations)."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.filter(affiliations__user=user)


def affiliated_company_ids(user_ids: list[int]) -> dict[int, set[int]]:
    """user id -> ids of the companies they are affiliated with (for conflict-of-interest checks)."""
    out: dict[int, set[int]] = {}
    for uid, cid in Affiliation.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "company_id"
    ):
        out.setdefault(uid, set()).add(cid)
    return out


def programme_areas() -> QuerySet[Area]:
    return Area.objects.filter(is_programme_area=True).prefetch_related("districts")


def districts_with_counts() -> QuerySet[District]:
    return District.objects.annotate(n_companies=Count("companies"))


def find_wz(text: str) -> WzCode | None:
    """A WZ entry from a code typed with or without dots."""
    code = normalise_wz_code(text)
    return WzCode.objects.filter(code=code).first() if code else None


def search_wz(query: str, *, limit: int = 200) -> QuerySet[WzCode]:
    """Codes whose code (with or without dots) or German/English title match."""
    qs = WzCode.objects.select_related("parent")
    query = (query or "").strip()
    if not query:
        return qs.filter(level=1)
    code = normalise_wz_code(query)
    if code:
        digits = code.replace(".", "")
        return (
            qs.filter(digits__startswith=digits)[:limit]
            if code[0].isdigit()
            else qs.filter(section=code)[:limit]
        )
    from django.db.models import Q

    return qs.filter(Q(title_de__icontains=query) | Q(title_en__icontains=query))[:limit]
