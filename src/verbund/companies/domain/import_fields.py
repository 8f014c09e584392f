"""The import's fields and one small parser per field, with the limits of the model's own columns.

`PARSERS` maps each import field to a function `parse(text, ctx) -> value` that gets the cell's
stripped, non-empty text and either returns the value to store or raises `RowError` naming the field
and the reason. Limits (text length, integer range, allowed characters) are read from `Company`'s and
`Tag`'s field definitions, so the dry run refuses exactly what the database would refuse in the apply.
`assemble` then combines the parsed fields of a row (street and house number, size class from the head
count, secondary minus main WZ code, the coordinate pair) and checks what needs several fields.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.classification import normalise_wz_code
from verbund.companies.enums import SizeClass, size_class_for
from verbund.companies.models import Company, Tag
from verbund.core.errors import DomainError


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()


FIELDS = [
    ImportField("name", gettext_lazy("legal name"), ("name", "firma", "firmenname", "unternehmen", "company", "legal name")),
    ImportField("trading_name", gettext_lazy("trading name"), ("trading name", "handelsname", "kurzname")),
    ImportField("legal_form", gettext_lazy("legal form"), ("legal form", "rechtsform")),
    ImportField("register_court", gettext_lazy("register court"), ("register court", "registergericht", "amtsgericht")),
    ImportField("register_number", gettext_lazy("register number"), ("register number", "registernummer", "handelsregisternummer", "hrb")),
    ImportField("public_id", gettext_lazy("verbund id (from an export)"), ("public id", "verbund id")),
    ImportField("external_id", gettext_lazy("id in the source"), ("id", "external id", "nr", "nummer")),
    ImportField("street", gettext_lazy("street (and number)"), ("street", "strasse", "straße", "adresse", "address")),
    ImportField("house_number", gettext_lazy("house number (if separate)"), ("house number", "hausnr", "hausnummer", "hnr")),
    ImportField("postcode", gettext_lazy("postcode"), ("postcode", "plz", "zip", "postleitzahl")),
    ImportField("city", gettext_lazy("city"), ("city", "ort", "stadt")),
    ImportField("district", gettext_lazy("district (number or name; used without coordinates)"), ("district", "ortsteil", "stadtteil")),
    ImportField("x", gettext_lazy("x / longitude / easting"), ("x", "lon", "lng", "longitude", "laengengrad", "rechtswert")),
    ImportField("y", gettext_lazy("y / latitude / northing"), ("y", "lat", "latitude", "breitengrad", "hochwert")),
    ImportField("main_wz", gettext_lazy("main WZ code"), ("wz", "wz code", "wz2008", "wz 2008", "nace", "main wz")),
    ImportField("secondary_wz", gettext_lazy("secondary WZ codes"), ("secondary wz", "weitere wz", "nebentaetigkeit")),
    ImportField("employees", gettext_lazy("employees"), ("employees", "beschaeftigte", "mitarbeiter", "mitarbeitende")),
    ImportField("size_class", gettext_lazy("size class"), ("size class", "groessenklasse", "groesse")),
    ImportField("founding_year", gettext_lazy("founding year"), ("founding year", "gruendungsjahr", "gegruendet")),
    ImportField("website", gettext_lazy("website"), ("website", "web", "homepage", "internet", "url")),
    ImportField("competences", gettext_lazy("competences"), ("competences", "kompetenzen")),
    ImportField("offers", gettext_lazy("offers"), ("offers", "angebote", "leistungen")),
    ImportField("tags", gettext_lazy("tags"), ("tags", "schlagworte", "stichworte")),
]  # fmt: skip
FIELD_NAMES = [f.name for f in FIELDS]
FIELD_LABELS = {f.name: f.label for f in FIELDS} | {"x/y": gettext_lazy("coordinates")}
COORDINATES = "x/y"

_POSTCODE = re.compile(r"^\d{5}$")
SPLIT = re.compile(r"\s*[;,|]\s*")
# C0 control characters other than tab and line breaks: PostgreSQL refuses NUL, XLSX exports refuse all
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SIZE_WORDS = {
    "micro": SizeClass.MICRO, "kleinst": SizeClass.MICRO, "kleinstunternehmen": SizeClass.MICRO,
    "small": SizeClass.SMALL, "klein": SizeClass.SMALL, "kleinunternehmen": SizeClass.SMALL,
    "medium": SizeClass.MEDIUM, "mittel": SizeClass.MEDIUM, "mittleres unternehmen": SizeClass.MEDIUM,
    "large": SizeClass.LARGE, "gross": SizeClass.LARGE, "groß": SizeClass.LARGE,
    "grossunternehmen": SizeClass.LARGE, "großunternehmen": SizeClass.LARGE,
}  # fmt: skip
_url = URLValidator()


class RowError(DomainError):
    """One problem of one row: the field and the reason (the row is added by the caller)."""


@dataclass
class Problem:
    row: int
    field: str
    reason: str
    error: bool = True

    def as_dict(self) -> dict:
        label = str(FIELD_LABELS.get(self.field, self.field))
        return {"row": self.row, "field": self.field, "label": label, "reason": self.reason,
                "error": self.error}  # fmt: skip


@dataclass
class RowContext:
    """What the parsers share across rows: the WZ lookup, the value map, and the row being read."""

    wz: dict[str, int]
    wz_values: dict[str, str]
    this_year: int
    raw: dict[str, str] = field(default_factory=dict)
    wz_cache: dict[str, int | None] = field(default_factory=dict)
    districts: dict[str, list[int]] = field(default_factory=dict)
    """District number or name (case-folded) -> district ids, for the district column."""


Parser = Callable[[str, RowContext], object]


# ---------------------------------------------------------------------------------------- limits


@cache
def max_length(model_field: str, model=Company) -> int | None:
    return model._meta.get_field(model_field).max_length


@cache
def integer_range(model_field: str) -> tuple[int | None, int | None]:
    """The smallest and largest value the column takes (from the field's validators)."""
    low = high = None
    for validator in Company._meta.get_field(model_field).validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


def check_text(text: str, *, fname: str, limit: int | None) -> str:
    if _CONTROL.search(text):
        raise RowError(
            _("contains a control character (such as a NUL byte) that cannot be stored"),
            field=fname,
        )
    if limit is not None and len(text) > limit:
        raise RowError(
            _("too long: %(n)s characters, at most %(max)s allowed")
            % {"n": len(text), "max": limit},
            field=fname,
        )
    return text


def _number(text: str) -> float:
    text = text.strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return float(text)


# ---------------------------------------------------------------------------------------- parsers


def text(fname: str, model_field: str | None = None) -> Parser:
    """A text field limited like `Company.<model_field>` (no limit for text columns)."""
    limit = max_length(model_field or fname)

    def parse(value: str, ctx: RowContext) -> str:
        return check_text(value, fname=fname, limit=limit)

    parse.__name__ = f"parse_{fname}"
    return parse


def parse_public_id(value: str, ctx: RowContext) -> str:
    return check_text(value, fname="public_id", limit=64).lower()


def parse_postcode(value: str, ctx: RowContext) -> str:
    if not _POSTCODE.match(value):
        raise RowError(
            _("malformed postcode “%(v)s” (five digits expected)") % {"v": value}, field="postcode"
        )
    return value


def parse_district(value: str, ctx: RowContext) -> int:
    """A district stated for the company: places it by its zone when it has no coordinates."""
    found = ctx.districts.get(value.strip().casefold(), [])
    if not found:
        raise RowError(
            _("no district with the number or name “%(v)s”") % {"v": value}, field="district"
        )
    if len(found) > 1:
        raise RowError(
            _("“%(v)s” names several districts; use the district's number") % {"v": value},
            field="district",
        )
    return found[0]


def parse_coordinate(value: str, ctx: RowContext) -> float:
    try:
        number = _number(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise RowError(_not_numbers(ctx.raw), field=COORDINATES)
    return number


def _not_numbers(raw: dict[str, str]) -> str:
    return _("coordinates are not numbers: “%(x)s”, “%(y)s”") % {
        "x": raw.get("x", ""),
        "y": raw.get("y", ""),
    }


def _wz_pk(code: str, ctx: RowContext) -> int | None:
    if code not in ctx.wz_cache:
        dotted = normalise_wz_code(ctx.wz_values.get(code.casefold(), code))
        ctx.wz_cache[code] = ctx.wz.get(dotted) if dotted else None
    return ctx.wz_cache[code]


def _unknown_wz(codes: list[str], fname: str) -> RowError:
    return RowError(_("unknown WZ code “%(code)s”") % {"code": "”, “".join(codes)}, field=fname)


def parse_main_wz(value: str, ctx: RowContext) -> int:
    pk = _wz_pk(value, ctx)
    if pk is None:
        raise _unknown_wz([value], "main_wz")
    return pk


def parse_secondary_wz(value: str, ctx: RowContext) -> list[int]:
    codes = [c for c in SPLIT.split(value) if c]
    unknown = [c for c in codes if _wz_pk(c, ctx) is None]
    if unknown:
        raise _unknown_wz(unknown, "secondary_wz")
    return sorted({_wz_pk(c, ctx) for c in codes})


def parse_employees(value: str, ctx: RowContext) -> int:
    low, high = integer_range("employees")
    try:
        n = _number(value)
    except ValueError:
        n = math.nan
    if not math.isfinite(n) or not n.is_integer() or n < (low or 0) or (high and n > high):
        raise RowError(_("not a whole number: “%(v)s”") % {"v": value}, field="employees")
    return int(n)


def parse_size_class(value: str, ctx: RowContext) -> str:
    size = _SIZE_WORDS.get(value.casefold())
    if not size:
        raise RowError(_("unknown size class “%(v)s”") % {"v": value}, field="size_class")
    return size


def parse_founding_year(value: str, ctx: RowContext) -> int:
    try:
        n = _number(value)
    except ValueError:
        n = math.nan
    if not math.isfinite(n) or not 1000 <= int(n) <= ctx.this_year:
        raise RowError(_("not a year: “%(v)s”") % {"v": value}, field="founding_year")
    return int(n)


def parse_website(value: str, ctx: RowContext) -> str:
    website = value if "://" in value else "https://" + value
    check_text(website, fname="website", limit=max_length("website"))
    try:
        _url(website)
    except ValidationError:
        raise RowError(_("not a web address: “%(v)s”") % {"v": website}, field="website") from None
    return website


def parse_tags(value: str, ctx: RowContext) -> list[str]:
    limit = max_length("name", Tag)
    tags = sorted({t for t in SPLIT.split(value) if t})
    for tag in tags:
        check_text(tag, fname="tags", limit=None)
        if len(tag) > limit:
            raise RowError(
                _("the tag “%(tag)s…” is %(n)s characters long, at most %(max)s allowed")
                % {"tag": tag[:30], "n": len(tag), "max": limit},
                field="tags",
            )
    return tags


PARSERS: dict[str, Parser] = {
    "name": text("name"),
    "trading_name": text("trading_name"),
    "legal_form": text("legal_form"),
    "register_court": text("register_court"),
    "register_number": text("register_number"),
    "public_id": parse_public_id,
    "external_id": text("external_id"),
    "street": text("street"),
    "house_number": text("house_number", "street"),
    "postcode": parse_postcode,
    "city": text("city"),
    "district": parse_district,
    "x": parse_coordinate,
    "y": parse_coordinate,
    "main_wz": parse_main_wz,
    "secondary_wz": parse_secondary_wz,
    "employees": parse_employees,
    "size_class": parse_size_class,
    "founding_year": parse_founding_year,
    "website": parse_website,
    "competences": text("competences"),
    "offers": text("offers"),
    "tags": parse_tags,
}
EMPTY: dict[str, object] = dict.fromkeys(FIELD_NAMES, "") | {
    "x": None, "y": None, "district": None, "main_wz": None, "secondary_wz": [], "employees": None,
    "founding_year": None, "tags": [],
}  # fmt: skip


# ---------------------------------------------------------------------------------------- a row


def parse_row(record: dict[str, str], ctx: RowContext) -> tuple[dict, list[RowError]]:
    """Every field of one row parsed by its parser; the errors, one per field at most."""
    ctx.raw = record
    parsed = dict(EMPTY)
    errors: list[RowError] = []
    for fname, value in record.items():
        if not value:
            continue
        try:
            parsed[fname] = PARSERS[fname](value, ctx)
        except RowError as exc:
            if not any(e.field == exc.field and e.reason == exc.reason for e in errors):
                errors.append(exc)
    return parsed, errors


def assemble(parsed: dict, record: dict[str, str], errors: list[RowError], *, source: str) -> dict:
    """The values to store for a row, from its parsed fields; adds the checks that need two fields."""
    values = {
        f: parsed[f]
        for f in ("name", "trading_name", "legal_form", "register_court", "city", "competences",
                  "offers", "register_number", "external_id", "postcode", "website", "tags",
                  "founding_year", "employees")
    }  # fmt: skip
    values["source"] = source
    if not values["name"] and not any(e.field == "name" for e in errors):
        errors.append(RowError(_("the legal name is missing"), field="name"))
    street = parsed["street"]
    if house := parsed["house_number"]:
        street = f"{street} {house}".strip()
        if not errors_for(errors, "street", "house_number"):
            try:
                check_text(street, fname="street", limit=max_length("street"))
            except RowError as exc:
                errors.append(exc)
    values["street"] = street
    values["main_wz_id"] = parsed["main_wz"]
    values["secondary_wz"] = sorted(set(parsed["secondary_wz"]) - {parsed["main_wz"]})
    values["size_class"] = size_class_for(parsed["employees"]) or parsed["size_class"]
    x, y = parsed["x"], parsed["y"]
    if (record.get("x") or record.get("y")) and (x is None or y is None):
        if not errors_for(errors, COORDINATES):
            errors.append(RowError(_not_numbers(record), field=COORDINATES))
        x = y = None
    values["x"], values["y"] = x, y
    values["public_id"] = parsed["public_id"]
    values["district_id"] = parsed["district"]
    return values


def errors_for(errors: list[RowError], *fields: str) -> bool:
    return any(e.field in fields for e in errors)
