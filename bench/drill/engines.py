"""The scale drill's engines (bench/drill/run.py): PostgreSQL primary and streaming replica, Redis,
gunicorn nodes, workers and HAProxy, each started under .drill/ on loopback ports of its own, and
stopped by Processes.stop_all() however the drill ends."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
import pwd
import signal
import socket
import subprocess
import time

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
DRILL = ROOT / ".drill"
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
NODE_WORKERS = os.environ.get("DRILL_NODE_WORKERS", "1")
LB_PORT = int(os.environ.get("DRILL_PORT", "8120"))
NODE_PORTS = {"web1": LB_PORT + 1, "web2": LB_PORT + 2}
STATS_PORT = LB_PORT + 9
PG_PORT = int(os.environ.get("DRILL_PG_PORT", "55432"))
REPLICA_PORT = PG_PORT + 1
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", "6390"))
SIGN_IN_LIMIT = 20
DATABASE = "khibra"


def log(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- processes ------------------------------------------------------------------------------------


class Processes:
    """What the drill started: children in their own process groups, and PostgreSQL clusters
    started with pg_ctl. stop_all() ends every one of them, and runs once however the drill ends."""

    def __init__(self):
        self.children: dict[str, subprocess.Popen] = {}
        self.clusters: list[Path] = []
        self.stopped = False

    def start(self, name: str, command: list[str], *, env: dict | None = None) -> subprocess.Popen:
        handle = (DRILL / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.children[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.children.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(20)

    def stop_all(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for name in list(self.children):
            process = self.children.pop(name)
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        for data in reversed(self.clusters):
            subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True)
        log("stopped everything the drill started")


PROCESSES = Processes()



def pg_bin(tool: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda p: int(p.parts[-3]), reverse=True)
    if not found:
        raise SystemExit(f"PostgreSQL's {tool} is missing (apt-get install postgresql)")
    return str(found[0])


def as_postgres(command: list[str]) -> list[str]:
    """initdb and the server refuse root: as root they run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command: list[str], *, env: dict | None = None, what: str) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_for(check, *, timeout: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception:  # noqa: BLE001 - not up yet
            value = None
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}")


# --- the engines ----------------------------------------------------------------------------------


def start_postgres() -> None:
    pg = DRILL / "pg"
    primary, sockets = pg / "primary", pg / "run"
    for folder in (primary, sockets):
        folder.mkdir(parents=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for folder in (pg, primary, sockets):
            os.chown(folder, owner.pw_uid, owner.pw_gid)
    run(as_postgres([pg_bin("initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]),
        what="initdb")
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nlisten_addresses = '127.0.0.1'\nport = {PG_PORT}\nunix_socket_directories = '{sockets}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nmax_connections = 200\n"
            # The planner settings `make bench` gives its database (docs/scaling.md).
            "random_page_cost = 1.1\nwork_mem = '16MB'\n"
        )
    PROCESSES.clusters.append(primary)
    run(as_postgres([pg_bin("pg_ctl"), "-D", str(primary), "-l", str(pg / "primary.log"), "-w", "start"]), what="starting the primary")
    run([pg_bin("psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-c", f"CREATE DATABASE {DATABASE}"], what="createdb")
    log(f"PostgreSQL primary on 127.0.0.1:{PG_PORT} ({primary.relative_to(ROOT)})")


def start_replica() -> None:
    pg = DRILL / "pg"
    replica = pg / "replica"
    run(as_postgres([pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-D", str(replica),
                     "-R", "-X", "stream", "-c", "fast"]), what="pg_basebackup")
    with (replica / "postgresql.conf").open("a") as conf:
        conf.write(f"\nport = {REPLICA_PORT}\n")
    PROCESSES.clusters.append(replica)
    run(as_postgres([pg_bin("pg_ctl"), "-D", str(replica), "-l", str(pg / "replica.log"), "-w", "start"]), what="starting the replica")
    wait_for(lambda: primary_value("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1,
             timeout=60, what="the replica to stream")
    log(f"PostgreSQL replica on 127.0.0.1:{REPLICA_PORT} (pg_basebackup -R into {replica.relative_to(ROOT)}), streaming")


def connect(port: int):
    return psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=DATABASE, autocommit=True)


def primary_value(sql: str, params=None):
    with connect(PG_PORT) as db:
        return db.execute(sql, params).fetchone()[0]


def replica_value(sql: str, params=None):
    with connect(REPLICA_PORT) as db:
        return db.execute(sql, params).fetchone()[0]


def app_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REDIS", "PYTEST"))}
    env.update(
        DEBUG="1",
        DATA_DIR=str(DRILL / "data"),  # media and exports: one folder every node and worker reaches
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DATABASE}",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        EMAIL_BACKEND="bench.drill.mailbox.MailboxBackend",
        DRILL_MAILBOX=str(DRILL / "mailbox.jsonl"),
        # One address sends every request of the load: only the sign-in limit is low, for the check.
        API_RATE_LIMIT_IP="1000000/min",
        API_RATE_LIMIT_TOKEN="1000000/min",
        API_RATE_LIMIT_SIGN_IN=f"{SIGN_IN_LIMIT}/min",
        # Short leases, so that what the killed worker held is handed on within the run. Not
        # shorter for e-mail: the sweeper wakes a waiting e-mail again once per lease, and a backlog
        # slower than that would fill the queue with wake-ups (docs/reliability.md).
        MATCHING_ALERT_LEASE_SECONDS="10",
        EMAIL_LEASE_SECONDS="60",
        SITE_URL=f"http://127.0.0.1:{LB_PORT}",
        PYTHONPATH=str(ROOT),
    )
    return env


def start_node(name: str, env: dict) -> None:
    PROCESSES.start(
        name,
        [str(BIN / "gunicorn"), "khibra.wsgi:application", "--bind", f"127.0.0.1:{NODE_PORTS[name]}", "--workers", NODE_WORKERS,
         "--threads", "4", "--keep-alive", "30", "--graceful-timeout", "5", "--no-control-socket"],
        env=env,
    )


def node_up(name: str) -> bool:
    return requests.get(f"http://127.0.0.1:{NODE_PORTS[name]}/healthz", timeout=5).status_code == 200


def start_worker(name: str, env: dict) -> None:
    PROCESSES.start(name, [PYTHON, "manage.py", "worker", "--sweep-every", "3"], env=env)


def haproxy_servers() -> dict:
    """HAProxy's own count of requests per node (its stats CSV)."""
    text = requests.get(f"http://127.0.0.1:{STATS_PORT}/;csv", timeout=5).text.lstrip("# ")
    return {row["svname"]: {"requests": int(row["stot"] or 0), "status": row["status"]}
            for row in csv.DictReader(io.StringIO(text)) if row["pxname"] == "nodes" and row["svname"] in NODE_PORTS}
