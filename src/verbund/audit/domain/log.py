"""The global audit log: every history record of every model with history, plus the access log
(sign-ins, exports, downloads, anonymisations), as one list newest first.

Built as one SQL UNION ALL over the historical tables and `core_accesslog` (each part reduced to the
same columns), so that filtering, counting and paging happen in the database: a page costs one count,
one page query, one query per kind of object on the page for the labels and one for the users,
however large the history grows. Read-only: nothing here writes.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    F,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone

from verbund.core.models import AccessLog, User

HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ACCESS = "access"  # the pseudo-source of the access log in filters and rows
COLUMNS = ("e_when", "e_hid", "e_source", "e_action", "e_user", "e_object", "e_detail", "e_path")


@cache
def tracked_models() -> dict[str, type]:
    """ "app_label.model_name" → model, for every model with django-simple-history records."""
    found = {}
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            found[model._meta.label_lower] = model
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class LogFilter:
    """What the office or auditor narrowed the log to (all optional)."""

    username: str = ""
    app: str = ""
    model: str = ""  # "app_label.model_name"
    action: str = ""  # "created", "changed", "deleted" or an AccessKind value
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    object_id: int | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _user_ids(username: str) -> QuerySet:
    return User.objects.filter(username__icontains=username).values("pk")


def _history_part(key: str, model, flt: LogFilter) -> QuerySet:
    qs = model.history.all()
    if flt.action:
        codes = [code for code, name in HISTORY_ACTIONS.items() if name == flt.action]
        qs = qs.filter(history_type__in=codes)
    if flt.username:
        qs = qs.filter(history_user_id__in=_user_ids(flt.username))
    if flt.date_from:
        qs = qs.filter(history_date__gte=_day_start(flt.date_from))
    if flt.date_to:
        qs = qs.filter(history_date__lt=_day_start(flt.date_to + dt.timedelta(days=1)))
    if flt.object_id is not None:
        qs = qs.filter(id=flt.object_id)
    return (
        qs.annotate(
            e_when=F("history_date"),
            e_hid=Cast("history_id", BigIntegerField()),
            e_source=Value(key, output_field=CharField()),
            e_action=Cast("history_type", CharField()),
            e_user=Cast("history_user_id", BigIntegerField()),
            e_object=Cast("id", BigIntegerField()),
            e_detail=Cast("history_change_reason", TextField()),
            e_path=Value("", output_field=CharField()),
        )
        .order_by()
        .values(*COLUMNS)
    )


def _access_part(flt: LogFilter) -> QuerySet:
    qs = AccessLog.objects.all()
    if flt.action:
        qs = qs.filter(kind=flt.action)
    if flt.username:
        qs = qs.filter(username__icontains=flt.username)
    if flt.date_from:
        qs = qs.filter(at__gte=_day_start(flt.date_from))
    if flt.date_to:
        qs = qs.filter(at__lt=_day_start(flt.date_to + dt.timedelta(days=1)))
    return (
        qs.annotate(
            e_when=Cast("at", DateTimeField()),
            e_hid=Cast("id", BigIntegerField()),
            e_source=Value(ACCESS, output_field=CharField()),
            e_action=Cast("kind", CharField()),
            e_user=Cast("user_id", BigIntegerField()),
            e_object=Value(None, output_field=BigIntegerField()),
            e_detail=Cast("detail", TextField()),
            e_path=Cast("path", CharField()),
        )
        .order_by()
        .values(*COLUMNS)
    )


def _sources(flt: LogFilter) -> tuple[list[str], bool]:
    """The history models to include and whether the access log is included."""
    models = list(tracked_models())
    if flt.model:
        models = [m for m in models if m == flt.model]
    if flt.app and flt.app != ACCESS:
        models = [m for m in models if m.split(".")[0] == flt.app]
    with_access = not flt.model and flt.object_id is None and flt.app in ("", ACCESS)
    if flt.app == ACCESS:
        models = []
    if flt.action in HISTORY_ACTIONS.values():
        with_access = False
    elif flt.action:
        models = []
    return models, with_access


def log_entries(flt: LogFilter) -> QuerySet:
    """The filtered log as dict rows (COLUMNS), newest first; slice it to page."""
    keys, with_access = _sources(flt)
    models = tracked_models()
    parts = [_history_part(key, models[key], flt) for key in keys]
    if with_access:
        parts.append(_access_part(flt))
    if not parts:
        return AccessLog.objects.none().annotate(e_when=F("at")).values("e_when")
    first, rest = parts[0], parts[1:]
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-e_when", "-e_hid")


@dataclass(frozen=True)
class LogRow:
    when: dt.datetime
    user: str
    action: str  # "created", "changed", "deleted" or an AccessKind value
    source: str  # "app_label.model_name" or ACCESS
    model_label: str
    object_id: int | None
    object_label: str
    detail: str
    path: str

    @property
    def app(self) -> str:
        return self.source.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.source.partition(".")[2]


def _related_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def _labels(rows: list[dict]) -> dict[tuple[str, int], str]:
    """Labels of the objects on a page: one query per kind of object (current objects with their
    direct relations; an object deleted since keeps its last recorded state as label)."""
    models = tracked_models()
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row["e_source"] != ACCESS and row["e_object"] is not None:
            wanted.setdefault(row["e_source"], set()).add(row["e_object"])
    labels: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        model = models[key]
        related = _related_names(model)
        manager = model._base_manager
        found = (manager.select_related(*related) if related else manager).in_bulk(list(ids))
        for pk, obj in found.items():
            labels[key, pk] = _safe_str(obj)
        gone = ids - set(found)
        if gone:
            for record in model.history.filter(id__in=gone, history_type="-"):
                labels[key, record.id] = _safe_str(record.instance)
    return labels


def _safe_str(obj) -> str:
    try:
        return str(obj)[:200]
    except Exception:  # an object whose related rows are gone still gets a line
        return f"#{obj.pk}"


def rows_of(entries: list[dict]) -> list[LogRow]:
    """Readable rows for one page (or one export chunk) of `log_entries`."""
    entries = list(entries)
    models = tracked_models()
    labels = _labels(entries)
    users = User.objects.in_bulk({e["e_user"] for e in entries if e["e_user"] is not None})
    rows = []
    for e in entries:
        source = e["e_source"]
        if source == ACCESS:
            action, model_label = e["e_action"], str(AccessLog._meta.verbose_name)
        else:
            action = HISTORY_ACTIONS.get(e["e_action"], e["e_action"])
            model_label = str(models[source]._meta.verbose_name)
        user = users.get(e["e_user"])
        rows.append(
            LogRow(
                when=e["e_when"],
                user=str(user.get_username()) if user else "",
                action=action,
                source=source,
                model_label=model_label,
                object_id=e["e_object"],
                object_label=labels.get((source, e["e_object"]), ""),
                detail=e["e_detail"] or "",
                path=e["e_path"] or "",
            )
        )
    return rows


def all_rows(flt: LogFilter, *, limit: int, chunk: int = 1000):
    """Every row of the filtered log (at most `limit`), loaded in chunks, for the export."""
    entries = log_entries(flt)
    for start in range(0, limit, chunk):
        part = list(entries[start : min(start + chunk, limit)])
        yield from rows_of(part)
        if len(part) < chunk:
            return
