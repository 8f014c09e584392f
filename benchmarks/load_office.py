"""Load benchmark for the office's main lists, signed in (issue 17): the same visitors as
`load.py` (each requests a page, waits 1 s, requests the next), but every request carries the
session of an office user, so nothing comes from the public-page cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbund_load \\
        .venv/bin/python benchmarks/load_office.py --visitors 50 --duration 60

Uses the database `load_data.py` filled (100,000 companies). The office user `load-office` and its
session are created (or reused) before the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load

OFFICE_GROUPS: dict[str, list[str]] = {
    "register list": ["/companies/", "/companies/?page=40", "/companies/?placement=unknown"],
    "networks list": ["/networks/"],
    "projects list": ["/projects/"],
    "audit log": ["/audit/"],
    "start page": ["/"],
}

SESSION_SCRIPT = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from verbund.core.roles import Role
from django.contrib.auth.models import Group
user, _ = get_user_model().objects.get_or_create(username="load-office")
user.groups.add(Group.objects.get_or_create(name=Role.OFFICE)[0])
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""


def office_session(env: dict) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "django", "shell", "-c", SESSION_SCRIPT],
        env=env, cwd=load.ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the database benchmarks/load_data.py filled.")
    with tempfile.TemporaryDirectory() as data_dir:
        env = load._env(data_dir)
        subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v", "0"],
            env=env, cwd=load.ROOT, check=True,
        )  # fmt: skip
        load.COOKIE = f"sessionid={office_session(env)}"
        port = load.free_port()
        server = load.start_gunicorn(
            "verbund.wsgi:application", port, workers=args.workers, env=env
        )
        try:
            load.wait_for(port, "/api/networks/")
            for path in [p for ps in OFFICE_GROUPS.values() for p in ps] * args.workers:
                asyncio.run(load.fetch("127.0.0.1", port, path, timeout=120))
            samples = load.run_visitors(
                port, visitors=args.visitors, duration=args.duration, groups=OFFICE_GROUPS
            )
        finally:
            load.stop(server)
    print(f"{args.visitors} signed-in office visitors, 1 s between requests, {args.duration:.0f} s")
    print("\n".join(load.report(samples)))


if __name__ == "__main__":
    main()
