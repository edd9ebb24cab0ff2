"""PostgreSQL is stopped for 15 s in the middle of an alert fan-out and started again, under
`bin/run` (worker and gunicorn, as `make run`): the worker does not exit, nothing is restarted, and
every alert and every e-mail still arrives exactly once; /healthz then reports a fresh heartbeat.

A private PostgreSQL server (as in test_database_outage) holds a copy of the test's world:
volunteers who fit a finance opportunity and want alerts at once. `manage.py worker` works the
fan-out (started by bin/run); once part of the alerts are out, the server is stopped (fast shutdown: every connection is
cut), kept down for OUTAGE_SECONDS, and started again.
"""

from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace

from django.db import connection
import psycopg
import pytest

from khibra.core.backup import create_backup, restore_backup
from khibra.core.models import Notification, OutboundEmail, WorkerHeartbeat
from khibra.matching import alerts as matching_alerts, tasks
from khibra.matching.models import Alert
from khibra.testing.factories import field, matching_opportunity

from .processes import ROOT, child_env, free_port, manage, wait_for
from .test_database_outage import private_postgres  # noqa: F401 - the fixture
from .test_run_supervisor import child_pids, health, interrupt, start_run
from .test_worker_fault import _fitting_volunteers

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VOLUNTEERS = int(os.environ.get("FAULT_OUTAGE_VOLUNTEERS", "600"))
OUTAGE_SECONDS = 15


def test_the_worker_outlives_a_database_outage_mid_fan_out(org_a, admin_a, private_postgres, tmp_path, monkeypatch):  # noqa: F811
    _fitting_volunteers(VOLUNTEERS)
    monkeypatch.setattr(tasks, "fan_out_alerts", SimpleNamespace(enqueue=lambda **kwargs: None))
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")], hours_per_week=5)
    fitting = matching_alerts.alert_recipients(opportunity).count()
    assert fitting == VOLUNTEERS
    restore_backup(create_backup(into=tmp_path / "backups"), target=private_postgres.settings("khibra"), files=False)

    env = child_env(
        tmp_path / "data", DATABASE_URL=private_postgres.url("khibra"), MATCHING_ALERT_LEASE_SECONDS="3", EMAIL_LEASE_SECONDS="15",
        LEASE_SWEEP_SECONDS="2",
    )
    params = {k.lower(): v for k, v in private_postgres.settings("khibra").items() if v and k != "NAME"}

    def count(sql: str, args=()) -> int | None:
        try:
            with psycopg.connect(**params, dbname="khibra", connect_timeout=2) as db:
                return db.execute(sql, args).fetchone()[0]
        except psycopg.OperationalError:
            return None

    alerts, notes, emails = Alert._meta.db_table, Notification._meta.db_table, OutboundEmail._meta.db_table
    sent_alerts = f"SELECT count(*) FROM {alerts} WHERE opportunity_id = %s AND status = 'sent'"
    queued = manage("shell", "-c", f"from khibra.matching import tasks; tasks.fan_out_alerts.enqueue(opportunity_id={opportunity.pk})", env=env)
    assert queued.returncode == 0, queued.stderr
    log, port = tmp_path / "run.log", free_port()
    base = f"http://127.0.0.1:{port}"
    run = start_run(env, log, port)

    def running() -> bool:
        if run.poll() is not None or "run: the worker stopped" in log.read_text(errors="replace"):
            raise AssertionError(f"the worker stopped by itself:\n{log.read_text(errors='replace')[-3000:]}")
        return True

    try:
        wait_for(lambda: running() and (count(sent_alerts, [opportunity.pk]) or 0) >= max(1, VOLUNTEERS // 20),
                 timeout=300, every=0.05, what="the first alerts to go out")
        at_stop = count(sent_alerts, [opportunity.pk])
        private_postgres.stop("fast")
        stopped = time.monotonic()
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            running()
            time.sleep(0.5)
        private_postgres.start()
        restarted = time.monotonic()
        at_restart = count(sent_alerts, [opportunity.pk])
        wait_for(lambda: running() and count(sent_alerts, [opportunity.pk]) == fitting, timeout=600, every=0.5, what="every alert to be sent")
        alerts_done = time.monotonic() - restarted
        wait_for(lambda: running() and count(f"SELECT count(*) FROM {emails} WHERE dedupe_key LIKE 'alert:%%' AND status = 'sent'") == fitting,
                 timeout=600, every=0.5, what="every alert e-mail to be sent")
        emails_done = time.monotonic() - restarted
        wait_for(lambda: running() and (health(base) or {}).get("worker", {}).get("status") == "ok", timeout=60, every=0.5,
                 what="/healthz to report the worker again")
        running()
    finally:
        if run.poll() is None:
            interrupt(run, log)

    assert at_restart is not None and at_restart < fitting, "the outage did not fall in the middle of the fan-out"
    assert count(f"SELECT count(*) FROM {alerts} WHERE opportunity_id = %s", [opportunity.pk]) == fitting
    assert count(f"SELECT count(*) FROM {notes} WHERE kind = 'matching.alert'") == fitting
    assert count(f"SELECT count(DISTINCT user_id) FROM {notes} WHERE kind = 'matching.alert'") == fitting
    assert count(f"SELECT count(*) FROM {emails} WHERE dedupe_key LIKE 'alert:%%'") == fitting
    mail_dir = tmp_path / "data" / "mail"
    messages = sum(path.read_text(errors="replace").count("\nSubject: ") for path in mail_dir.iterdir())
    assert fitting <= messages <= fitting + 1  # the transport is at least once (see test_worker_fault)
    text = log.read_text(errors="replace")
    assert "database unavailable" in text
    assert len(child_pids(log, "worker")) == 1 and len(child_pids(log, "web")) == 1  # nothing was restarted
    assert count(f"SELECT count(*) FROM {WorkerHeartbeat._meta.db_table} WHERE seen_at > now() - interval '60 seconds'") >= 1

    figures = {
        "engine": connection.vendor,
        "fitting_volunteers": fitting,
        "outage_seconds": OUTAGE_SECONDS,
        "alerts_sent_when_stopped": at_stop,
        "alerts_sent_when_started_again": at_restart,
        "all_alerts_sent_seconds_after_restart": round(alerts_done, 1),
        "all_emails_sent_seconds_after_restart": round(emails_done, 1),
        "mail_messages_written": messages,
        "worker_waits_logged": text.count("database unavailable"),
    }
    report = ROOT / "var" / "reliability"
    report.mkdir(parents=True, exist_ok=True)
    (report / "worker-outage.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures))
