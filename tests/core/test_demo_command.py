"""Issue 9, item 11: `kill -TERM` on `verbund demo` stops the web server and the worker with it.

Starts the real command (migrate, demo data, worker, gunicorn) on a free port with its own data
folder, waits until the port answers, sends SIGTERM to the `verbund demo` process only, and checks
that the port stops answering and that no process of its session is left behind.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

START_TIMEOUT = 600  # migrate and load the demo: 1-2 minutes alone, much longer on a busy machine
STOP_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def session_members(sid: int) -> list[tuple[int, str]]:
    """Live (not zombie) processes whose session is `sid`, as (pid, command line)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            members.append((int(entry.name), cmdline))
    return members


def wait_for(condition, timeout: float, interval: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture
def demo_process(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "VERBUND_CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(VERBUND_DATA_DIR=str(tmp_path / "data"), VERBUND_PORT=str(port), VERBUND_WORKERS="1")
    log = (tmp_path / "demo.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "verbund", "demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own session: every child it starts can be found afterwards
    )
    yield process, f"http://127.0.0.1:{port}/", tmp_path / "demo.log"
    for pid, _ in session_members(process.pid):  # clean up whatever a failed test left running
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=30)
    log.close()


def test_sigterm_on_demo_stops_web_server_and_worker(demo_process):
    process, url, log = demo_process
    started = wait_for(lambda: answers(url) or process.poll() is not None, START_TIMEOUT, 2)
    assert started and process.poll() is None, log.read_text()[-3000:]
    commands = " | ".join(cmd for _, cmd in session_members(process.pid))
    assert "gunicorn" in commands and "worker" in commands, commands

    process.send_signal(signal.SIGTERM)

    assert wait_for(lambda: process.poll() is not None, STOP_TIMEOUT), "verbund demo still runs"
    assert wait_for(lambda: not answers(url), STOP_TIMEOUT), "the port still answers"
    assert wait_for(lambda: not session_members(process.pid), STOP_TIMEOUT), session_members(
        process.pid
    )
