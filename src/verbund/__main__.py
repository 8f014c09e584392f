"""The `verbund` command: demo, serve, worker, check, analyze, and any Django management command.

verbund demo      migrate, load the demo data, start web app and worker, print URL and logins
verbund serve     run the web app with gunicorn (VERBUND_WORKERS processes, default 2)
verbund worker    run the background task worker
verbund check     Django's system checks and a check for missing migrations (--deploy: production)
verbund outbox    the mails in the outbox folder (newest last); `verbund outbox N` prints mail N
verbund analyze   cluster-potential analysis on files (see `verbund analyze --help`)
verbund backup OUT       one archive: database, uploaded files, manifest of counts and checksums
verbund restore ARCHIVE  restore an archive into an empty data directory/database (--force: replace)
verbund manage …  any Django management command, e.g. `verbund manage createsuperuser`
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

log = logging.getLogger("verbund")


def _django(*args: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["verbund", *args])


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    import django

    django.setup()


def demo(argv: list[str]) -> None:
    os.environ.setdefault("VERBUND_REQUIRE_MFA", "0")  # the printed demo logins work without MFA
    host = os.environ.get("VERBUND_HOST", "127.0.0.1")
    port = os.environ.get("VERBUND_PORT", "8000")
    _setup()
    _django("migrate", "--no-input", "-v", "0")
    from verbund.core.demo import load_demo, print_logins

    logins = load_demo()
    children = [subprocess.Popen([sys.executable, "-m", "verbund", "worker"])]
    print_logins(logins, url=f"http://{host}:{port}/")
    _stop_children_on_signal(children)
    try:
        _serve_gunicorn(
            host=host, port=port, workers=int(os.environ.get("VERBUND_WORKERS", "2")),
            children=children,
        )  # fmt: skip
    finally:
        _stop(children)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


def _stop_children_on_signal(children: list[subprocess.Popen]) -> None:
    """SIGTERM or SIGINT on `verbund demo` stops gunicorn and the worker too, then exits."""

    def handler(signum, _frame):
        _stop(children)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _serve_gunicorn(
    *, host: str, port: str, workers: int, children: list[subprocess.Popen] | None = None
) -> None:
    _django("collectstatic", "--no-input", "-v", "0")
    args = [
        sys.executable, "-m", "gunicorn", "verbund.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
        "--preload",  # import the app once in the master: the first request is as fast as later ones
        "--limit-request-field_size", "16380",
    ]  # fmt: skip
    server = subprocess.Popen(args)
    if children is not None:
        children.append(server)
    else:
        _stop_children_on_signal([server])
    server.wait()


def serve(argv: list[str]) -> None:
    _setup()
    _django("migrate", "--no-input", "-v", "0")
    _serve_gunicorn(
        host=os.environ.get("VERBUND_HOST", "127.0.0.1"),
        port=os.environ.get("VERBUND_PORT", "8000"),
        workers=int(os.environ.get("VERBUND_WORKERS", "2")),
    )


def _tick_forever() -> None:
    from django.db import close_old_connections

    from verbund.core.periodic import TICK_SECONDS, run_due

    while True:
        try:
            run_due()
        except Exception:
            log.exception("periodic jobs failed; trying again at the next tick")
        finally:
            close_old_connections()
        time.sleep(TICK_SECONDS)


def worker(argv: list[str]) -> None:
    """The task worker, plus the periodic jobs every 30 s. A locked or unreachable database never
    ends the worker: it waits with back-off and carries on."""
    from django.db import OperationalError, close_old_connections

    _setup()
    logging.basicConfig(level=logging.INFO)
    threading.Thread(target=_tick_forever, name="periodic", daemon=True).start()
    delay = 1.0
    while True:
        try:
            _django("db_worker", *argv)
            return
        except OperationalError as exc:
            log.warning("worker: database unavailable (%s); retrying in %.0f s", exc, delay)
            close_old_connections()
            time.sleep(delay)
            delay = min(delay * 2, 60.0)


def check(argv: list[str]) -> None:
    _setup()
    _django("check", *argv)
    if "--deploy" not in argv:
        _django("makemigrations", "--check", "--dry-run", "-v", "1")


def outbox(argv: list[str]) -> None:
    _setup()
    _django("outbox", *argv)


def backup(argv: list[str]) -> None:
    _setup()
    _django("backup", *argv)


def restore(argv: list[str]) -> None:
    _setup()
    _django("restore", *argv)


def analyze(argv: list[str]) -> None:
    from verbund.analysis.cli import main as analyze_main

    sys.exit(analyze_main(argv))


COMMANDS = {
    "demo": demo,
    "serve": serve,
    "worker": worker,
    "check": check,
    "analyze": analyze,
    "outbox": outbox,
    "backup": backup,
    "restore": restore,
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = argv[0], argv[1:]
    if command == "manage":
        _setup()
        _django(*rest)
    elif command in COMMANDS:
        COMMANDS[command](rest)
    else:
        print(f"verbund: unknown command {command!r}\n{__doc__}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
