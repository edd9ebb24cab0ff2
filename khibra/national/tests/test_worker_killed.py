"""A real worker (`manage.py worker`) is killed with SIGKILL while it waits for the national
record's answer to a batch the national side has already recorded, and started again: every entry
ends accepted, each recorded there once, none lost.

The stand-in runs in this process; the worker is a child on the test's database (a file copy on
SQLite). The batch lease is 3 s, so what the dead worker held is handed on within seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3

from django.db import connection
import pytest

from khibra.national import standin
from khibra.national.models import HourRecord
from tests.reliability.processes import PYTHON, share_database, start, stop, wait_for

from .conftest import approve, verify

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENTRIES = 25
BATCH = 10


class Counter:
    def __init__(self, env):
        self.path = None if connection.vendor == "postgresql" else os.path.join(env["DATA_DIR"], "khibra.sqlite3")

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), list(params) or None)
                return cursor.fetchall()
        with sqlite3.connect(self.path, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()

    def __call__(self, sql: str, params=()) -> int:
        return self.rows(sql, params)[0][0]


def test_a_worker_killed_mid_batch_loses_nothing_and_records_nothing_twice(engagement, manager_a, tmp_path):
    verify(engagement.volunteer)
    for n in range(ENTRIES):
        approve(engagement, manager_a, days_ago=1 + n % 25, hours="0.5")
    assert HourRecord.objects.filter(status="pending").count() == ENTRIES  # no address yet: queued only

    server, service = standin.start(0)
    service.behaviour, service.delay = "record-then-timeout", 60  # records, then keeps the worker waiting
    env = share_database(tmp_path / "data")
    env.update(
        NATIONAL_RECORD_URL=f"http://127.0.0.1:{server.server_address[1]}",
        NATIONAL_RECORD_TOKEN=service.token,
        NATIONAL_RECORD_TIMEOUT="90",
        NATIONAL_RECORD_BATCH=str(BATCH),
        NATIONAL_RECORD_LEASE_SECONDS="3",
        NATIONAL_RECORD_EVERY_SECONDS="1",
        LEASE_SWEEP_SECONDS="2",
    )
    count = Counter(env)
    table = HourRecord._meta.db_table
    command = [PYTHON, "manage.py", "worker", "--sweep-every", "2"]
    log = tmp_path / "worker.log"
    worker = start(command, env=env, log=log)
    try:
        wait_for(
            lambda: len(service.deliveries) >= BATCH,
            timeout=240,
            every=0.2,
            what="the first batch to reach the national record",
        )
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        assert len(service.recorded) == BATCH  # recorded there, unanswered here
        assert count(f"SELECT count(*) FROM {table} WHERE status = 'sent'") == BATCH

        service.behaviour = "ok"
        worker = start(command, env=env, log=log)
        wait_for(
            lambda: count(f"SELECT count(*) FROM {table} WHERE status = 'accepted'") == ENTRIES,
            timeout=300,
            every=0.5,
            what=f"every entry to be accepted; worker log: {log}",
        )
    finally:
        stop(worker)
        if worker.poll() is None:  # pragma: no cover
            os.killpg(worker.pid, signal.SIGKILL)
        server.shutdown()
        server.server_close()

    keys = dict(count.rows(f"SELECT idempotency_key, national_reference FROM {table}"))
    assert len(keys) == ENTRIES and set(keys) == set(service.recorded)  # each entry recorded once
    assert all(keys[key] == service.recorded[key]["reference"] for key in keys)  # the first reference kept
    assert len(service.deliveries) >= ENTRIES + BATCH  # the killed batch went again, with the same keys
    assert len(set(service.deliveries)) == ENTRIES
