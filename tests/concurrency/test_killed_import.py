"""A server process killed while it applies an import leaves the register exactly as it was before
the import (issue 17): every row is written in one transaction, and the database rolls it back.
Real processes, killed with SIGKILL after all rows are written and before the commit."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("killed_import_script.py")


@pytest.fixture
def environment(tmp_path):
    """A fresh, migrated database of the kind the suite runs on, outside the test database."""
    env = {
        **os.environ,
        "VERBUND_DATA_DIR": str(tmp_path),
        "VERBUND_REQUIRE_MFA": "0",
        "VERBUND_TASKS": "immediate",
        "DJANGO_SETTINGS_MODULE": "verbund.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    scratch = None
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        server = f"postgres://{s.get('USER') or 'postgres'}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
        scratch = f"verbund_killed_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{scratch}"')
        env["DATABASE_URL"] = f"{server}/{scratch}"
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "verbund", "manage", "migrate", "-v", "0"],
        env=env, cwd=ROOT, check=True, timeout=900,
    )  # fmt: skip
    yield env
    if scratch:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _step(env, step: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), step], env=env, cwd=ROOT, capture_output=True, text=True,
        check=True, timeout=900,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_killed_import_leaves_the_register_as_before(environment):
    before = _step(environment, "first")
    assert before["companies"] == 50

    importer = subprocess.Popen(
        [sys.executable, str(SCRIPT), "second"], env=environment, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in importer.stdout:
            if line.strip() == "WRITTEN":
                break
        else:
            pytest.fail(f"the import never reached its commit: {importer.stderr.read()[-2000:]}")
        os.kill(importer.pid, signal.SIGKILL)
    finally:
        importer.wait(timeout=60)
    assert importer.returncode == -signal.SIGKILL

    after = _step(environment, "after")
    assert (after["companies"], after["sha256"]) == (before["companies"], before["sha256"])
    assert after["last_job"] == "failed", "the killed import must not stay 'applying'"
