"""`make scale-drill`: Khibra scaled out on one machine, loaded, and broken on purpose.

It starts, all under .drill/ and on loopback ports of its own:
  a PostgreSQL primary (initdb) and a streaming replica (pg_basebackup -R), Redis, two gunicorn
  nodes behind HAProxy, two task workers (`manage.py worker`)
and loads the demo world, the load test's accounts and a few thousand volunteers waiting for an
alert. Then locust (closed loop, at most DRILL_SECONDS, 285 by default) loads the balancer while
the drill publishes an opportunity that fans out one alert e-mail per fitting volunteer, kills a
worker (SIGKILL) in the middle of it, measures two nodes, kills a web node (SIGKILL), measures
one node, starts it again and measures two again. Afterwards it checks one rate limit across both
nodes and counts: acknowledged writes against rows, alert e-mails against the outbox, the
replica's lag. It prints the figures, writes them to bench/drill/results.json, and stops
everything it started (also on failure or Ctrl-C).

Knobs: DRILL_USERS (16), DRILL_SECONDS (285), DRILL_FAN_OUT (2000 volunteers), DRILL_WINDOW (40 s
per measured window), DRILL_NODE_WORKERS (gunicorn processes per node, 1), DRILL_PORT (8120: the
balancer; nodes +1 and +2, HAProxy's stats +9), DRILL_PG_PORT (55432; the replica +1),
DRILL_REDIS_PORT (6390).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import sys
import threading
import time

import psycopg
import requests

from bench.drill import figures
from bench.drill.engines import (
    BIN,
    DATABASE,
    DRILL,
    LB_PORT,
    NODE_PORTS,
    NODE_WORKERS,
    PG_PORT,
    PROCESSES,
    PYTHON,
    REDIS_PORT,
    REPLICA_PORT,
    ROOT,
    SIGN_IN_LIMIT,
    STATS_PORT,
    app_env,
    connect,
    haproxy_servers,
    log,
    node_up,
    port_free,
    primary_value,
    replica_value,
    run,
    start_node,
    start_postgres,
    start_replica,
    start_worker,
    wait_for,
)

RESULTS = ROOT / "bench" / "drill" / "results.json"
USERS = int(os.environ.get("DRILL_USERS", "16"))
SECONDS = min(int(os.environ.get("DRILL_SECONDS", "285")), 300)
FAN_OUT = int(os.environ.get("DRILL_FAN_OUT", "1000"))
WINDOW = int(os.environ.get("DRILL_WINDOW", "40"))


def _on_signal(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


# --- measuring -----------------------------------------------------------------------------------


class LagSampler(threading.Thread):
    """Once a second: the primary's view of the replica (replay lag, bytes behind) and the
    replica's own (time since the last transaction it replayed)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[dict] = []
        self.halt = threading.Event()

    def run(self):
        try:
            primary, replica = connect(PG_PORT), connect(REPLICA_PORT)
        except psycopg.Error:
            return
        while not self.halt.wait(1.0):
            try:
                lag, behind = primary.execute(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag), 0)::float, "
                    "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication"
                ).fetchone()
                since = replica.execute("SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float").fetchone()[0]
                self.samples.append({"at": time.time(), "replay_lag_s": lag, "bytes_behind": behind, "replica_since_last_replay_s": since})
            except (psycopg.Error, TypeError):
                continue

    def summary(self) -> dict:
        lags = [s["replay_lag_s"] for s in self.samples]
        behind = [s["bytes_behind"] for s in self.samples]
        return {
            "samples": len(self.samples),
            "replay_lag_ms_p50": _ms(figures.percentile(lags, 0.5)),
            "replay_lag_ms_p95": _ms(figures.percentile(lags, 0.95)),
            "replay_lag_ms_max": _ms(max(lags) if lags else None),
            "bytes_behind_max": max(behind) if behind else None,
        }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def database_reads(port: int) -> dict:
    with connect(port) as db:
        commits, returned = db.execute(
            "SELECT xact_commit, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = %s", [DATABASE]
        ).fetchone()
    return {"transactions": commits, "rows_read": returned}


