"""Load benchmark: N simulated visitors against verbund under gunicorn, and the same server
settings' ceiling with a bare WSGI "hello" application.

Each visitor requests a page, waits 1 s, requests the next page (going round the page groups,
each visitor starting elsewhere) until the run ends; the script prints median and p95 per page
group. Then it measures saturation throughput (requests per second with `--concurrency` clients
that never wait) of the same pages on verbund and on `hello_wsgi.py`, both under gunicorn with the
same settings as `verbund serve` (`--workers` processes, the application preloaded).

    # once: a PostgreSQL database with 100,000 companies and 2,000 posts
    createdb -h 127.0.0.1 -U postgres verbund_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbund_load .venv/bin/python benchmarks/load_data.py
    # the run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbund_load \\
        .venv/bin/python benchmarks/load.py --visitors 50 --duration 60

Extending it (the reliability issue does): `PAGE_GROUPS` names the pages; `run_visitors`,
`saturate` and `start_gunicorn` are plain functions another script can import and combine (for
example, stop a worker in the middle of `run_visitors` and count the failed requests it returns).
The rate limit is off for the run (`load_settings.py`): every visitor comes from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGE_GROUPS: dict[str, list[str]] = {
    "network pages": [
        "/portal/networks/load-kunststoff/",
        "/portal/networks/load-metall/",
        "/en/portal/networks/load-digital/",
    ],
    "members directory": ["/portal/companies/", "/portal/companies/?page=3"],
    "search": [
        "/portal/search/?q=Kunststoff",
        "/portal/search/?q=Spritzguss+Leipzig",
        "/portal/search/?q=technik",
        "/portal/search/?q=M%C3%BCller+Robotik",
    ],
    "API lists": [
        "/api/networks/",
        "/api/companies/",
        "/api/posts/",
        "/api/news/",
        "/api/networks/load-kunststoff/members/",
    ],
}


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)

    def fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/", timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = asyncio.run(fetch("127.0.0.1", port, path, timeout=30))
            if status:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"nothing answers on port {port}")


COOKIE = ""
"""Sent with every request when set (`load_office.py` signs its visitors in this way)."""


async def fetch(host: str, port: int, path: str, *, timeout: float = 30) -> tuple[int, float]:
    """One GET over a fresh connection (gunicorn's sync workers close it after each response);
    returns the status and the seconds from connecting to the last byte."""
    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    cookie = f"Cookie: {COOKIE}\r\n" if COOKIE else ""
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: de\r\n{cookie}"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    elapsed = time.perf_counter() - start
    status_line = data.split(b"\r\n", 1)[0].split()
    return (int(status_line[1]) if len(status_line) > 1 else 0), elapsed


async def _visitor(n, host, port, pages, until, samples, pause) -> None:
    i = n
    while time.monotonic() < until:
        group, path = pages[i % len(pages)]
        i += 1
        try:
            status, seconds = await fetch(host, port, path)
        except (OSError, TimeoutError) as exc:
            samples[group].fail(type(exc).__name__)
        else:
            if status == 200:
                samples[group].seconds.append(seconds)
            else:
                samples[group].fail(str(status))
        await asyncio.sleep(pause)


def run_visitors(
    port: int,
    *,
    visitors: int,
    duration: float,
    groups: dict[str, list[str]] = PAGE_GROUPS,
    pause: float = 1.0,
    host: str = "127.0.0.1",
) -> dict[str, Samples]:
    """`visitors` simulated visitors for `duration` seconds; latencies per page group."""
    pages = [(g, p) for g, paths in groups.items() for p in paths]
    samples = {g: Samples() for g in groups}

    async def main():
        until = time.monotonic() + duration
        # stagger the start over the first pause, as visitors do not arrive in the same millisecond
        tasks = []
        for n in range(visitors):
            await asyncio.sleep(pause / visitors)
            tasks.append(asyncio.create_task(_visitor(n, host, port, pages, until, samples, pause)))
        await asyncio.gather(*tasks)

    asyncio.run(main())
    return samples


def saturate(
    port: int, paths: list[str], *, concurrency: int, duration: float, host: str = "127.0.0.1"
) -> tuple[float, int]:
    """Requests per second with `concurrency` clients that never wait; and the failures."""
    done, failed = 0, 0

    async def client(n):
        nonlocal done, failed
        i = n
        while time.monotonic() < until:
            try:
                status, _ = await fetch(host, port, paths[i % len(paths)])
                done += status == 200
                failed += status != 200
            except (OSError, TimeoutError):
                failed += 1
            i += 1

    async def main():
        await asyncio.gather(*(client(n) for n in range(concurrency)))

    until = time.monotonic() + duration
    started = time.perf_counter()
    asyncio.run(main())
    return done / (time.perf_counter() - started), failed


def start_gunicorn(app: str, port: int, *, workers: int, env: dict) -> subprocess.Popen:
    """gunicorn as `verbund serve` runs it (`--preload`, `workers` processes), quiet."""
    args = [
        sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--preload", "--limit-request-field_size", "16380",
        "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(args, env=env, cwd=ROOT)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(samples: dict[str, Samples]) -> list[str]:
    lines = [f"{'page group':<20} {'requests':>8} {'median ms':>10} {'p95 ms':>8}  failures"]
    for group, s in samples.items():
        if s.seconds:
            med = statistics.median(s.seconds) * 1000
            p95 = percentile(s.seconds, 0.95) * 1000
            lines.append(
                f"{group:<20} {len(s.seconds):>8} {med:>10.1f} {p95:>8.1f}  {s.failures or '-'}"
            )
        else:
            lines.append(f"{group:<20} {0:>8} {'-':>10} {'-':>8}  {s.failures or '-'}")
    return lines


def _env(data_dir: str) -> dict:
    env = dict(os.environ)
    env.setdefault("VERBUND_DATA_DIR", data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "load_settings"
    env["VERBUND_REQUIRE_MFA"] = "0"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT / "benchmarks")])
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of visitor load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16, help="clients for saturation")
    parser.add_argument("--saturation", type=float, default=10, help="seconds per saturation run")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the database benchmarks/load_data.py filled.")

    with tempfile.TemporaryDirectory() as data_dir:
        env = _env(data_dir)
        subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v", "0"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        all_paths = [p for paths in PAGE_GROUPS.values() for p in paths]
        port = free_port()
        server = start_gunicorn("verbund.wsgi:application", port, workers=args.workers, env=env)
        try:
            wait_for(port, "/api/networks/")
            for path in all_paths * args.workers:  # warm every worker's caches once
                asyncio.run(fetch("127.0.0.1", port, path, timeout=120))
            samples = run_visitors(port, visitors=args.visitors, duration=args.duration)
            verbund_rps, verbund_failed = saturate(
                port, all_paths, concurrency=args.concurrency, duration=args.saturation
            )
        finally:
            stop(server)
        port = free_port()
        hello = start_gunicorn("hello_wsgi:application", port, workers=args.workers, env=env)
        try:
            wait_for(port)
            hello_rps, hello_failed = saturate(
                port, all_paths, concurrency=args.concurrency, duration=args.saturation
            )
        finally:
            stop(hello)

    print(
        f"{args.visitors} visitors, 1 s between requests, {args.duration:.0f} s, "
        f"gunicorn {args.workers} workers --preload"
    )
    print("\n".join(report(samples)))
    print(
        f"saturation ({args.concurrency} clients, no pause, same pages): "
        f"verbund {verbund_rps:.0f} req/s ({verbund_failed} failed), "
        f"hello WSGI {hello_rps:.0f} req/s ({hello_failed} failed)"
    )


if __name__ == "__main__":
    main()
