"""Which index entries match a query: word prefixes through modelsearch, compound parts through
trigrams (by hand).

modelsearch (1.3) matches word prefixes on both databases (`autocomplete`: FTS5 prefix queries on
SQLite, `to_tsquery('simple', 'word:*')` on PostgreSQL); that ranks the results. It has trigram
matching only on PostgreSQL (`Fuzzy`, a similarity threshold) and none on SQLite, so the part
that finds "kunststoff" inside "kunststofftechnik" is written here, with the same meaning on
both: every query word (at least three letters) occurs somewhere in the document's text —

- SQLite: the FTS5 table with the trigram tokenizer (`index.TRIGRAM_TABLE`), a MATCH of quoted
  words;
- PostgreSQL: `LIKE '%word%'` on modelsearch's plain-text column, answered by its pg_trgm GIN
  index.

A substring contains every word prefix, so the trigram match decides *what* is found and the
prefix match only *how high* it ranks. The texts are normalised before indexing (`text.py`), so
the two databases see the same words.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends import get_search_backend
from modelsearch.models import IndexEntry
from modelsearch.query import And, PlainText

from verbund.portal.domain.search import index

CANDIDATES = 300
"""At most this many matches of one kind are ranked (the page shows fewer)."""


def _entries(model, column: str, words: list[str]) -> QuerySet:
    ct = ContentType.objects.get_for_model(model).pk
    qs = IndexEntry.objects.filter(content_type_id=ct)
    if connection.vendor == "sqlite":
        expression = f"{column} : (" + " AND ".join(f'"{w}"' for w in words) + ")"
        table = index.TRIGRAM_TABLE
        return qs.filter(
            id__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])
        )
    for word in words:
        qs = qs.filter(**{f"{column}_text__contains": word})
    return qs


def matching_ids(model, words: list[str], *, column: str, within: QuerySet | None) -> list[int]:
    """Primary keys of `model`'s documents whose `column` ("title" or "body") contains every word,
    optionally only among the objects of `within`."""
    if not words:
        return []
    qs = _entries(model, column, words)
    if within is not None:
        qs = qs.filter(object_id__in=within.annotate(_id=Cast("pk", CharField())).values("_id"))
    qs = qs.order_by("id").values_list("object_id", flat=True)[:CANDIDATES]
    if connection.vendor != "sqlite":
        return [int(i) for i in qs]
    try:
        with transaction.atomic():
            return [int(i) for i in qs]
    except DatabaseError:  # the trigram table is created on first use (see index.py)
        index.ensure_structures()
        return [int(i) for i in qs]


def prefix_ranked(model, words: list[str], ids: list[int]) -> list[int]:
    """Those of `ids` whose autocomplete text has a word starting with each query word, best
    first by the database's own relevance (BM25 on SQLite, ts_rank on PostgreSQL)."""
    if not words or not ids:
        return []
    query = And([PlainText(w) for w in words]) if len(words) > 1 else PlainText(words[0])
    results = get_search_backend().autocomplete(
        query, model.objects.filter(pk__in=ids).only("pk"), operator="and"
    )
    return [obj.pk for obj in results[:CANDIDATES]]
