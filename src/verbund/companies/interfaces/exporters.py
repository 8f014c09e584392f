"""CSV and XLSX export of a (filtered) company queryset; the columns re-import unchanged."""

from collections.abc import Iterator

from django.http import HttpResponse

from verbund.companies.models import Company
from verbund.core.exports import FORMATS, export_response

__all__ = ["FORMATS", "HEADER", "export_companies", "export_rows"]

COLUMNS = [
    ("public_id", "public id"), ("name", "name"), ("trading_name", "trading name"),
    ("legal_form", "legal form"), ("register_court", "register court"),
    ("register_number", "register number"), ("street", "street"), ("postcode", "postcode"),
    ("city", "city"), ("lon", "lon"), ("lat", "lat"), ("main_wz", "wz"),
    ("secondary_wz", "secondary wz"), ("employees", "employees"), ("size_class", "size class"),
    ("founding_year", "founding year"), ("website", "website"), ("district", "district"),
    ("placement", "programme area"), ("placement_precision", "placed by"), ("tags", "tags"), ("competences", "competences"),
    ("offers", "offers"), ("source", "source"), ("updated_at", "last update"),
]  # fmt: skip


HEADER = [header for _f, header in COLUMNS]


def export_rows(queryset) -> Iterator[list]:
    """One row per company (contacts are personal data and never exported); cells are guarded and
    typed by `verbund.core.exports`."""
    qs = queryset.select_related("main_wz", "district").prefetch_related("tags", "secondary_wz")
    for c in qs.iterator(chunk_size=2000):
        yield [
            str(c.public_id), c.name, c.trading_name, c.legal_form, c.register_court,
            c.register_number, c.street, c.postcode, c.city, c.lon, c.lat,
            c.main_wz.code if c.main_wz else "", ", ".join(w.code for w in c.secondary_wz.all()),
            c.employees, c.size_class, c.founding_year, c.website,
            str(c.district) if c.district else "", c.get_placement_display(),
            c.get_placement_precision_display(),
            ", ".join(t.name for t in c.tags.all()), c.competences, c.offers, c.source,
            c.updated_at,
        ]  # fmt: skip


def export_companies(queryset, *, fmt: str) -> HttpResponse:
    """The companies of `queryset` as a CSV or XLSX attachment ("companies.csv"/"companies.xlsx")."""
    return export_response(
        header=HEADER,
        rows=export_rows(queryset),
        fmt=fmt,
        filename="companies",
        sheet=str(Company._meta.verbose_name_plural),
    )
