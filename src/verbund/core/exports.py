"""The one way to export a table: CSV (UTF-8 with BOM, semicolons: opens in German Excel with
umlauts intact) or XLSX (openpyxl), with every text cell guarded against formula injection.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in a
spreadsheet; it gets a leading apostrophe (OWASP's advice), and XLSX text cells are written as strings,
never as formulas. Numbers, Decimals and dates stay typed. Booleans are "yes"/"no" in the UI language.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value):
    """An export cell: text guarded, booleans spelled out, numbers and dates kept as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):  # the local time the pages show; spreadsheets have no zones
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return value
    return safe_text(str(value))


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], *, sheet: str = "Export") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=_sheet_title(sheet))

    def typed(value):
        value = cell(value)
        if isinstance(value, str):
            out = WriteOnlyCell(ws, value=value)
            out.data_type = "s"
            return out
        return value  # openpyxl writes Decimal as a number

    ws.append([typed(str(h)) for h in header])
    for row in rows:
        ws.append([typed(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Export"


def export_response(
    *, header: Sequence, rows: Iterable[Sequence], fmt: str, filename: str, sheet: str = "Export"
) -> HttpResponse:
    """An attachment response in `fmt` ("csv" or "xlsx"); `filename` without extension.

    Inside a request the export is recorded in the access log (who exported which file with how many
    rows), so that exports of personal data can be audited without every caller doing it."""
    counted = _Counted(rows)
    rows = counted
    if fmt == "csv":
        body, content_type = csv_bytes(header, rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = xlsx_bytes(header, rows, sheet=sheet), XLSX_TYPE
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response = HttpResponse(body, content_type=content_type)
    # RFC 6266/5987: a title with quotes or a dash stays one intact file name in every browser
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    _record_export(f"{filename}.{fmt}", counted.count)
    response.access_recorded = True  # the download log (audit) does not record it a second time
    return response


class _Counted:
    """Iterates the rows once and counts them for the access log."""

    def __init__(self, rows: Iterable[Sequence]):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def current_request():
    """The request being served in this thread (simple-history's middleware holds it), or None."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    while request is not None and not hasattr(request, "META"):  # core.audit.acting_user's stand-in
        request = getattr(request, "request", None)
    return request


def _record_export(name: str, rows: int) -> None:
    from verbund.core.models import AccessKind, record_access

    request = current_request()
    if request is not None:
        record_access(kind=AccessKind.EXPORT, request=request, detail=f"{name} ({rows} rows)")
