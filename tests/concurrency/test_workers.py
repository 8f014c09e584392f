"""Several `verbund worker` processes against one PostgreSQL never run a task twice (issue 17).

The database worker claims a task with `SELECT … FOR UPDATE SKIP LOCKED`; this test runs two real
worker processes on the test database and checks that each of 60 tasks ran exactly once.
"""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from tests.concurrency.worker_tasks import record_run

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (SKIP LOCKED)"),
]
TASKS = 60
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


def _start_worker(tmp_path: Path, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "VERBUND_DATA_DIR": str(tmp_path / name),
        "VERBUND_REQUIRE_MFA": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "verbund", "worker", "--batch", "--no-startup-delay"]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def test_two_workers_run_every_task_exactly_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs = tmp_path / "runs.txt"
    for number in range(TASKS):
        record_run.enqueue(number, str(runs))

    workers = [_start_worker(tmp_path, name) for name in ("a", "b")]
    outputs = [w.communicate(timeout=600)[0].decode(errors="replace") for w in workers]

    assert [w.returncode for w in workers] == [0, 0], outputs
    lines = runs.read_text(encoding="utf-8").split()
    numbers = Counter(int(n) for n in lines[0::2])
    assert numbers == Counter(range(TASKS)), f"ran twice or never: {numbers}"
    processes = set(lines[1::2])
    assert len(processes) == 2, "both workers should have taken tasks"
