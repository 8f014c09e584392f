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
from django.utils.translation import get_language, get_language_from_path
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


def _language_of(request: HttpRequest) -> str:
    """The page's language as its URL says it (no prefix: the default language)."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _key(request: HttpRequest) -> str:
    return f"page:{data_version()}:{_language_of(request)}:{request.get_full_path()}"


def _may_serve_cached(request: HttpRequest) -> bool:
    """GET or HEAD with nothing of a visitor's own: no API token, no pending messages."""
    return (
        settings.VERBUND_CACHE_PUBLIC_PAGES
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and "messages" not in request.COOKIES
    )


def _from_cache(request: HttpRequest) -> HttpResponse | None:
    stored = cache.get(_key(request))
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content, headers=headers)
    response["X-Verbund-Cache"] = "hit"
    return response


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer carries something of this visitor's: a cookie (CSRF, session), or a
    CSRF token in the page (the middleware sets its cookie only on the way out)."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's answer to anonymous visitors from the cache while the data are unchanged.

    The view marks a fresh answer as storable; `PublicPageCacheMiddleware` stores it as it leaves
    the middleware stack (with every header, and only if no cookie was set on the way) and answers
    later visitors without a session before the rest of the stack runs. Anonymous visitors with a
    session are answered here. Signed-in users always get a fresh page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _may_serve_cached(request) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if (hit := _from_cache(request)) is not None:
            return hit
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        same_language = (get_language() or settings.LANGUAGE_CODE) == _language_of(request)
        storable = response.status_code == 200 and not response.streaming and same_language
        if storable and not _personal(request, response):
            response.verbund_page_key = _key(request)
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Answers visitors without a session from the public-page cache before sessions, language,
    CSRF and authentication run, and stores what `public_page` marked (see there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sessionless = settings.SESSION_COOKIE_NAME not in request.COOKIES
        hit = _from_cache(request) if sessionless and _may_serve_cached(request) else None
        if hit is not None:
            hit["Content-Language"] = _language_of(request)
            return hit
        response = self.get_response(request)
        key = getattr(response, "verbund_page_key", None)
        if key and not _personal(request, response):
            headers = {k: v for k, v in response.items() if k.lower() != "x-verbund-cache"}
            cache.set(key, (response.content, headers), PAGE_SECONDS)
        return response
