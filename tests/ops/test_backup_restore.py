"""Issue 17, acceptance 4: demo → `verbund backup` → empty data directory (and, on PostgreSQL, an
empty database) → `verbund restore` → the same row counts and the same fact sheet.

Runs the real commands in child processes, each with its own data directory. On PostgreSQL (the
suite's DATABASE_URL points there) the demo goes into one scratch database and the restore into
another, both created with psycopg on the same server and dropped afterwards.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

TIMEOUT = 900  # migrate and load the demo: 1-2 minutes alone, much longer on a busy machine

LOAD_DEMO = """
from verbund.__main__ import _setup, _django
_setup()
_django("migrate", "--no-input", "-v", "0")
from verbund.core.demo import load_demo
load_demo()
"""

# What a visitor of `verbund serve` sees: the counts of every table and the public fact sheet of the
# first public project, rendered by the application (Django's test client, no server needed).
PROBE = """
import json, re
from verbund.__main__ import _setup
_setup()
from django.db import connection
from django.test import Client
from verbund.programmes.models import Project
with connection.cursor() as cursor:
    names = connection.introspection.table_names(cursor)
    counts = {}
    for name in names:
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(name))
        counts[name] = cursor.fetchone()[0]
project = Project.objects.filter(is_public=True).order_by("code").first()
client = Client()
sheet = client.get(f"/projects/{project.code}/")
pdf = client.get(f"/projects/{project.code}/sheet.pdf")
print(json.dumps({
    "counts": counts, "code": project.code, "status": sheet.status_code,
    "sheet": sheet.content.decode(), "pdf_status": pdf.status_code,
}))
"""


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "VERBUND_CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        VERBUND_DATA_DIR=str(data_dir),
        VERBUND_REQUIRE_MFA="0",
        VERBUND_ALLOWED_HOSTS="testserver,localhost",
        VERBUND_TASKS="immediate",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr[-4000:]}"
    return result.stdout


def _probe(env: dict) -> dict:
    out = json.loads(_ok(_run(env, "-c", PROBE)).strip().splitlines()[-1])
    out["sheet"] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", out["sheet"])
    return out


@pytest.fixture
def databases():
    """(source URL, target URL): None, None on SQLite; two scratch databases on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None, None
        return
    import psycopg

    parts = urlsplit(url)
    names = [f"verbund_{kind}_{secrets.token_hex(4)}" for kind in ("backup", "restore")]
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(urlunsplit(parts._replace(path=f"/{name}")) for name in names)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_of_the_demo_restores_the_same_counts_and_fact_sheet(tmp_path, databases):
    source_url, target_url = databases
    source = _env(tmp_path / "demo", source_url)
    target = _env(tmp_path / "restored", target_url)
    archive = tmp_path / "verbund-backup.tar.gz"

    _ok(_run(source, "-c", LOAD_DEMO))
    before = _probe(source)
    assert before["status"] == 200 and before["pdf_status"] == 200
    assert sum(before["counts"].values()) > 1000
    assert "backup written" in _ok(_run(source, "-m", "verbund", "backup", str(archive)))

    restored = _ok(_run(target, "-m", "verbund", "restore", str(archive)))
    assert "manifest verified" in restored
    uploads = [p for p in (tmp_path / "restored" / "media").rglob("*") if p.is_file()]
    assert uploads, "the demo's evidence files come back under MEDIA_ROOT"

    after = _probe(target)
    assert after["counts"] == before["counts"]
    assert after["code"] == before["code"]
    assert after["status"] == 200 and after["pdf_status"] == 200
    assert after["sheet"] == before["sheet"]

    again = _run(target, "-m", "verbund", "restore", str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr
    assert "manifest verified" in _ok(
        _run(target, "-m", "verbund", "restore", "--force", str(archive))
    )


def test_a_damaged_archive_is_refused_before_anything_is_written(tmp_path, databases):
    """A flipped byte in an uploaded file of the archive fails its checksum; the target stays empty
    (the intact archive then restores without --force)."""
    import tarfile

    source_url, target_url = databases
    source = _env(tmp_path / "src", source_url)
    target = _env(tmp_path / "dst", target_url)
    upload = tmp_path / "src" / "media" / "evidence" / "Nachweis.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 evidence of a milestone")
    archive = tmp_path / "b.tar.gz"
    _ok(_run(source, "-m", "verbund", "backup", str(archive)))

    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    damaged_file = unpacked / "media" / "evidence" / "Nachweis.pdf"
    damaged_file.write_bytes(b"%PDF-1.4 evidence of a milestonE")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())

    result = _run(target, "-m", "verbund", "restore", str(damaged))
    assert result.returncode != 0 and "damaged" in result.stderr
    assert "media/evidence/Nachweis.pdf" in result.stderr
    assert not (tmp_path / "dst" / "media" / "evidence").exists()
    assert "manifest verified" in _ok(_run(target, "-m", "verbund", "restore", str(archive)))
    assert (tmp_path / "dst" / "media" / "evidence" / "Nachweis.pdf").read_bytes() == (
        upload.read_bytes()
    )