def fan_out_state(opportunity_id: int) -> dict:
    """The alerts of the opportunity (those for volunteers who want them at once are e-mailed now;
    daily and weekly ones wait for their digest) and the outbox rows of those alerts."""
    with connect(PG_PORT) as db:
        alerts, immediate, sent, held = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE frequency = 'immediate'), count(*) FILTER (WHERE status = 'sent'), "
            "count(*) FILTER (WHERE status = 'pending' AND claimed_by <> '') FROM matching_alert WHERE opportunity_id = %s",
            [opportunity_id],
        ).fetchone()
        outbox, outbox_sent, sending = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'sending') "
            "FROM core_outboundemail WHERE dedupe_key IN (SELECT 'alert:' || id FROM matching_alert WHERE opportunity_id = %s)",
            [opportunity_id],
        ).fetchone()
    return {"alerts": alerts, "immediate": immediate, "alerts_sent": sent, "alerts_held": held, "outbox": outbox,
            "outbox_sent": outbox_sent, "outbox_sending": sending}


def alert_addresses(opportunity_id: int) -> set[str]:
    with connect(PG_PORT) as db:
        rows = db.execute(
            "SELECT u.email FROM matching_alert a JOIN volunteers_volunteerprofile p ON p.id = a.volunteer_id "
            "JOIN accounts_user u ON u.id = p.user_id WHERE a.opportunity_id = %s AND a.frequency = 'immediate'", [opportunity_id]
        ).fetchall()
    return {row[0] for row in rows}


def mailbox() -> list[dict]:
    path = DRILL / "mailbox.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def limit_check() -> dict:
    """Sign-ins (POST /api/v1/auth/token/, limited per address) sent to one node, then the other,
    directly: with one limit shared through Redis, SIGN_IN_LIMIT pass and the rest are 429."""
    accounts = json.loads((DRILL / "accounts.json").read_text())
    statuses, retry_after = [], []
    for n in range(SIGN_IN_LIMIT + 10):
        node = "web1" if n % 2 == 0 else "web2"
        response = requests.post(
            f"http://127.0.0.1:{NODE_PORTS[node]}/api/v1/auth/token/",
            json={"email": accounts["limit_account"], "password": accounts["password"], "name": f"limit {n}"},
            timeout=30,
        )
        statuses.append((node, response.status_code))
        if response.status_code == 429:
            retry_after.append(response.headers.get("Retry-After"))
    result = figures.limit_across_nodes(statuses, SIGN_IN_LIMIT)
    result["every_429_has_retry_after"] = all(value and value.isdigit() for value in retry_after)
    result["statuses"] = [status for _node, status in statuses]
    return result


# --- the drill ------------------------------------------------------------------------------------


