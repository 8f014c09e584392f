"""CSV and XLSX export of the ranking, through the project's one exporter (`verbund.core.exports`):
formula-injection guard, XLSX text cells as strings, booleans as yes/no."""

from django.http import HttpResponse

from verbund.competitions.interfaces.tables import EXPORT_COLUMNS
from verbund.core.exports import export_response


def ranking_export_response(records: list[dict], *, fmt: str, filename: str) -> HttpResponse:
    return export_response(
        header=[str(label) for _key, label in EXPORT_COLUMNS],
        rows=([r[key] for key, _label in EXPORT_COLUMNS] for r in records),
        fmt=fmt,
        filename=filename,
        sheet="Ranking",
    )
