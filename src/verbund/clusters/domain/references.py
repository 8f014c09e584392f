"""Imported reference totals (e.g. national employment by WZ division) for the location quotient."""

from django.db import transaction

from verbund.clusters.models import ReferenceTotals


@transaction.atomic
def import_reference_totals(
    *, name: str, rows: dict[str, float], user, source: str = ""
) -> ReferenceTotals:
    """Store totals by WZ code; codes are kept as written (the analysis normalises them)."""
    return ReferenceTotals.objects.create(
        name=name, source=source, rows={str(k): float(v) for k, v in rows.items()}, created_by=user
    )
