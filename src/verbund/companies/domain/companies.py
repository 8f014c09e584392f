"""Writes on companies, contacts and affiliations; normalisation used to recognise a company again."""

import math
import re
import unicodedata
from datetime import date

from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from verbund.companies.enums import size_class_for
from verbund.companies.models import Affiliation, Company, ContactPerson, Tag, WzCode
from verbund.core.audit import acting_user, delete_as, save_as
from verbund.core.errors import DomainError

_LEGAL_FORMS = re.compile(
    r"\b(gmbh|mbh|ggmbh|ag|kg|ohg|gbr|ug|e\s?k|e\s?v|eg|se|co|kgaa|haftungsbeschrankt|inh|ltd|inc)\b"
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_STREET = re.compile(r"(strasse|str)\b")
_HOUSE_SUFFIX = re.compile(r"(\d+)\s+([a-z])\b")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _fold(text: str) -> str:
    text = (text or "").casefold()
    if text.isascii():
        return text
    text = text.translate(_TRANSLIT)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def normalise_name(name: str) -> str:
    """ "Müller & Co. GmbH" -> "mueller": case, umlauts, punctuation and legal forms removed."""
    text = _NON_WORD.sub(" ", _fold(name))
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def normalise_street(street: str) -> str:
    """ "Karl-Heine-Straße 12a" and "Karl-Heine-Str. 12 a" -> "karl heine str 12a"."""
    text = _NON_WORD.sub(" ", _fold(street))
    text = _STREET.sub("str", text)
    text = _HOUSE_SUFFIX.sub(r"\1\2", text)
    return " ".join(text.split())


def normalise_register_number(text: str) -> str:
    """ "HRB 1234 " / "hrb1234" -> "HRB1234"."""
    return "".join((text or "").upper().split())


def match_key(*, name: str, street: str = "", postcode: str = "", city: str = "") -> str:
    """Normalised name + address: what re-imports and duplicate checks compare."""
    place = (postcode or "").strip() or _NON_WORD.sub(" ", _fold(city)).strip()
    return "|".join([normalise_name(name), normalise_street(street), place])[:255]


def _tags(names: list[str]) -> list[Tag]:
    names = sorted({n.strip() for n in names if n and n.strip()})
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=n) for n in names if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [existing[n] for n in names]


EDITABLE_FIELDS = [
    "name", "trading_name", "legal_form", "register_court", "register_number", "street", "postcode",
    "city", "lat", "lon", "main_wz", "employees", "size_class", "founding_year", "website",
    "competences", "offers", "source",
]  # fmt: skip


def integer_range(field: models.Field) -> tuple[int | None, int | None]:
    """The range an integer model field holds on every database (PostgreSQL's column types), also on
    SQLite, which would store any integer."""
    return BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), (None, None))


def check_company_fields(fields: dict) -> None:
    """Refuse values the register's columns cannot hold: text longer than the field or with NUL
    bytes, integers outside the column type's range, coordinates that are not finite numbers.
    The limits come from the model's field definitions (form, domain and import check share them)."""
    for name, value in fields.items():
        if value is None:
            continue
        field = Company._meta.get_field(name)
        label = str(field.verbose_name)
        if isinstance(value, str):
            if "\x00" in value:
                raise DomainError(_("contains a NUL byte"), field=name, code="null_characters")
            if field.max_length and len(value) > field.max_length:
                raise DomainError(
                    _("%(label)s may have at most %(max)s characters (it has %(n)s)")
                    % {"label": label, "max": field.max_length, "n": len(value)},
                    field=name, code="max_length",
                )  # fmt: skip
        elif isinstance(field, models.IntegerField) and isinstance(value, int):
            low, high = integer_range(field)
            if (low is not None and value < low) or (high is not None and value > high):
                raise DomainError(
                    _("%(label)s must lie between %(low)s and %(high)s")
                    % {"label": label, "low": low, "high": high},
                    field=name, code="out_of_range",
                )  # fmt: skip
        elif isinstance(field, models.FloatField) and not math.isfinite(float(value)):
            raise DomainError(_("not a finite number"), field=name, code="invalid")


