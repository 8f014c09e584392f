"""The partner search's documents (proxy models, no tables) and its trigram structures: an FTS5
table with the trigram tokenizer on SQLite, pg_trgm GIN indexes on PostgreSQL (the same as
`verbund.portal.domain.search.index.ensure_structures`, which repairs them if missing)."""

import modelsearch.index
from django.db import migrations

TABLE = "portal_search_trigram"
SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "title, body, content='modelsearch_indexentry', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TABLE}({TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE ON modelsearch_indexentry "
    f"BEGIN INSERT INTO {TABLE}({TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS modelsearch_title_text_trgm "
    "ON modelsearch_indexentry USING gin (title_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS modelsearch_body_text_trgm "
    "ON modelsearch_indexentry USING gin (body_text gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS modelsearch_title_text_trgm",
    "DROP INDEX IF EXISTS modelsearch_body_text_trgm",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create_trigram_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []))


def drop_trigram_structures(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        (
            "modelsearch",
            "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more",
        ),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchableCompany",
            fields=[],
            options={
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=(modelsearch.index.Indexed, "companies.company"),
        ),
        migrations.CreateModel(
            name="SearchablePost",
            fields=[],
            options={
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=(modelsearch.index.Indexed, "portal.post"),
        ),
        migrations.RunPython(create_trigram_structures, drop_trigram_structures),
    ]
