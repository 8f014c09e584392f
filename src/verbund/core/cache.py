"""Cached public pages: what anonymous visitors see, per language, until the data change.

Invalidation needs no signal and no shared cache: the key contains a *data version*, the newest
history id of every table with django-simple-history, read in one query (each `MAX` is an index
lookup on the history table's primary key). Every save and delete writes a history row — the company
import and `bulk_create_as` write theirs too — so any change of a record that matters makes a new
key in every process at once, whether the cache is per process (memory) or shared (Redis). Derived
data written without history (placement recomputation) is covered by the entries' lifetime.

The version query costs a few milliseconds on PostgreSQL (planning ~70 sub-selects), so each
process keeps the answer for `VERBUND_DATA_VERSION_SECONDS` (1 s) and forgets it on any save or delete it makes
itself: a process sees its own writes at once, other processes within that second.

Django's `cache_page` is not used: it keys by URL and headers only and cannot see a data change.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from simple_history.models import registered_models

PAGE_SECONDS = 300
_known: tuple[float, str] | None = None
"""(when it was read, by time.monotonic(); the version) in this process."""


def _history_tables() -> list[str]:
    return sorted(
        model.history.model._meta.db_table
        for model in registered_models.values()
        if hasattr(model, "history")
    )


def data_version() -> str:
    """A value that changes whenever any record with history is saved or deleted."""
    global _known
    now = time.monotonic()
    if _known is not None and now - _known[0] < settings.VERBUND_DATA_VERSION_SECONDS:
        return _known[1]
    version = _read_version()
    _known = (now, version)
    return version


def forget_version(**_kwargs) -> None:
    """Connected to every save and delete of this process (see the module docstring)."""
    global _known
    _known = None


post_save.connect(forget_version, dispatch_uid="core-cache-version-save")
post_delete.connect(forget_version, dispatch_uid="core-cache-version-delete")
m2m_changed.connect(forget_version, dispatch_uid="core-cache-version-m2m")


def _read_version() -> str:
    tables = _history_tables()
    if not tables:
        return "0"
    quote = connection.ops.quote_name
    parts = ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # table names from the model registry, no input
        row = cursor.fetchone()
    return "-".join(str(v or 0) for v in row)


def _cacheable(request: HttpRequest) -> bool:
    """Anonymous GETs without pending messages (a message belongs to one visitor)."""
    return (
        settings.VERBUND_CACHE_PUBLIC_PAGES
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "HTTP_AUTHORIZATION" not in request.META  # an API token: not anonymous after all
        and "messages" not in request.COOKIES
    )


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer carries something of this visitor: a CSRF token (the middleware sets its
    cookie only after the view), a changed session, or a cookie of its own."""
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or response.cookies
    )


def _key(request: HttpRequest) -> str:
    return f"page:{data_version()}:{get_language() or settings.LANGUAGE_CODE}:{request.get_full_path()}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's answer to anonymous visitors from the cache while the data are unchanged.

    Only complete 200 answers that carry nothing personal are stored (see `_personal`); signed-in
    users always get a fresh page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Verbund-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            response.status_code == 200
            and not response.streaming
            and not _personal(request, response)
        ):
            headers = {k: v for k, v in response.items() if k.lower() != "x-verbund-cache"}
            cache.set(key, (response.content, headers), PAGE_SECONDS)
        return response

    return wrapper
