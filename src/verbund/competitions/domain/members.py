"""The competition's view of the company register: area membership, affiliations, de-duplication.

Kept in one module so that the competitions app depends on the companies app in one place only.
"""

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from verbund.competitions.domain.errors import CompetitionError

MATCH_THRESHOLD = 92
NEW_MEMBER_LOCK = 0x636F6D70  # "comp": PostgreSQL advisory lock for creating founding members


def _company_model():
    return apps.get_model("companies", "Company")


def in_area_filter(*, prefix: str = "") -> dict:
    """Lookup selecting companies inside the programme area."""
    from verbund.companies.domain.queries import inside_lookup

    return inside_lookup(prefix=prefix)


def unknown_placement_filter(*, prefix: str = "") -> dict:
    """Lookup selecting companies whose placement is unknown (neither inside nor outside)."""
    from verbund.companies.domain.queries import unknown_lookup

    return unknown_lookup(prefix=prefix)


def affiliated_companies(user_ids: list[int]) -> dict[int, set[int]]:
    """user id -> ids of the companies the user is affiliated with in the register."""
    model = apps.get_model("companies", "Affiliation")
    out: dict[int, set[int]] = {}
    for user_id, company_id in model.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "company_id"
    ):
        out.setdefault(user_id, set()).add(company_id)
    return out


def carrier_company_ids(organisation) -> set[int]:
    """Register entries that are the carrier organisation (same normalised name, legal form aside)."""
    from verbund.companies.domain.companies import normalise_name

    wanted = normalise_name(organisation.name)
    if not wanted:
        return set()
    first = organisation.name.split()[0]
    candidates = _company_model().objects.filter(name__istartswith=first).values_list("pk", "name")
    return {pk for pk, name in candidates if normalise_name(name) == wanted}


def match_company(name: str):
    """The register entry whose normalised name matches `name` closely enough, or None.

    Uses the register's own name normalisation (legal forms, umlauts, punctuation removed), then
    rapidfuzz's token-sort ratio, so "Kunststoffzentrum Leipzig gGmbH" finds "Kunststoffzentrum
    Leipzig".
    """
    from verbund.companies.domain.companies import normalise_name

    wanted = normalise_name(name)
    if not wanted:
        return None
    Company = _company_model()
    choices = {pk: normalise_name(n) for pk, n in Company.objects.values_list("pk", "name")}
    hit = process.extractOne(
        wanted, choices, scorer=fuzz.token_sort_ratio, score_cutoff=MATCH_THRESHOLD
    )
    return Company.objects.get(pk=hit[2]) if hit else None


def check_member_name(name: str) -> str:
    """The name as the register stores it; refused when empty or longer than the register allows."""
    name = " ".join((name or "").split())
    limit = _company_model()._meta.get_field("name").max_length
    if not name:
        raise CompetitionError(_("A founding member needs a name."), field="new_members")
    if len(name) > limit or "\x00" in name:
        raise CompetitionError(
            _("A company name may have at most %(n)s characters.") % {"n": limit},
            field="new_members", code="max_length",
        )  # fmt: skip
    return name


@transaction.atomic
def find_or_create_company(*, name: str, user, **fields):
    """(company, created): an existing register entry matched by name, else a new entry.

    The lookup and the creation run under one transaction-scoped lock (PostgreSQL advisory lock;
    SQLite writes one transaction at a time anyway), so the same new name sent in parallel requests
    creates one register entry and the others find it.
    """
    from verbund.companies.domain.companies import save_company

    name = check_member_name(name)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_MEMBER_LOCK])
    existing = match_company(name)
    if existing is not None:
        return existing, False
    return save_company(name=name, user=user, place=False, **fields), True
