"""Change history of any model registered with django-simple-history, as readable entries.

One generic view serves every app, so that each model only needs `history = HistoricalRecords()`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.http import Http404
from simple_history.utils import get_m2m_reverse_field_name


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
    records = model.history.filter(id=pk).select_related("history_user").order_by("history_date")
    return entries_from_records(model, records)


def entries_from_records(model, records: Iterable) -> list[HistoryEntry]:
    """Entries of one object from its historical records given oldest first (loaded by the caller,
    so that pages showing many objects load all records at once)."""
    records = list(records)
    m2m = [f.name for f in records[0]._history_m2m_fields] if records else []
    rows = _m2m_rows(records) if m2m else {}
    entries = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=m2m)
            changes = [FieldChange(_label(model, c.field), c.old, c.new) for c in delta.changes]
            for name in m2m:
                old = rows.get((name, previous.history_id), [])
                new = rows.get((name, record.history_id), [])
                if old != new:
                    changes.append(FieldChange(_label(model, name), old, new))
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


def _m2m_rows(records: list) -> dict[tuple[str, int], list[dict]]:
    """The many-to-many rows of all records, one query per field (diff_against would ask twice per
    record); each list as diff_against builds it: the through fields, sorted by the related object.
    """
    out: dict[tuple[str, int], list[dict]] = {}
    for field in records[0]._history_m2m_fields:
        through = getattr(records[0], field.name).model
        names = [
            f.name
            for f in through._meta.fields
            if f.editable and f.name not in ("id", "m2m_history_id", "history")
        ]
        reverse = get_m2m_reverse_field_name(field)
        found = (
            through.objects.filter(history_id__in=[r.history_id for r in records])
            .order_by("history_id", reverse)
            .values("history_id", *names)
        )
        for row in found:
            out.setdefault((field.name, row.pop("history_id")), []).append(row)
    return out


@dataclass(frozen=True)
class RecentChange:
    when: datetime
    user: str
    action: str
    model_label: str
    object_label: str
    app_label: str
    model_name: str
    pk: int


def recent_changes(limit: int = 10) -> list[RecentChange]:
    """The newest history rows across every model with history (one query per model; only the
    `limit` newest are turned into labels)."""
    from django.utils.translation import gettext as _

    action_labels = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    found = []
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model"):
            continue
        for record in history.select_related("history_user").order_by("-history_date")[:limit]:
            found.append((record.history_date, model, record))
    found.sort(key=lambda item: item[0], reverse=True)
    changes = []
    for when, model, record in found[:limit]:
        try:
            label = str(record.instance)
        except Exception:  # an object whose related rows are gone still gets a line
            label = f"#{record.id}"
        changes.append(
            RecentChange(
                when=when,
                user=str(record.history_user) if record.history_user else "—",
                action=action_labels.get(record.history_type, record.history_type),
                model_label=str(model._meta.verbose_name),
                object_label=label[:120],
                app_label=model._meta.app_label,
                model_name=model._meta.model_name,
                pk=record.id,
            )
        )
    return changes
