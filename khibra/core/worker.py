"""The worker's loop: django-tasks-db's worker, made to outlive its database, plus the schedule.

Each turn: a heartbeat (at most every HEARTBEAT_EVERY), the periodic jobs that are due queued
(core.schedule, at most every SCHEDULE_EVERY), then one task claimed and run as django-tasks-db
does. Nothing runs beside the queue: lost work is handed on by the periodic lease sweep
(core.leases), which is itself a task.

A lost or refused database connection does not end the process. OperationalError or
InterfaceError out of a turn closes the connections and the worker waits 1 s, doubling up to 30 s
while the database stays away, then goes on. A task that failed because the database went away
(or whose result could not be written) is put back on the queue once the database answers, at
most MAX_RUNS times in all; tasks are idempotent and the leases keep what they do exactly once.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
import logging
import os
import random
import socket
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import schedule
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

DATABASE_GONE = (OperationalError, InterfaceError)
GONE_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_GONE}
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
HEARTBEAT_EVERY = 10.0
SCHEDULE_EVERY = 1.0
MAX_RUNS = 5  # runs of one task, counting those the database took away


def close_connections() -> None:
    """Drop every connection; a broken one may complain while it closes."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(*DATABASE_GONE):
            connection.close()


class Backoff:
    def __init__(self, first: float = BACKOFF_FIRST, most: float = BACKOFF_MAX):
        self.first, self.most, self.next = first, most, first

    def wait(self) -> float:
        delay, self.next = self.next, min(self.next * 2, self.most)
        return delay

    def reset(self) -> None:
        self.next = self.first


class Worker(DatabaseWorker):
    sleep = staticmethod(time.sleep)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self.interrupted: set = set()  # task results to put back on the queue
        self._beat_at = self._scheduled_at = float("-inf")

    def run(self) -> None:
        logger.info("worker %s: queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            self.sleep(random.random())  # workers started together do not poll in step
        backoff = Backoff()
        while self.running:
            try:
                ran = self.turn()
            except DATABASE_GONE as error:
                if error.args and is_locked_database_exception(error):  # SQLite busy: no task this turn
                    ran = False
                else:
                    delay = backoff.wait()
                    logger.warning("worker %s: database unavailable (%s); again in %.0f s", self.worker_id, error, delay)
                    close_connections()
                    self.sleep(delay)
                    continue
            backoff.reset()
            if ran is None:  # --batch and nothing left, or --max-tasks reached
                return
            if self.running and not ran:
                self.sleep(self.interval)

    def turn(self) -> bool | None:
        """One round; True when a task ran, False when there was none, None when done."""
        close_old_connections()
        self.requeue_interrupted()
        self.beat()
        self.queue_due()
        result = self.claim_next()
        if result is None:
            return None if self.batch else False
        self.run_task(result)
        close_old_connections()
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return None
        return True

    def claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            result = tasks.get_locked()
            if result is not None:
                result.claim(self.worker_id)
        return result

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DATABASE_GONE:  # the failure itself could not be written
            self.interrupted.add(db_task_result.pk)
            raise
        if db_task_result.status == "FAILED" and db_task_result.exception_class_path in GONE_PATHS:
            self.interrupted.add(db_task_result.pk)

    def requeue_interrupted(self) -> None:
        """Put back on the queue the tasks the database took away, now that it answers."""
        for pk in list(self.interrupted):
            result = DBTaskResult.objects.filter(pk=pk).only("worker_ids").first()
            if result is not None and len(result.worker_ids) < MAX_RUNS:
                DBTaskResult.objects.filter(pk=pk, status__in=["RUNNING", "FAILED"]).update(
                    status="READY", started_at=None, finished_at=None, exception_class_path="", traceback=""
                )
                logger.warning("worker %s: task %s queued again after a database error", self.worker_id, pk)
            self.interrupted.discard(pk)

    def beat(self) -> None:
        if time.monotonic() - self._beat_at < HEARTBEAT_EVERY:
            return
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now},
            create_defaults={"seen_at": now, "started_at": self.started_at, "host": socket.gethostname()[:100], "pid": os.getpid()},
        )
        self._beat_at = time.monotonic()

    def queue_due(self) -> None:
        if time.monotonic() - self._scheduled_at < SCHEDULE_EVERY:
            return
        for name in schedule.queue_due():
            logger.debug("worker %s: queued %s", self.worker_id, name)
        self._scheduled_at = time.monotonic()


def last_heartbeat() -> datetime | None:
    """When a worker last showed a sign of life (for a health check)."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def forget_old_heartbeats(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Rows of workers gone for a week: a worker id is new at each start."""
    deleted, _kinds = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - older_than).delete()
    return deleted
