"""The `verbund` command: demo, serve, worker, check, analyze, and any Django management command.

verbund demo      migrate, load the demo data, start web app and worker, print URL and logins
verbund serve     run the web app with gunicorn (VERBUND_WORKERS processes, default 2)
verbund worker    run the background task worker
verbund check     Django's system checks and a check for missing migrations
verbund analyze   cluster-potential analysis on files (see `verbund analyze --help`)
verbund manage …  any Django management command, e.g. `verbund manage createsuperuser`
"""

import os
import subprocess
import sys


def _django(*args: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["verbund", *args])


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    import django

    django.setup()


def demo(argv: list[str]) -> None:
    host = os.environ.get("VERBUND_HOST", "127.0.0.1")
    port = os.environ.get("VERBUND_PORT", "8000")
    _setup()
    _django("migrate", "--no-input", "-v", "0")
    from verbund.core.demo import load_demo, print_logins

    logins = load_demo()
    worker = subprocess.Popen([sys.executable, "-m", "verbund", "worker"])
    print_logins(logins, url=f"http://{host}:{port}/")
    try:
        _serve_gunicorn(host=host, port=port, workers=int(os.environ.get("VERBUND_WORKERS", "2")))
    finally:
        worker.terminate()


def _serve_gunicorn(*, host: str, port: str, workers: int) -> None:
    _django("collectstatic", "--no-input", "-v", "0")
    args = [
        sys.executable, "-m", "gunicorn", "verbund.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
    ]  # fmt: skip
    subprocess.run(args, check=False)


def serve(argv: list[str]) -> None:
    _setup()
    _django("migrate", "--no-input", "-v", "0")
    _serve_gunicorn(
        host=os.environ.get("VERBUND_HOST", "127.0.0.1"),
        port=os.environ.get("VERBUND_PORT", "8000"),
        workers=int(os.environ.get("VERBUND_WORKERS", "2")),
    )


def worker(argv: list[str]) -> None:
    _setup()
    _django("db_worker", *argv)


def check(argv: list[str]) -> None:
    _setup()
    _django("check", *argv)
    _django("makemigrations", "--check", "--dry-run", "-v", "1")


def analyze(argv: list[str]) -> None:
    from verbund.analysis.cli import main as analyze_main

    sys.exit(analyze_main(argv))


COMMANDS = {"demo": demo, "serve": serve, "worker": worker, "check": check, "analyze": analyze}


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
