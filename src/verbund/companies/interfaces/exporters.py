"""CSV and XLSX export of a (filtered) company queryset; the columns re-import unchanged."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from verbund.companies.models import Company

COLUMNS = [
    ("public_id", "public id"), ("name", "name"), ("trading_name", "trading name"),
    ("legal_form", "legal form"), ("register_court", "register court"),
    ("register_number", "register number"), ("street", "street"), ("postcode", "postcode"),
    ("city", "city"), ("lon", "lon"), ("lat", "lat"), ("main_wz", "wz"),
    ("secondary_wz", "secondary wz"), ("employees", "employees"), ("size_class", "size class"),
    ("founding_year", "founding year"), ("website", "website"), ("district", "district"),
    ("in_programme_area", "in programme area"), ("tags", "tags"), ("competences", "competences"),
    ("offers", "offers"), ("source", "source"), ("updated_at", "last update"),
]  # fmt: skip


def export_rows(queryset) -> Iterator[list]:
    """Header, then one row per company (contacts are personal data and never exported)."""
    yield [header for _f, header in COLUMNS]
    qs = queryset.select_related("main_wz", "district").prefetch_related("tags", "secondary_wz")
    for c in qs.iterator(chunk_size=2000):
        yield [
            str(c.public_id), c.name, c.trading_name, c.legal_form, c.register_court,
            c.register_number, c.street, c.postcode, c.city, c.lon, c.lat,
            c.main_wz.code if c.main_wz else "", ", ".join(w.code for w in c.secondary_wz.all()),
            c.employees, c.size_class, c.founding_year, c.website,
            str(c.district) if c.district else "", _("yes") if c.in_programme_area else _("no"),
            ", ".join(t.name for t in c.tags.all()), c.competences, c.offers, c.source,
            c.updated_at.replace(tzinfo=None, microsecond=0),
        ]  # fmt: skip


def to_csv(queryset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in export_rows(queryset):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(queryset) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(Company._meta.verbose_name_plural)[:31])
    for row in export_rows(queryset):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
