"""Exports of the audit app: the audit log (CSV/XLSX through `core.exports`) and the auditor's
file on a project (one XLSX workbook with a sheet per table; each cell guarded like every export)."""

import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from verbund.audit.domain.dossier import Dossier
from verbund.audit.domain.log import LogRow
from verbund.core.exports import XLSX_TYPE, cell, export_response
from verbund.core.models import AccessKind, record_access


def log_header() -> list[str]:
    return [
        _("when"), _("user"), _("action"), _("area"), _("kind of record"), _("object number"),
        _("object"), _("detail"), _("address"),
    ]  # fmt: skip


def log_cells(rows: Iterable[LogRow], action_labels: dict) -> Iterable[list]:
    for row in rows:
        yield [
            row.when, row.user, action_labels.get(row.action, row.action), row.app,
            row.model_label, row.object_id, row.object_label, row.detail, row.path,
        ]  # fmt: skip


def log_export_response(rows: Iterable[LogRow], *, fmt: str, filename: str, action_labels: dict):
    return export_response(
        header=log_header(), rows=log_cells(rows, action_labels), fmt=fmt, filename=filename,
        sheet=_("Audit log"),
    )  # fmt: skip


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def dossier_xlsx(dossier: Dossier) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for table in dossier.tables:
        ws = book.create_sheet(title=_sheet_title(table.title))

        def typed(value, ws=ws):
            value = cell(value)
            if isinstance(value, str):
                out = WriteOnlyCell(ws, value=value)
                out.data_type = "s"  # text is never a formula
                return out
            return value

        ws.append([typed(str(h)) for h in table.header])
        for row in table.rows:
            ws.append([typed(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dossier_xlsx_response(dossier: Dossier, *, request, filename: str) -> HttpResponse:
    response = HttpResponse(dossier_xlsx(dossier), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    record_access(kind=AccessKind.EXPORT, request=request, detail=filename)
    response.access_recorded = True
    return response