@transaction.atomic
def save_company(
    *,
    company: Company | None = None,
    user=None,
    secondary_wz: list[WzCode] | None = None,
    tags: list[str] | None = None,
    place: bool = True,
    **fields,
) -> Company:
    """Create or change a company; derives size class and matching key, places it on the map
    (by its point, else by its postcode's zone) when its position or postcode changes.

    An existing company is reloaded by primary key (locked), so "moved" compares the new coordinates
    with the stored row, not with an instance a ModelForm has already changed in place.
    `user` is recorded as the author of the history rows.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"external_id"}
    if unknown:
        raise TypeError(f"unknown company fields: {sorted(unknown)}")
    check_company_fields(fields)
    with acting_user(user):
        if company is not None and company.pk is not None:
            company = Company.objects.select_for_update().get(pk=company.pk)
        else:
            company = Company()
        moved = company.pk is None or any(
            f in fields and fields[f] != getattr(company, f) for f in ("lat", "lon", "postcode")
        )
        for key, value in fields.items():
            setattr(company, key, value)
        company.register_number = (company.register_number or "").strip()
        company.size_class = size_class_for(company.employees) or company.size_class
        company.match_key = match_key(
            name=company.name, street=company.street, postcode=company.postcode, city=company.city
        )
        save_as(company, user)
        if secondary_wz is not None:
            company.secondary_wz.set(secondary_wz)
        if tags is not None:
            company.tags.set(_tags(tags))
        if place and moved:
            from verbund.companies.domain.placement import place_companies

            place_companies(company_ids=[company.pk])
            company.refresh_from_db(fields=["district", "placement", "placement_precision"])
    return company


def find_company_by_name(name: str) -> Company | None:
    """The oldest company whose normalised name equals that of `name` (legal form, case, umlauts
    and punctuation aside), or None."""
    wanted = normalise_name(name)
    if not wanted:
        return None
    # the matching key starts with the normalised name (indexed column)
    return Company.objects.filter(match_key__startswith=f"{wanted}|").order_by("pk").first()


def _lock_name(name: str) -> None:
    """Serialise creators of the same normalised name until the transaction ends (PostgreSQL
    advisory lock; SQLite runs one writing transaction at a time anyway)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"company:{name}"])


@transaction.atomic
def get_or_create_company_by_name(
    *, name: str, user=None, place: bool = False, **fields
) -> tuple[Company, bool]:
    """(company, created): the register entry with this normalised name, else a new one.

    Idempotent under parallel requests: the lookup and the creation run under a lock held for the
    normalised name until the transaction commits, so four simultaneous calls with the same new name
    create one company and the other three get it back with `created=False`.
    Limits of the register's columns apply (`DomainError` naming the field).
    """
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("A company needs a name."), field="name", code="required")
    check_company_fields({"name": name, **fields})
    _lock_name(normalise_name(name) or name.casefold())
    existing = find_company_by_name(name)
    if existing is not None:
        return existing, False
    return save_company(name=name, user=user, place=place, **fields), True


@transaction.atomic
def delete_company(*, company: Company, user=None) -> None:
    delete_as(Company.objects.select_for_update().get(pk=company.pk), user)


@transaction.atomic
def save_contact(
    *,
    company: Company,
    contact: ContactPerson | None = None,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    consent: bool = False,
    consent_date: date | None = None,
    user=None,
) -> ContactPerson:
    """Create or change a contact person. Consent without a date gets today's date."""
    if contact is not None and contact.pk is not None:
        contact = ContactPerson.objects.select_for_update().get(pk=contact.pk, company=company)
    else:
        contact = ContactPerson(company=company)
    contact.name, contact.role, contact.email, contact.phone = name, role, email, phone
    contact.consent = consent
    contact.consent_date = (consent_date or date.today()) if consent else None
    save_as(contact, user)
    return contact


@transaction.atomic
def delete_contact(*, contact: ContactPerson, user=None) -> None:
    delete_as(ContactPerson.objects.select_for_update().get(pk=contact.pk), user)


@transaction.atomic
def affiliate_user(*, user, company: Company, role: str = "", by=None) -> Affiliation:
    """Link a user to the company they work for (member users then see its contacts).

    `user` is the affiliated user; `by` the acting user recorded in history (default: `user`).
    """
    with acting_user(by or user):
        affiliation, _created = Affiliation.objects.update_or_create(
            user=user, company=company, defaults={"role": role}
        )
    return affiliation