def main() -> int:
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    atexit.register(PROCESSES.stop_all)
    for tool in ("haproxy", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: bin/scale-drill installs it with apt-get")
    busy = [port for port in (LB_PORT, *NODE_PORTS.values(), STATS_PORT, PG_PORT, REPLICA_PORT, REDIS_PORT) if not port_free(port)]
    if busy:
        raise SystemExit(f"ports in use: {busy} (another drill running? set DRILL_PORT, DRILL_PG_PORT, DRILL_REDIS_PORT)")
    if DRILL.exists():
        shutil.rmtree(DRILL)
    (DRILL / "logs").mkdir(parents=True)
    (DRILL / "data").mkdir()
    (DRILL / "redis").mkdir()
    began = time.time()

    status = 1
    try:
        status = drill(began)
        return status
    finally:
        PROCESSES.stop_all()
        if status == 0:
            # The databases (about 200 MB) go; the logs, accounts and mailbox stay for a look. After
            # a failure everything stays; the next run starts by removing .drill/.
            shutil.rmtree(DRILL / "pg", ignore_errors=True)


def drill(began: float) -> int:
    env = app_env()
    start_postgres()
    PROCESSES.start("redis", ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                              "--dir", str(DRILL / "redis")])
    log("loading: migrations, the demo world, load-test accounts, fan-out volunteers")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, what="migrate")
    run([PYTHON, "manage.py", "load_demo", "--quiet"], env=env, what="load_demo")
    accounts = DRILL / "accounts.json"
    run([PYTHON, "loadtest/prepare.py", str(accounts), "--volunteers", "40"], env=env, what="loadtest/prepare.py")
    log(run([PYTHON, "-m", "bench.drill.prepare", "world", str(accounts), "--fan-out", str(FAN_OUT)], env=env, what="drill world").strip())
    rows = primary_value(
        "SELECT sum(n_live_tup)::bigint FROM pg_stat_user_tables"
    )
    start_replica()
    wait_for(lambda: port_free(REDIS_PORT) is False, timeout=20, what="Redis")

    for name in NODE_PORTS:
        start_node(name, env)
    for name in ("worker1", "worker2"):
        start_worker(name, env)
    (DRILL / "haproxy.cfg").write_text(figures.haproxy_config(
        port=LB_PORT, servers=list(NODE_PORTS.items()), per_server=4 * int(NODE_WORKERS), stats_port=STATS_PORT
    ))
    PROCESSES.start("haproxy", ["haproxy", "-db", "-f", str(DRILL / "haproxy.cfg")])
    for name in NODE_PORTS:
        wait_for(lambda name=name: node_up(name), timeout=120, what=f"{name} to answer")
    wait_for(lambda: all(s["status"] == "UP" for s in haproxy_servers().values()), timeout=30, what="HAProxy to see both nodes")
    log(f"up: HAProxy 127.0.0.1:{LB_PORT} -> web1 :{NODE_PORTS['web1']}, web2 :{NODE_PORTS['web2']} "
        f"({NODE_WORKERS} process x 4 threads each); 2 workers; Redis :{REDIS_PORT}; set-up took {time.time() - began:.0f} s")

    reads_before = {"primary": database_reads(PG_PORT), "replica": database_reads(REPLICA_PORT)}
    sampler = LagSampler()
    sampler.start()
    marks: dict[str, float] = {}
    requests_file = DRILL / "requests.json"
    locust_env = {**env, "DRILL_ACCOUNTS": str(accounts), "DRILL_REQUESTS": str(requests_file)}
    locust = PROCESSES.start(
        "locust",
        [str(BIN / "locust"), "-f", "bench/drill/locustfile.py", "--headless", "--host", f"http://127.0.0.1:{LB_PORT}",
         "--users", str(USERS), "--spawn-rate", str(USERS), "--run-time", f"{SECONDS}s", "--stop-timeout", "5",
         "--only-summary", "--loglevel", "WARNING"],
        env=locust_env,
    )
    marks["load_start"] = time.time()
    log(f"load: locust, {USERS} users without think time, at most {SECONDS} s, against HAProxy")

    def elapsed() -> float:
        return time.time() - marks["load_start"]

    def alive():
        if locust.poll() is not None:
            raise SystemExit(f"locust stopped early ({locust.returncode}); see .drill/logs/locust.log")

    # Two nodes, one (web2 killed mid-run), two again (web2 started again): each window with
    # nothing but the load running, so the throughputs compare.
    time.sleep(8)
    marks["two_nodes_a_start"] = time.time()
    time.sleep(WINDOW)
    marks["two_nodes_a_end"] = time.time()
    alive()
    served_before_kill = haproxy_servers()
    PROCESSES.kill("web2")
    marks["web_killed"] = time.time()
    log(f"killed web2 (SIGKILL) at {elapsed():.0f} s")
    time.sleep(3)
    marks["one_node_start"] = time.time()
    time.sleep(WINDOW)
    marks["one_node_end"] = time.time()
    alive()
    start_node("web2", env)
    wait_for(lambda: node_up("web2"), timeout=60, what="web2 to come back")
    wait_for(lambda: haproxy_servers()["web2"]["status"] == "UP", timeout=30, what="HAProxy to take web2 back")
    marks["web_back"] = time.time()
    log(f"web2 started again and back in HAProxy at {elapsed():.0f} s")
    marks["two_nodes_b_start"] = time.time()
    time.sleep(WINDOW)
    marks["two_nodes_b_end"] = time.time()
    alive()

    # Then, still under load, an opportunity fans out one e-mail per fitting volunteer, and a
    # worker is killed once a tenth of the alerts are out.
    published = json.loads(run([PYTHON, "-m", "bench.drill.prepare", "publish"], env=env, what="publishing").strip().splitlines()[-1])
    opportunity_id, fitting = published["opportunity_id"], published["fitting"]
    marks["fan_out_published"] = time.time()
    immediate = fan_out_state(opportunity_id)["immediate"] or fitting
    log(f"published opportunity {opportunity_id}: {fitting} fitting volunteers, {immediate} of them want an alert at once")
    wait_for(lambda: alive() or fan_out_state(opportunity_id)["alerts_sent"] >= max(1, immediate // 10), timeout=120,
             every=0.1, what="a tenth of the alerts to go out")
    at_kill = fan_out_state(opportunity_id)
    PROCESSES.kill("worker1")
    marks["worker_killed"] = time.time()
    log(f"killed worker1 (SIGKILL) at {elapsed():.0f} s: {at_kill['alerts_sent']} of {immediate} alerts sent, "
        f"{at_kill['alerts_held']} alerts and {at_kill['outbox_sending']} e-mails held by it")

    def fan_out_done() -> bool:
        state = fan_out_state(opportunity_id)
        return state["alerts"] == fitting and state["alerts_sent"] == state["outbox"] == state["outbox_sent"] == state["immediate"]

    while time.time() < marks["load_start"] + SECONDS - 5 and not fan_out_done():
        alive()
        time.sleep(1)
    fan_out_under_load = fan_out_done()
    served = haproxy_servers()
    if locust.poll() is None:
        os.killpg(locust.pid, signal.SIGTERM)
    locust.wait(60)
    PROCESSES.children.pop("locust", None)
    marks["load_end"] = time.time()
    sampler.halt.set()
    log(f"load stopped after {marks['load_end'] - marks['load_start']:.0f} s; the fan-out "
        f"{'had finished' if fan_out_under_load else 'goes on without load'}")
    wait_for(fan_out_done, timeout=300, every=1, what="the fan-out to finish after the load")
    marks["fan_out_done"] = time.time()
    log(f"fan-out finished {marks['fan_out_done'] - marks['fan_out_published']:.0f} s after publishing, by the surviving worker")

    # --- after the load ---------------------------------------------------------------------------
    limits = limit_check()
    recipients = alert_addresses(opportunity_id)
    data = json.loads(requests_file.read_text())
    answers = [figures.Request(*row) for row in data["requests"]]
    acknowledged = data["acknowledged"]
    with connect(PG_PORT) as db:
        stored = [row[0] for row in db.execute(
            "SELECT id FROM hours_hourentry WHERE note = 'تمرين التوسع'").fetchall()]
        primary_lsn = db.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    wait_for(lambda: replica_value("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_lsn]), timeout=60,
             what="the replica to catch up")
    replica_rows = replica_value("SELECT count(*) FROM hours_hourentry WHERE note = 'تمرين التوسع'")
    reads_after = {"primary": database_reads(PG_PORT), "replica": database_reads(REPLICA_PORT)}
    delivered = [line["to"][0] for line in mailbox() if line["to"] and line["to"][0] in recipients]
    mail = figures.duplicate_mail(delivered)
    state = fan_out_state(opportunity_id)

    def measured(start: str, end: str) -> dict:
        return figures.window(answers, marks[start], marks[end])

    two_a, one, two_b = measured("two_nodes_a_start", "two_nodes_a_end"), measured("one_node_start", "one_node_end"), \
        measured("two_nodes_b_start", "two_nodes_b_end")
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(began)),
        "machine": {"cores": os.cpu_count(), "shared": True, "load_average_at_end": list(os.getloadavg())},
        "set_up": {"users": USERS, "node_processes": int(NODE_WORKERS), "threads": 4, "fan_out_volunteers": FAN_OUT,
                   "rows_in_database": rows, "window_seconds": WINDOW, "set_up_seconds": round(marks["load_start"] - began)},
        "throughput": {
            "two_nodes_before": two_a,
            "one_node": one,
            "two_nodes_after": two_b,
            "ratio_two_to_one": figures.ratio([two_a["per_second"], two_b["per_second"]], one["per_second"]),
        },
        "requests_served_by_node": {name: s["requests"] for name, s in served.items()},
        "requests_served_by_node_before_the_kill": {name: s["requests"] for name, s in served_before_kill.items()},
        "errors": {
            **figures.errors_seen(answers),
            "requests": len(answers),
            "within_5_s_of_killing_web2": figures.near(answers, marks["web_killed"]),
            "within_5_s_of_killing_worker1": figures.near(answers, marks["worker_killed"]),
        },
        "writes": {**figures.lost_writes(acknowledged, stored), "rows_on_replica_after_catch_up": replica_rows,
                   "rows_on_primary": len(stored), "refused_by_a_rule": len(data.get("refused", [])),
                   "refusal_examples": sorted(set(data.get("refused", [])))[:3]},
        "e_mail": {"fitting_volunteers": fitting, **state, "at_worker_kill": at_kill, "transport": mail,
                   "missing": len(recipients - set(delivered)), "finished_under_load": fan_out_under_load,
                   "fan_out_seconds": round(marks["fan_out_done"] - marks["fan_out_published"], 1)},
        "rate_limit": limits,
        "replica": {
            **sampler.summary(),
            "transactions_served": {k: reads_after[k]["transactions"] - reads_before[k]["transactions"] for k in reads_after},
            "rows_read": {k: reads_after[k]["rows_read"] - reads_before[k]["rows_read"] for k in reads_after},
        },
        "timeline_seconds": {name: round(at - marks["load_start"], 1) for name, at in sorted(marks.items(), key=lambda m: m[1])},
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    report(results)
    failed = []
    if not acknowledged:
        failed.append("no write was acknowledged: the drill proved nothing about lost writes")
    if results["writes"]["lost"]:
        failed.append("acknowledged writes were lost")
    if mail["duplicates"] or results["e_mail"]["missing"]:
        failed.append("alert e-mails went twice or not at all")
    if not limits["one_limit"]:
        failed.append("the rate limit was not one across the nodes")
    if replica_rows != len(stored):
        failed.append("the replica does not hold the primary's rows")
    for reason in failed:
        log(f"FAILED: {reason}")
    return 1 if failed else 0


def report(r: dict) -> None:
    t, e, w, m, lim, rep = r["throughput"], r["errors"], r["writes"], r["e_mail"], r["rate_limit"], r["replica"]
    lines = [
        "",
        "== scale drill ==================================================================",
        f"machine: {r['machine']['cores']} cores, shared (load average at the end {r['machine']['load_average_at_end'][0]:.1f}); "
        f"{r['set_up']['rows_in_database']:,} rows; {r['set_up']['users']} users",
        f"throughput, two nodes (before)  : {t['two_nodes_before']['per_second']:>7} req/s ({t['two_nodes_before']['requests']} in {t['two_nodes_before']['seconds']} s, {t['two_nodes_before']['failures']} failed)",
        f"throughput, one node            : {t['one_node']['per_second']:>7} req/s ({t['one_node']['requests']} in {t['one_node']['seconds']} s, {t['one_node']['failures']} failed)",
        f"throughput, two nodes (after)   : {t['two_nodes_after']['per_second']:>7} req/s ({t['two_nodes_after']['requests']} in {t['two_nodes_after']['seconds']} s, {t['two_nodes_after']['failures']} failed)",
        f"ratio two nodes / one node      : {t['ratio_two_to_one']} (before {figures.ratio([t['two_nodes_before']['per_second']], t['one_node']['per_second'])}, "
        f"after {figures.ratio([t['two_nodes_after']['per_second']], t['one_node']['per_second'])})",
        f"requests served per node        : {r['requests_served_by_node']}",
        f"errors clients saw              : {e['total']} of {e['requests']} (connection {e['connection']}, 5xx {e['server_5xx']}, other {e['other']}); "
        f"{e['within_5_s_of_killing_web2']} within 5 s of killing web2, {e['within_5_s_of_killing_worker1']} of killing worker1",
        f"   by request                   : {e['by_request']}",
        f"writes acknowledged / found     : {w['acknowledged']} / {w['found']}  -> lost {w['lost']}; stored but not acknowledged {w['stored_not_acknowledged']}; "
        f"replica holds {w['rows_on_replica_after_catch_up']} of {w['rows_on_primary']}",
        f"alert e-mails                   : {m['fitting_volunteers']} fitting, {m['immediate']} at once, {m['alerts_sent']} sent, outbox {m['outbox_sent']}/{m['outbox']} sent, "
        f"transport got {m['transport']['messages']} for {m['transport']['addresses']} addresses -> duplicates {m['transport']['duplicates']}, missing {m['missing']}",
        f"   worker1 killed holding       : {m['at_worker_kill']['alerts_held']} alerts, {m['at_worker_kill']['outbox_sending']} e-mails; fan-out took {m['fan_out_seconds']} s",
        f"rate limit ({lim['limit']}/min sign-ins) : {lim['allowed']} allowed {lim['allowed_by_node']}, {lim['refused_429']} refused {lim['refused_by_node']} -> "
        f"{'one limit across both nodes' if lim['one_limit'] else 'NOT ONE LIMIT'}; Retry-After on every 429: {lim['every_429_has_retry_after']}",
        f"replica lag (replay)            : p50 {rep['replay_lag_ms_p50']} ms, p95 {rep['replay_lag_ms_p95']} ms, max {rep['replay_lag_ms_max']} ms; "
        f"at most {rep['bytes_behind_max']} bytes behind ({rep['samples']} samples)",
        f"transactions served             : primary {rep['transactions_served']['primary']:,}, replica {rep['transactions_served']['replica']:,}",
        f"figures written to {RESULTS.relative_to(ROOT)}",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
