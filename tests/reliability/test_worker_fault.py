"""The task worker is killed (SIGKILL) in the middle of an alert fan-out and started again:
every fitting volunteer still gets exactly one alert, one in-app notification and one e-mail.

Real processes on a real database: the test writes a few thousand fitting volunteers, queues the
fan-out task, starts `manage.py worker`, kills it once part of the alerts are out, and starts it
again. The alert and e-mail leases are shortened (MATCHING_ALERT_LEASE_SECONDS,
EMAIL_LEASE_SECONDS) so that what the dead worker held is handed on within seconds.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from types import SimpleNamespace

from django.db import connection
import pytest

from khibra.accounts.models import PolicyAcceptance, User
from khibra.core.models import Notification, OutboundEmail
from khibra.matching import alerts as matching_alerts, tasks
from khibra.matching.models import Alert, AlertPreference
from khibra.testing.factories import charter_policy, city, field, language, matching_opportunity
from khibra.volunteers.models import VolunteerProfile

from .processes import PYTHON, ROOT, manage, share_database, start, stop, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VOLUNTEERS = int(os.environ.get("FAULT_ALERT_VOLUNTEERS", "2000"))
ALERT_LEASE_SECONDS = "3"
# Longer than a sweep or two: the sweeper queues again every e-mail still waiting after the lease.
EMAIL_LEASE_SECONDS = "15"


def _fitting_volunteers(n: int) -> None:
    """n volunteers who fit a finance opportunity and want alerts at once (bulk, set-based)."""
    charter = charter_policy()
    users = User.objects.bulk_create(
        [User(email=f"fault{i}@volunteers.example.sa", full_name=f"متطوع رقم {i}", password="!") for i in range(n)]
    )
    profiles = VolunteerProfile.objects.bulk_create(
        [VolunteerProfile(user=user, city=city("riyadh"), hours_per_week=10, years_of_experience=5, work_mode="both") for user in users]
    )
    finance, arabic = field("finance-accounting"), language("ar")
    VolunteerProfile.fields.through.objects.bulk_create(
        [VolunteerProfile.fields.through(volunteerprofile_id=p.pk, field_id=finance.pk) for p in profiles]
    )
    VolunteerProfile.languages.through.objects.bulk_create(
        [VolunteerProfile.languages.through(volunteerprofile_id=p.pk, language_id=arabic.pk) for p in profiles]
    )
    PolicyAcceptance.objects.bulk_create([PolicyAcceptance(user=user, policy=charter) for user in users])
    AlertPreference.objects.bulk_create([AlertPreference(volunteer=p, frequency="immediate") for p in profiles])


def _running(worker, log) -> bool:
    if worker.poll() is not None:
        raise AssertionError(f"the worker stopped by itself:\n{log.read_text(errors='replace')[-3000:]}")
    return True


class Counter:
    """Reads the database the worker writes: the test database itself on PostgreSQL, the copy
    the worker was given on SQLite."""

    def __init__(self, env):
        self.path = None if connection.vendor == "postgresql" else os.path.join(env["DATA_DIR"], "khibra.sqlite3")

    def __call__(self, sql: str, params=()) -> int:
        if self.path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), list(params) or None)
                return cursor.fetchone()[0]
        with sqlite3.connect(self.path, timeout=30) as conn:
            return conn.execute(sql, params).fetchone()[0]


def test_killing_the_worker_mid_fan_out_loses_no_alert_and_sends_none_twice(org_a, admin_a, tmp_path, monkeypatch):
    _fitting_volunteers(VOLUNTEERS)
    # Published without waking anyone: the worker started below does the fan-out.
    monkeypatch.setattr(tasks, "fan_out_alerts", SimpleNamespace(enqueue=lambda **kwargs: None))
    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")], hours_per_week=5)
    fitting = matching_alerts.alert_recipients(opportunity).count()
    assert fitting == VOLUNTEERS

    env = share_database(tmp_path / "data")
    env.update(MATCHING_ALERT_LEASE_SECONDS=ALERT_LEASE_SECONDS, EMAIL_LEASE_SECONDS=EMAIL_LEASE_SECONDS)
    count = Counter(env)
    alerts, notes, emails = Alert._meta.db_table, Notification._meta.db_table, OutboundEmail._meta.db_table
    sent_alerts = f"SELECT count(*) FROM {alerts} WHERE opportunity_id = ? AND status = 'sent'"

    queued = manage("shell", "-c", f"from khibra.matching import tasks; tasks.fan_out_alerts.enqueue(opportunity_id={opportunity.pk})", env=env)
    assert queued.returncode == 0, queued.stderr
    worker_command = [PYTHON, "manage.py", "worker", "--sweep-every", "2"]
    log = tmp_path / "worker.log"
    began = time.monotonic()
    worker = start(worker_command, env=env, log=log)
    try:
        # Kill it once some, but far from all, of the alerts are out.
        def some_sent() -> bool:
            _running(worker, log)
            return count(sent_alerts, [opportunity.pk]) >= max(1, VOLUNTEERS // 20)

        wait_for(some_sent, timeout=300, every=0.05, what="the first alerts to go out")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        killed_after = time.monotonic() - began
        at_kill = count(sent_alerts, [opportunity.pk])
        assert 0 < at_kill < VOLUNTEERS, f"the worker was not killed mid-delivery ({at_kill} of {VOLUNTEERS} sent)"
        held = count(f"SELECT count(*) FROM {alerts} WHERE status = 'pending' AND claimed_by <> ''")

        restarted = time.monotonic()
        worker = start(worker_command, env=env, log=log)
        wait_for(lambda: _running(worker, log) and count(sent_alerts, [opportunity.pk]) == VOLUNTEERS, timeout=600, every=0.5, what="every alert to be sent")
        alerts_done = time.monotonic() - restarted
        try:
            wait_for(
                lambda: count(f"SELECT count(*) FROM {emails} WHERE dedupe_key LIKE ? AND status = 'sent'", ["alert:%"]) == VOLUNTEERS,
                timeout=600, every=0.5, what="every alert e-mail to be sent",
            )
        except AssertionError as error:
            states = {state: count(f"SELECT count(*) FROM {emails} WHERE status = ?", [state]) for state in ("queued", "sending", "sent", "failed")}
            raise AssertionError(f"{error}; e-mails by status: {states}; worker log: {log.read_text(errors='replace')[-2000:]}") from None
        recovered = time.monotonic() - restarted
    finally:
        stop(worker)
        if worker.poll() is None:  # pragma: no cover
            os.killpg(worker.pid, signal.SIGKILL)

    # One alert row per fitting volunteer, each sent, each announced once in the app...
    assert count(f"SELECT count(*) FROM {alerts} WHERE opportunity_id = ?", [opportunity.pk]) == fitting
    assert count(f"SELECT count(DISTINCT volunteer_id) FROM {alerts} WHERE opportunity_id = ? AND status = 'sent'", [opportunity.pk]) == fitting
    assert count(f"SELECT count(*) FROM {notes} WHERE kind = 'matching.alert'") == fitting
    assert count(f"SELECT count(DISTINCT user_id) FROM {notes} WHERE kind = 'matching.alert'") == fitting
    # ...and one outgoing e-mail per alert (the dedupe key), each sent.
    assert count(f"SELECT count(*) FROM {emails} WHERE dedupe_key LIKE ?", ["alert:%"]) == fitting
    assert count(f"SELECT count(DISTINCT dedupe_key) FROM {emails} WHERE dedupe_key LIKE ? AND status = 'sent'", ["alert:%"]) == fitting
    # The mail transport is at least once: a message handed to it in the instant between the
    # send and the "sent" mark of the killed worker goes again. One worker sends one at a time.
    mail_dir = tmp_path / "data" / "mail"
    messages = sum(path.read_text(errors="replace").count("\nSubject: ") for path in mail_dir.iterdir())
    assert fitting <= messages <= fitting + 1

    figures = {
        "engine": connection.vendor,
        "fitting_volunteers": fitting,
        "killed_after_seconds": round(killed_after, 1),
        "alerts_sent_before_the_kill": at_kill,
        "alerts_held_by_the_dead_worker": held,
        "alert_lease_seconds": int(ALERT_LEASE_SECONDS),
        "email_lease_seconds": int(EMAIL_LEASE_SECONDS),
        "all_alerts_sent_seconds_after_restart": round(alerts_done, 1),
        "all_emails_sent_seconds_after_restart": round(recovered, 1),
        "alert_rows": fitting,
        "notifications": fitting,
        "outbox_emails": fitting,
        "mail_messages_written": messages,
    }
    report = ROOT / "var" / "reliability"
    report.mkdir(parents=True, exist_ok=True)
    (report / f"worker-fault-{connection.vendor}.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures))
