"""The postcode ↔ district table of a programme area, imported from a CSV or XLSX file.

Companies without a point are placed by their postcode's zone (domain/placement.py). The file has
a postcode column and a district column (the district's number or name, as imported with the
district layer); one row per postcode and district, a postcode may cover several districts.
The import is all or nothing: every problem is reported with its row, field and reason, and the
area's table is replaced only when the whole file is good.
"""

import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from verbund.companies.domain.import_reading import open_table
from verbund.companies.models import Area, District, PostcodeDistrict
from verbund.core.errors import DomainError
from verbund.core.uploads import validate_upload

POSTCODE = re.compile(r"^\d{5}$")
POSTCODE_COLUMNS = ("postcode", "plz", "postleitzahl", "zip")
DISTRICT_COLUMNS = ("district", "ortsteil", "stadtteil", "bezirk", "district number", "nummer")
MAX_PROBLEMS = 200


class PostcodeImportError(DomainError):
    """The file was refused; `problems` lists every row's problem (nothing was written)."""

    def __init__(self, reason: str, *, problems: list[DomainError] | None = None, **kwargs):
        self.problems = problems or []
        super().__init__(reason, **kwargs)


@dataclass
class PostcodeImportResult:
    rows: int = 0
    postcodes: int = 0
    replaced: int = 0
    districts: set[int] = field(default_factory=set)


def _column(columns: list[str], names: tuple[str, ...], label: str) -> int:
    folded = [c.strip().casefold() for c in columns]
    for name in names:
        if name in folded:
            return folded.index(name)
    raise PostcodeImportError(
        _("The file has no %(label)s column (expected one of: %(names)s).")
        % {"label": label, "names": ", ".join(names)},
        field="file",
    )


def district_lookup() -> dict[str, list[int]]:
    """Number and name (case-folded) -> district ids."""
    out: dict[str, list[int]] = {}
    for pk, number, name in District.objects.values_list("id", "number", "name"):
        for key in {number.strip().casefold(), name.strip().casefold(), str(pk)} - {""}:
            out.setdefault(key, []).append(pk)
    return out


def read_postcode_rows(data: bytes, file_name: str) -> list[tuple[str, int]]:
    """(postcode, district id) per row; raises `PostcodeImportError` with every problem."""
    table = open_table(io.BytesIO(data), file_name)
    postcode_at = _column(table.columns, POSTCODE_COLUMNS, _("postcode"))
    district_at = _column(table.columns, DISTRICT_COLUMNS, _("district"))
    lookup = district_lookup()
    rows: list[tuple[str, int]] = []
    problems: list[DomainError] = []
    for number, cells in enumerate(table.rows, start=2):  # row 1 is the header
        if not any((c or "").strip() for c in cells):
            continue
        postcode = (cells[postcode_at] if postcode_at < len(cells) else "").strip()
        district = (cells[district_at] if district_at < len(cells) else "").strip()
        if not POSTCODE.match(postcode):
            problems.append(
                DomainError(
                    _("“%(v)s” is not a postcode (five digits expected)") % {"v": postcode},
                    row=number,
                    field="postcode",
                )
            )
        found = lookup.get(district.casefold(), []) if district else []
        if not district:
            problems.append(DomainError(_("no district given"), row=number, field="district"))
        elif not found:
            problems.append(
                DomainError(
                    _("no district with the number or name “%(v)s”") % {"v": district},
                    row=number,
                    field="district",
                )
            )
        elif len(found) > 1:
            problems.append(
                DomainError(
                    _("“%(v)s” names several districts; use the district's number")
                    % {"v": district},
                    row=number,
                    field="district",
                )
            )
        elif POSTCODE.match(postcode):
            rows.append((postcode, found[0]))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise PostcodeImportError(
            _("The file was not imported: %(n)s rows have problems.") % {"n": len(problems)},
            problems=problems, field="file",
        )  # fmt: skip
    if not rows:
        raise PostcodeImportError(_("The file has no rows."), field="file")
    return rows


@transaction.atomic
def import_postcode_districts(
    *, area: Area, data: bytes, file_name: str, user=None
) -> PostcodeImportResult:
    """Replace the area's postcode ↔ district table with the file's rows (all or nothing), then
    place the companies again in the background."""
    from verbund.companies.domain.districts import schedule_placement

    validate_upload_bytes(data, file_name)
    area = Area.objects.select_for_update().get(pk=area.pk)
    rows = sorted(set(read_postcode_rows(data, file_name)))
    replaced, _detail = PostcodeDistrict.objects.filter(area=area).delete()
    PostcodeDistrict.objects.bulk_create(
        [PostcodeDistrict(area=area, postcode=p, district_id=d) for p, d in rows]
    )
    schedule_placement()
    return PostcodeImportResult(
        rows=len(rows), postcodes=len({p for p, _d in rows}), replaced=replaced,
        districts={d for _p, d in rows},
    )  # fmt: skip


def validate_upload_bytes(data: bytes, file_name: str) -> None:
    """Type and size of the file by its first bytes (the shared upload check)."""
    from django.core.files.base import ContentFile

    validate_upload(ContentFile(data, name=file_name), kinds={"csv", "xlsx"}, field="file")


def postcode_table(area: Area) -> list[PostcodeDistrict]:
    return list(PostcodeDistrict.objects.filter(area=area).select_related("district"))
