"""Change history of any model registered with django-simple-history, as readable entries.

One generic view serves every app, so that each model only needs `history = HistoricalRecords()`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.http import Http404


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    user: str
    action: str
    changes: list[FieldChange]
    reason: str


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_model(app_label: str, model_name: str):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not hasattr(model, "history"):
        raise Http404
    return model


def _label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        return field_name


def history_entries(model, pk) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that changed against the previous version."""
    records = list(
        model.history.filter(id=pk).select_related("history_user").order_by("history_date")
    )
    entries = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [FieldChange(_label(model, c.field), c.old, c.new) for c in delta.changes]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=str(record.history_user) if record.history_user else "—",
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    entries.reverse()
    return entries
