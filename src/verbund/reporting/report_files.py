"""The programme report's files: XLSX (openpyxl, one sheet per part) and PDF (WeasyPrint).

Both are written from `domain.reports.report_data` in the active language. Cells go through
`core.exports.cell` (text guarded against formula injection, numbers and dates typed); the
payments sheet ends with a total row per funding source. This module sits beside `tasks.py`, outside
the layers: the background task renders with it, and the domain that enqueues the task must not
reach into `interfaces`.
"""

import io

from django.utils.translation import gettext as _

from verbund.core.exports import cell
from verbund.core.pdf import render_pdf


def sheet_names() -> dict[str, str]:
    return {
        "indicators": _("Indicators"),
        "contracts": _("Contracts"),
        "payments": _("Payments"),
        "milestones": _("Milestones"),
        "networks": _("Networks"),
    }


def _sheet(book, title: str, header: list, rows: list[list]):
    from openpyxl.styles import Font

    ws = book.create_sheet(title=title[:31])
    ws.append([str(h) for h in header])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append([cell(v) for v in row])
    for column in ws.columns:
        width = max((len(str(c.value or "")) for c in column), default=8)
        ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    return ws


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def report_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    names = sheet_names()
    book = Workbook()
    book.remove(book.active)
    indicator_rows = [
        [i["scope"], i["code"], i["name"], i["unit"], i["baseline"], i["target"], i["value"],
         ", ".join(f"{k}: {v}" for k, v in i["breakdown"].items()), i["definition"]]
        for i in data["indicators"]
    ]  # fmt: skip
    for code, common in data["common"].items():
        indicator_rows.append(
            [data["programme"], code.upper(), _("programme total (each enterprise once)"), "", "",
             "", common["value"], ", ".join(f"{k}: {v}" for k, v in common["breakdown"].items()), ""]
        )  # fmt: skip
    _sheet(
        book, names["indicators"],
        [_("Scope"), _("Code"), _("Name"), _("Unit"), _("Baseline"), _("Target"), _("Value"),
         _("By size class"), _("Definition")],
        indicator_rows,
    )  # fmt: skip
    _sheet(
        book, names["contracts"],
        [_("Contract"), _("Network"), _("Carrier"), _("Award date"), _("End of term"), _("Volume (EUR)")],
        [[c["number"], c["network"], c["carrier"], c["award_date"], c["end_date"], c["volume"]]
         for c in data["contracts"]] + [[_("Total"), "", "", "", "", data["contracts_volume"]]],
    )  # fmt: skip
    sources = data["sources"]
    payment_rows = [
        [p["date"], p["contract"], p["network"], p["milestone"], p["kind"], p["amount"],
         *[p["parts"].get(s) for s in sources]]
        for p in data["payments"]
    ]  # fmt: skip
    payment_rows.append(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            data["payments_total"],
            *[a for _s, a in data["payments_by_source"]],
        ]
    )
    _sheet(
        book, names["payments"],
        [_("Confirmed on"), _("Contract"), _("Network"), _("Milestone"), _("Kind"), _("Amount (EUR)"),
         *[_("of which %(source)s (EUR)") % {"source": s} for s in sources]],
        payment_rows,
    )  # fmt: skip
    _sheet(
        book, names["milestones"],
        [_("Contract"), _("Network"), _("Milestone"), _("Due"), _("Lump sum (EUR)"), _("State"),
         _("Due in the period"), _("Accepted on"), _("Overdue at the period's end")],
        [[m["contract"], m["network"], m["title"], m["due_date"], m["lump_sum"], m["state"],
          _yes(m["due_in_period"]), m["accepted_on"], _yes(m["overdue"])] for m in data["milestones"]],
    )  # fmt: skip
    _sheet(
        book, names["networks"],
        [_("Network"), _("Carrier"), _("Phase"), _("Members"), _("Active members"), _("Health"),
         _("Catalogue progress (%)"), _("Measures completed"), _("Results in the period")],
        [[n["name"], n["carrier"], n["phase"], n["members"], n["active"], n["light"],
          round(n["catalogue_progress"], 1) if n["catalogue_progress"] is not None else None,
          f"{n['measures_completed']} / {n['measures']}",
          "\n".join(f"{r['date'].isoformat()}: {r['text']}" for r in n["results"])]
         for n in data["networks"]],
    )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(data: dict) -> bytes:
    return render_pdf("reporting/report_pdf.html", {"data": data})
