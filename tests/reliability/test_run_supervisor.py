"""`bin/run` keeps the worker and the web server running: a child that dies is started again after a
back-off while the other goes on serving, /healthz reports the worker's heartbeat, and Ctrl-C
(SIGINT to the process group, as a terminal sends it) stops both."""

from __future__ import annotations

import os
from pathlib import Path
import re
import signal
import subprocess

import pytest
import requests

from .processes import PYTHON, ROOT, free_port, share_database, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def start_run(env: dict, log: Path, port: int) -> subprocess.Popen:
    env = {**env, "PORT": str(port), "BIN": str(Path(PYTHON).parent), "RUN_STABLE_SECONDS": "60"}
    handle = log.open("ab")
    return subprocess.Popen([str(ROOT / "bin" / "run")], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def child_pids(log: Path, name: str) -> list[int]:
    return [int(pid) for pid in re.findall(rf"run: started the {name} \(pid (\d+)\)", log.read_text(errors="replace"))]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def health(base: str) -> dict | None:
    try:
        response = requests.get(base + "/healthz", timeout=5)
    except requests.RequestException:
        return None
    return response.json() if response.status_code == 200 else None


def interrupt(run: subprocess.Popen, log: Path) -> None:
    """Ctrl-C: SIGINT to the whole foreground group."""
    os.killpg(run.pid, signal.SIGINT)
    try:
        run.wait(30)
    except subprocess.TimeoutExpired:  # pragma: no cover
        os.killpg(run.pid, signal.SIGKILL)
        raise AssertionError(f"bin/run did not stop on Ctrl-C:\n{log.read_text(errors='replace')[-3000:]}") from None


def test_a_dead_worker_is_started_again_and_ctrl_c_stops_both(tmp_path):
    env = share_database(tmp_path / "data")
    port, log = free_port(), tmp_path / "run.log"
    base = f"http://127.0.0.1:{port}"
    run = start_run(env, log, port)
    try:
        wait_for(lambda: (health(base) or {}).get("worker", {}).get("status") == "ok", timeout=180, every=0.5,
                 what="the site to answer with a fresh worker heartbeat")
        [worker], [web] = child_pids(log, "worker"), child_pids(log, "web")

        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: len(child_pids(log, "worker")) == 2, timeout=30, what="the worker to be started again")
        assert "run: the worker stopped (exit 137); starting it again in 1 s" in log.read_text()
        assert health(base) is not None and alive(web)  # the web server was left alone
        new_worker = child_pids(log, "worker")[-1]
        assert alive(new_worker)

        os.kill(new_worker, signal.SIGKILL)  # dies again at once: the back-off doubles
        wait_for(lambda: "starting it again in 2 s" in log.read_text(), timeout=30, what="a longer back-off")
        wait_for(lambda: len(child_pids(log, "worker")) == 3, timeout=30, what="the worker to be started a third time")

        os.kill(web, signal.SIGKILL)  # the web server too
        wait_for(lambda: len(child_pids(log, "web")) == 2 and health(base) is not None, timeout=120, every=0.5,
                 what="the web server to be started again")
        assert child_pids(log, "web")[-1] != web
        workers, webs = child_pids(log, "worker"), child_pids(log, "web")
    finally:
        if run.poll() is None:
            interrupt(run, log)

    assert run.returncode == 0, log.read_text(errors="replace")[-3000:]
    assert "run: stopped" in log.read_text()
    wait_for(lambda: not any(alive(pid) for pid in workers + webs), timeout=15, what="every child to stop")
