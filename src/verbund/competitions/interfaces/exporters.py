"""CSV and XLSX export of the ranking (hand-written: two small writers; tablib is not a dependency)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from verbund.competitions.interfaces.tables import EXPORT_COLUMNS


def _cell(value):
    if isinstance(value, bool):
        return "x" if value else ""
    return "" if value is None else value


def ranking_csv(records: list[dict], *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(label) for _key, label in EXPORT_COLUMNS])
    for r in records:
        writer.writerow([_cell(r[key]) for key, _label in EXPORT_COLUMNS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def ranking_xlsx(records: list[dict], *, filename: str) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ranking"
    ws.append([str(label) for _key, label in EXPORT_COLUMNS])
    for r in records:
        ws.append(
            [
                _cell(r[key]) if not hasattr(r[key], "as_tuple") else float(r[key])
                for key, _l in EXPORT_COLUMNS
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
