"""Running Khibra as real processes (worker, gunicorn, bin scripts) against the test's database.

The tests write their world through the ORM into the test database with committed transactions
(`transaction=True`). On PostgreSQL the child processes connect to that same database; SQLite's
test database lives in memory, so it is copied into a file (the online backup API) first.
"""

from __future__ import annotations

import os
from pathlib import Path
import socket
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def database_url() -> str:
    """A DATABASE_URL for the test database (PostgreSQL only)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def share_database(data_dir: Path) -> dict:
    """Environment for a child process that works on the test's database (as committed now)."""
    env = child_env(data_dir)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = database_url()
    else:
        connection.ensure_connection()
        with sqlite3.connect(data_dir / "khibra.sqlite3") as copy:
            connection.connection.backup(copy)
    return env


def child_env(data_dir: Path, **extra: str) -> dict:
    """DEBUG on, a private DATA_DIR, and no trace of pytest (which would run tasks inline)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTEST_VERSION", "PYTEST_CURRENT_TEST", "DATABASE_URL")}
    env.update({"DEBUG": "1", "DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"})
    env.update(extra)
    return env


def manage(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    """A child in its own session (so that killing it reaches its children too)."""
    handle = log.open("ab")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, *, timeout: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, every: float = 0.2, what: str = "a condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
