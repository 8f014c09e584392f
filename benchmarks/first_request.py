"""How long the first visitor waits after `verbund serve` starts, against a later request.

Starts `verbund serve` (gunicorn, 2 processes, the application preloaded in the master) on a migrated
data directory with the demo loaded, waits until the port answers, then times the first and later
requests of the same pages, each page once per gunicorn process. The reference is the same page's
median of later requests in the same run.

    .venv/bin/python benchmarks/first_request.py            # the demo data set, 2 processes
    .venv/bin/python benchmarks/first_request.py --no-demo  # an empty register
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

PAGES = ["/", "/projects/", "/competitions/", "/networks/", "/en/projects/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def wait_for(port: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="verbund-first-")
    env = {**os.environ, "VERBUND_DATA_DIR": data, "VERBUND_REQUIRE_MFA": "0"}
    verbund = [sys.executable, "-m", "verbund"]
    subprocess.run([*verbund, "manage", "migrate", "-v", "0"], env=env, check=True)
    if not args.no_demo:
        setup = "from verbund.core.demo import load_demo; load_demo()"
        subprocess.run([*verbund, "manage", "shell", "-c", setup], env=env, check=True)
    port = free_port()
    env |= {"VERBUND_PORT": str(port), "VERBUND_WORKERS": str(args.workers)}
    server = subprocess.Popen([*verbund, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        print(f"{'page':<16} {'first s':>8} {'later median s':>15} {'difference s':>13}")
        worst = 0.0
        for page in PAGES:
            first = [fetch(base + page) for _ in range(args.workers)]
            later = [fetch(base + page) for _ in range(10)]
            median = statistics.median(later)
            worst = max(worst, max(first) - median)
            print(f"{page:<16} {max(first):>8.3f} {median:>15.3f} {max(first) - median:>13.3f}")
        print(f"largest difference first - later: {worst:.3f} s (aim: under 2 s)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
