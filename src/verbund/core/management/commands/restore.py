"""`verbund restore ARCHIVE`: the database and the uploaded files from an archive of `verbund backup`.

Refuses a target that already holds data (a database with tables, or files under MEDIA_ROOT) unless
`--force`; stop the web server and the workers before restoring over a database in use. Before
anything is written, every file of the archive is checked against the manifest's SHA-256; after the
restore, the row count of every table and the checksum of every file are compared with the manifest,
and any difference fails the command with the tables or files named.
"""

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from verbund.core.management.commands.backup import (
    FORMAT,
    MANIFEST,
    MEDIA_PREFIX,
    engine,
    media_files,
    postgres_env,
    sha256_of,
    table_counts,
)


def read_archive(archive: Path, workdir: Path) -> dict:
    """Unpack `archive` into `workdir` (no absolute paths, links or devices) and check every file."""
    if not archive.is_file():
        raise CommandError(f"no archive at {archive}")
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(workdir, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CommandError(f"{archive} is not a readable verbund backup: {exc}") from exc
    try:
        manifest = json.loads((workdir / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(f"{archive} has no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise CommandError(f"unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
    damaged = []
    db = manifest["database"]
    if not (workdir / db["file"]).is_file() or sha256_of(workdir / db["file"]) != db["sha256"]:
        damaged.append(db["file"])
    for rel, digest in manifest["media"].items():
        path = workdir / (MEDIA_PREFIX + rel)
        if not path.is_file() or sha256_of(path) != digest:
            damaged.append(MEDIA_PREFIX + rel)
    if damaged:
        raise CommandError("the archive is damaged; checksums differ for: " + ", ".join(damaged))
    return manifest


def existing_tables() -> list[str]:
    if engine() == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        if not path.is_file() or path.stat().st_size == 0:
            return []
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _restore_sqlite(dump: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # replaces every page of the target, also one in WAL mode
    finally:
        destination.close()
        source.close()


def _restore_postgres(dump: Path, *, drop: list[str]) -> None:
    if drop:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(quote, drop)) + " CASCADE")
    connection.close()
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={postgres_env()['PGDATABASE']}", str(dump)],
        env=postgres_env(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_media(source: Path, root: Path, *, force: bool) -> None:
    if force and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)


def verify(manifest: dict) -> list[str]:
    """What differs between the restored data and the manifest (empty: everything matches)."""
    problems = []
    tables = set(existing_tables())
    missing = sorted(set(manifest["tables"]) - tables)
    problems += [f"table {name} is missing" for name in missing]
    with connection.cursor() as cursor:
        counts = table_counts(cursor, [n for n in manifest["tables"] if n in tables])
    for name, count in counts.items():
        if count != manifest["tables"][name]:
            problems.append(f"table {name}: {count} rows, manifest {manifest['tables'][name]}")
    on_disk = {rel: sha256_of(path) for rel, path in media_files(Path(settings.MEDIA_ROOT))}
    for rel, digest in manifest["media"].items():
        if on_disk.get(rel) != digest:
            problems.append(f"file {rel} differs or is missing")
    return problems


def restore(archive: Path, *, force: bool = False) -> dict:
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="verbund-restore-") as tmp:
        workdir = Path(tmp)
        manifest = read_archive(archive, workdir)
        if manifest["engine"] != engine():
            raise CommandError(
                f"the archive holds a {manifest['engine']} database; this installation uses "
                f"{engine()} (set DATABASE_URL accordingly)"
            )
        tables = existing_tables()
        files = next(media_files(media_root), None)
        if (tables or files) and not force:
            where = []
            if tables:
                where.append(f"the database already has {len(tables)} tables")
            if files:
                where.append(f"{media_root} already holds files")
            raise CommandError(
                "the target is not empty (" + "; ".join(where) + "). Restore into an empty data "
                "directory and database, or pass --force to replace what is there."
            )
        dump = workdir / manifest["database"]["file"]
        if manifest["engine"] == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgres(dump, drop=tables)
        _restore_media(workdir / MEDIA_PREFIX.rstrip("/"), media_root, force=force)
    problems = verify(manifest)
    if problems:
        raise CommandError(
            "restored, but it does not match the manifest:\n  " + "\n  ".join(problems)
        )
    return manifest


class Command(BaseCommand):
    help = (
        "Restore the database and uploaded files from a `verbund backup` archive and verify them."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive written by `verbund backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace a database or files already there"
        )

    def handle(self, *args, archive: str, force: bool, **options):
        manifest = restore(Path(archive), force=force)
        self.stdout.write(
            f"restored from {archive} (backup of {manifest['created_at']}); manifest verified: "
            f"{len(manifest['tables'])} tables, {manifest['rows']} rows, "
            f"{len(manifest['media'])} files match"
        )
