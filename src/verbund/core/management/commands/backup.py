"""`verbund backup OUT`: one archive with the database, the uploaded files and a manifest.

The archive is a gzip-compressed tar file:

    manifest.json            format, time, database engine, row counts per table, SHA-256 of every file
    database/verbund.sqlite3 SQLite: a consistent copy made with SQLite's online backup API
    database/verbund.pgdump  PostgreSQL: `pg_dump --format=custom` of the same snapshot the counts see
    media/…                  every file under MEDIA_ROOT (uploads, evidence, emblems, import files)

The web server and the workers may keep running: SQLite's backup API copies a consistent state while
others write, and on PostgreSQL the counts and `pg_dump` read one exported snapshot
(`pg_export_snapshot()` + `pg_dump --snapshot`), so the manifest always matches the dump.
`verbund restore` (restore.py) reads the same layout. Written by hand because no maintained library
covers "database + files + manifest" for both SQLite and PostgreSQL; the heavy parts are SQLite's own
backup API and PostgreSQL's own tools.
"""

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/verbund.sqlite3"
PGDUMP_MEMBER = "database/verbund.pgdump"
MEDIA_PREFIX = "media/"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path inside MEDIA_ROOT with forward slashes, absolute path) of every regular file, sorted."""
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        yield path.relative_to(root).as_posix(), path


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def table_counts(cursor, names: list[str]) -> dict[str, int]:
    """Rows per table through Django's connection (either database)."""
    quote = connection.ops.quote_name
    counts = {}
    for name in sorted(names):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def postgres_env() -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore from Django's connection settings."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (
        ("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"), ("PGPORT", "PORT"),
    ):  # fmt: skip
        if db.get(name):
            env[key] = str(db[name])
    return env


@contextmanager
def _sqlite_copy(workdir: Path) -> Iterator[tuple[Path, dict[str, int]]]:
    connection.ensure_connection()
    target = workdir / "verbund.sqlite3"
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        counts = sqlite_counts(copy)
    finally:
        copy.close()
    yield target, counts


@contextmanager
def _postgres_dump(workdir: Path) -> Iterator[tuple[Path, dict[str, int]]]:
    target = workdir / "verbund.pgdump"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor, connection.introspection.table_names(cursor))
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            env=postgres_env(), capture_output=True, text=True,
        )  # fmt: skip
    if result.returncode != 0:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
    yield target, counts


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(out: Path) -> dict:
    """Write the archive to `out` (through a temporary file beside it) and return the manifest."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="verbund-backup-") as tmp:
        workdir = Path(tmp)
        kind = engine()
        dump = _sqlite_copy if kind == "sqlite" else _postgres_dump
        member = SQLITE_MEMBER if kind == "sqlite" else PGDUMP_MEMBER
        with dump(workdir) as (db_file, counts):
            media = {rel: sha256_of(path) for rel, path in media_files(media_root)}
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "engine": kind,
                "database": {"file": member, "sha256": sha256_of(db_file)},
                "tables": counts,
                "rows": sum(counts.values()),
                "media": media,
            }
            partial = out.with_name(out.name + ".partial")
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
                    archive.add(db_file, arcname=member)
                    for rel in media:
                        archive.add(media_root / rel, arcname=MEDIA_PREFIX + rel)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(out)
    return manifest


class Command(BaseCommand):
    help = (
        "Write one archive with the database, the uploaded files and a manifest (counts, SHA-256)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="archive to write, e.g. verbund-2026-12-01.tar.gz")

    def handle(self, *args, out: str, **options):
        manifest = write_backup(Path(out))
        self.stdout.write(
            f"backup written to {out}: {manifest['engine']} database, {len(manifest['tables'])} "
            f"tables, {manifest['rows']} rows, {len(manifest['media'])} files"
        )
