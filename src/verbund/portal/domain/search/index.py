"""Keeping the search index current: after each save, and on demand after bulk writes.

- Saves of a company, its profile, a membership or a post reindex that document once the
  transaction has committed (`signals.py`).
- The register import writes through `executemany` without signals; `refresh_if_stale` compares a
  small fingerprint of what the index depends on (counts and newest changes) with the one it
  last saw and brings the index up to date incrementally when it differs: it adds and drops
  documents, and reindexes the companies changed since its last look. The search calls it, at
  most every `REFRESH_CHECK_SECONDS` per cache. A process's very first look (nothing cached yet)
  only adds and drops documents, so that starting a web process never costs a reindex; texts
  changed by a bulk write between a restart and that first look (with a per-process cache, not
  with a shared one such as Redis) need `rebuild()`.
- `rebuild()` rewrites everything (`verbund manage shell -c "..."` or after restoring a backup).

Trigram structures (by hand: modelsearch has no trigram matching on SQLite, see `matching.py`):
on SQLite an FTS5 table with the trigram tokenizer over modelsearch's index rows, kept in step by
triggers; on PostgreSQL the pg_trgm extension with GIN indexes on modelsearch's plain-text
columns (the same index names as modelsearch's own `enable_trigram` command).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.models import IndexEntry

from verbund.companies.models import Company
from verbund.networks.models import Membership
from verbund.portal.domain.search.documents import (
    SearchableCompany,
    SearchablePost,
    findable_companies,
)
from verbund.portal.enums import PostState
from verbund.portal.models import CompanyProfile, Post

TRIGRAM_TABLE = "portal_search_trigram"
REFRESH_CHECK_SECONDS = 30
"""How often (at most) a search compares the index's fingerprint with the data."""
CHUNK = 500
STAMP_KEY = "portal:search:stamp"
CHECK_KEY = "portal:search:checked"

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5("
    "title, body, content='modelsearch_indexentry', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_ai AFTER INSERT ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TRIGRAM_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_ad AFTER DELETE ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {TRIGRAM_TABLE}_au AFTER UPDATE ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {TRIGRAM_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
_POSTGRES_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS modelsearch_title_text_trgm "
    "ON modelsearch_indexentry USING gin (title_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS modelsearch_body_text_trgm "
    "ON modelsearch_indexentry USING gin (body_text gin_trgm_ops)",
]


def ensure_structures() -> None:
    """Create the trigram table or indexes if missing (idempotent, cheap when present)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TRIGRAM_TABLE]
            )
            if cursor.fetchone():
                return
            for sql in _SQLITE_DDL:
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            # DDL only when missing: PostgreSQL refuses CREATE INDEX, even IF NOT EXISTS, in a
            # transaction with pending deferred-constraint events (as after a save).
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN "
                "('modelsearch_title_text_trgm', 'modelsearch_body_text_trgm')"
            )
            if cursor.fetchone()[0] == 2:
                return
            for sql in _POSTGRES_DDL:
                cursor.execute(sql)


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _entries(model):
    return IndexEntry.objects.filter(content_type_id=_content_type_id(model))


def _write(model, objs: list) -> None:
    backend = get_search_backend()
    for start in range(0, len(objs), CHUNK):
        backend.add_bulk(model, objs[start : start + CHUNK])


def _remove(model, ids: Iterable) -> None:
    ids = [str(i) for i in ids]
    for start in range(0, len(ids), CHUNK):
        _entries(model).filter(object_id__in=ids[start : start + CHUNK])._raw_delete(
            using=connection.alias
        )


def _reindex(model, ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in ids})
    if not ids:
        return
    with transaction.atomic():
        found = []
        for start in range(0, len(ids), CHUNK):
            found += list(model.get_indexed_objects().filter(pk__in=ids[start : start + CHUNK]))
        _write(model, found)
        _remove(model, set(ids) - {o.pk for o in found})


def reindex_companies(ids: Iterable[int]) -> None:
    """Index these companies afresh (or drop them when nobody may find them any more)."""
    _reindex(SearchableCompany, ids)


def reindex_posts(ids: Iterable[int]) -> None:
    _reindex(SearchablePost, ids)


def rebuild() -> None:
    """Rewrite the whole index (both kinds of document)."""
    started = timezone.now()
    ensure_structures()
    for model in (SearchableCompany, SearchablePost):
        with transaction.atomic():
            _entries(model)._raw_delete(using=connection.alias)
            _write(model, list(model.get_indexed_objects()))
    cache.set(STAMP_KEY, _stamp(), None)
    cache.set(f"{STAMP_KEY}:at", started, None)


def _stamp() -> tuple:
    """What the index depends on, in four aggregate queries."""
    companies = findable_companies().aggregate(n=Count("pk"), t=Max("updated_at"))
    profiles = CompanyProfile.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    members = Membership.objects.filter(left__isnull=True).aggregate(n=Count("pk"), m=Max("pk"))
    posts = Post.objects.filter(state=PostState.PUBLISHED).aggregate(
        n=Count("pk"), t=Max("published_at"), m=Max("moderated_at")
    )
    return tuple(str(v) for part in (companies, profiles, members, posts) for v in part.values())


def _sync(model, indexable_ids: set[int], changed_ids: set[int]) -> None:
    indexed = {int(i) for i in _entries(model).values_list("object_id", flat=True)}
    _remove(model, indexed - indexable_ids)
    _reindex(model, (indexable_ids - indexed) | (changed_ids & indexable_ids))


def refresh_if_stale(*, throttle: bool = True) -> bool:
    """Bring the index up to date if the data it depends on changed since the last look (bulk
    writes send no signals). Returns whether it had to."""
    if throttle and not cache.add(CHECK_KEY, 1, REFRESH_CHECK_SECONDS):
        return False
    started = timezone.now()
    stamp = _stamp()
    if cache.get(STAMP_KEY) == stamp:
        cache.add(f"{STAMP_KEY}:at", started, None)
        return False
    ensure_structures()
    since = cache.get(f"{STAMP_KEY}:at")
    findable = findable_companies().values("pk")
    now_ids = set(findable.values_list("pk", flat=True))
    changed: set[int] = set()
    if since is not None:  # a process's first look only adds and drops documents (see above)
        changed = set(
            Company.objects.filter(pk__in=findable, updated_at__gte=since).values_list(
                "pk", flat=True
            )
        ) | set(
            CompanyProfile.objects.filter(
                company_id__in=findable, updated_at__gte=since
            ).values_list("company_id", flat=True)
        )
    _sync(SearchableCompany, now_ids, changed)
    post_ids = set(SearchablePost.get_indexed_objects().values_list("pk", flat=True))
    _sync(SearchablePost, post_ids, set())
    cache.set(STAMP_KEY, stamp, None)
    cache.set(f"{STAMP_KEY}:at", started, None)
    return True
