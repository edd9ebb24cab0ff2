"""The database is stopped and started again under load: meanwhile every answer is a 503 with
Retry-After (the friendly page, or the API's JSON error), never a 500 or a traceback; afterwards
the site answers again by itself, without a restart, and every write it confirmed is there.

A private PostgreSQL server (initdb in a temporary folder, its own port) holds a copy of the
test's world (made with bin/backup's code); gunicorn serves Khibra from it while threads browse
pages, call the API and log hours. Runs on the PostgreSQL pass: SQLite lives inside the app's own
process and cannot be stopped apart from it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
import pwd
import shutil
import subprocess
import tempfile
import threading
import time

from django.db import connection
from django.utils import timezone
import psycopg
import pytest
import requests

from khibra.api.services import issue_token
from khibra.core.backup import create_backup, restore_backup
from khibra.engagements.models import Engagement
from khibra.recruitment.models import Application
from khibra.testing.factories import VolunteerProfileFactory, accept_agreement, published_opportunity

from .processes import ROOT, child_env, free_port, start, stop, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WRITERS, READERS = 4, 3
OUTAGE_SECONDS = 8
RECOVERY_LIMIT = 30  # seconds after the database is back
FRIENDLY = "Khibra will be back shortly"


class PrivatePostgres:
    """A throwaway PostgreSQL server. initdb refuses root, so as root it runs as `postgres`."""

    def __init__(self):
        tools = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
        bin_dir = Path(os.environ["PG_BIN"]) if os.environ.get("PG_BIN") else (tools[0].parent if tools else None)
        if bin_dir is None or not (bin_dir / "initdb").exists():
            pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        self.bin = bin_dir
        self.prefix: list[str] = []
        self.base = Path(tempfile.mkdtemp(prefix="khibra-outage-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres user to run initdb as")
            if not shutil.which("runuser"):
                pytest.skip("running as root without runuser to start PostgreSQL as postgres")
            os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data = self.base / "data"
        self.port = free_port()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.prefix, str(self.bin / program), *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"{program} failed: {done.stderr or done.stdout}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def settings(self, name: str) -> dict:
        return {"HOST": "127.0.0.1", "PORT": str(self.port), "USER": "postgres", "PASSWORD": "", "NAME": name}

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def private_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL pass: an embedded SQLite database cannot be stopped apart from the app")
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


def _world(org_a, admin_a) -> list[tuple[int, str]]:
    """Volunteers on active engagements, each with an API token: (engagement id, secret)."""
    opportunity = published_opportunity(org_a, created_by=admin_a, hours_per_week=5)
    writers = []
    for _n in range(WRITERS):
        profile = VolunteerProfileFactory()
        Application.objects.create(opportunity=opportunity, volunteer=profile, status="accepted", motivation="خبرتي تناسب.", decided_at=timezone.now())
        engagement = Engagement.objects.create(
            opportunity=opportunity, volunteer=profile, status="active", started_on=timezone.localdate() - dt.timedelta(days=300)
        )
        accept_agreement(engagement)  # the work (and logging hours) opens with the accepted agreement
        _token, secret = issue_token(user=profile.user, name="outage")
        writers.append((engagement.pk, secret))
    return writers


class Load:
    """Threads that browse, call the API and log hours until told to stop; every answer noted."""

    def __init__(self, base: str, writers: list[tuple[int, str]]):
        self.base = base
        self.writers = writers
        self.results: list[dict] = []
        self.confirmed: list[int] = []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.threads = [threading.Thread(target=self._write, args=(w,), daemon=True) for w in writers]
        self.threads += [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(READERS)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.done.set()
        for thread in self.threads:
            thread.join(60)

    def _note(self, began: float, kind: str, response: requests.Response | None, error: str = "") -> None:
        entry = {"began": began, "t": time.monotonic(), "kind": kind, "status": response.status_code if response is not None else 0, "error": error}
        if response is not None and response.status_code >= 500:
            entry["retry_after"] = response.headers.get("Retry-After")
            entry["body"] = response.text[:4000]
        with self.lock:
            self.results.append(entry)

    def _send(self, session, kind, method, path, **kwargs):
        began = time.monotonic()
        try:
            response = session.request(method, self.base + path, timeout=20, **kwargs)
        except requests.RequestException as error:
            self._note(began, kind, None, type(error).__name__)
            return None
        self._note(began, kind, response)
        return response

    def _write(self, writer):
        engagement_id, secret = writer
        session = requests.Session()
        headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
        day = 0
        while not self.done.is_set():
            # A new date for each entry: the 24-hour day limit never gets in the way.
            date = (timezone.localdate() - dt.timedelta(days=1 + day % 290)).isoformat()
            day += 1
            body = {"date": date, "hours": 0.25, "note": "outage drill", "confirm_over_plan": True}
            response = self._send(session, "api-write", "POST", f"/api/v1/engagements/{engagement_id}/hours/", json=body, headers=headers)
            if response is not None and response.status_code == 201:
                with self.lock:
                    self.confirmed.append(response.json()["id"])
            time.sleep(0.1)

    def _read(self, n):
        session = requests.Session()
        pages = [("page", "/"), ("page", "/opportunities/"), ("page", "/en/opportunities/"), ("api-read", "/api/v1/opportunities/")]
        i = n
        while not self.done.is_set():
            kind, path = pages[i % len(pages)]
            i += 1
            self._send(session, kind, "GET", path, headers={"Accept-Language": "en"})
            time.sleep(0.1)


def test_the_site_answers_503_while_the_database_is_down_and_recovers_by_itself(org_a, admin_a, private_postgres, tmp_path):
    writers = _world(org_a, admin_a)
    folder = create_backup(into=tmp_path / "backups")
    restore_backup(folder, target=private_postgres.settings("khibra"), files=False)

    port = free_port()
    env = child_env(
        tmp_path / "data", DATABASE_URL=private_postgres.url("khibra"),
        API_RATE_LIMIT_IP="1000000/min", API_RATE_LIMIT_TOKEN="1000000/min",
    )
    log = tmp_path / "web.log"
    web = start(
        [str(ROOT / ".venv/bin/gunicorn"), "khibra.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--graceful-timeout", "5", "--error-logfile", "-"],
        env=env, log=log,
    )
    base = f"http://127.0.0.1:{port}"
    load = Load(base, writers)
    try:
        def healthy():
            if web.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                return requests.get(base + "/healthz", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        wait_for(healthy, timeout=180, every=0.5, what="gunicorn to answer")
        load.start()
        time.sleep(5)
        stopping_at = time.monotonic()
        private_postgres.stop("fast")
        stopped_at = time.monotonic()  # the server is down (pg_ctl waits for it)
        time.sleep(OUTAGE_SECONDS)
        starting_at = time.monotonic()
        private_postgres.start()
        started_at = time.monotonic()  # it accepts connections again

        def answers_again():
            recent = [r for r in load.results if r["t"] > time.monotonic() - 1.0]
            return len(recent) >= 3 and all(200 <= r["status"] < 300 for r in recent)

        wait_for(answers_again, timeout=RECOVERY_LIMIT, every=0.2, what="the site to answer again")
        steady_at = time.monotonic()
        time.sleep(5)
    finally:
        load.finish()
        stop(web)

    results = load.results
    before = [r for r in results if r["t"] < stopping_at]
    # Asked and answered while there was no database at all (a slow answer begun before the
    # stop may still be a success, and is not counted here).
    during = [r for r in results if r["began"] > stopped_at and r["t"] < starting_at]
    after = [r for r in results if r["t"] > steady_at]
    server_errors = [r for r in results if r["status"] >= 500]

    assert before and all(200 <= r["status"] < 300 for r in before), {r["status"] for r in before}
    # While it was down: only 503s, each with Retry-After and a friendly body, never a traceback.
    assert during and all(r["status"] == 503 for r in during), sorted({(r["kind"], r["status"], r["error"]) for r in during})
    assert [r for r in server_errors if r["status"] != 503] == []
    for r in server_errors:
        assert r["retry_after"] == "30"
        assert "Traceback" not in r["body"] and "OperationalError" not in r["body"]
        if r["kind"] == "page":
            assert FRIENDLY in r["body"]
        else:
            assert json.loads(r["body"])["error"]["code"] == "unavailable"
    assert not [r for r in results if r["status"] == 0], "the server dropped connections"
    # Back by itself, and steady.
    assert after and all(200 <= r["status"] < 300 for r in after), sorted({r["status"] for r in after})
    first_success = min(r["t"] for r in results if r["t"] > started_at and 200 <= r["status"] < 300)

    # Every entry the API confirmed (201) is in the database.
    with psycopg.connect(**{k.lower(): v for k, v in private_postgres.settings("khibra").items() if v and k != "NAME"}, dbname="khibra") as db:
        stored = {row[0] for row in db.execute("SELECT id FROM hours_hourentry WHERE note = 'outage drill'")}
    missing = set(load.confirmed) - stored
    assert load.confirmed and not missing, f"{len(missing)} confirmed entries are missing"

    figures = {
        "requests": len(results),
        "requests_per_second": round(len(results) / (results[-1]["t"] - results[0]["t"]), 1),
        "outage_seconds": round(started_at - stopping_at, 1),
        "answers_503_during_outage": sum(1 for r in results if r["status"] == 503),
        "answers_5xx_other_than_503": 0,
        "seconds_to_first_success_after_restart": round(first_success - started_at, 2),
        "seconds_to_steady_after_restart": round(steady_at - started_at, 2),
        "writes_confirmed": len(load.confirmed),
        "writes_confirmed_and_found": len(set(load.confirmed) & stored),
        "writes_stored_in_all": len(stored),
        "server_log_tracebacks": log.read_text(errors="replace").count("Traceback"),
    }
    report = ROOT / "var" / "reliability"
    report.mkdir(parents=True, exist_ok=True)
    (report / "database-outage.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures))
