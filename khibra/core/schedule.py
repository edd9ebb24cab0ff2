"""Periodic jobs, run as ordinary tasks on the queue: each app registers its own.

An app registers its housekeeping in its `AppConfig.ready()`:

    schedule.register("recruitment.housekeeping", run_housekeeping, every=timedelta(hours=1))

The worker asks `queue_due()` between tasks. A job is due when it was last queued `every` ago and
no run of it holds a lease; the worker claims its `ScheduledJob` row with one conditional UPDATE
(so two workers never queue the same period twice) and queues `core.tasks.run_scheduled_job` in
the same transaction. The run clears the lease; a worker that dies mid-run leaves the lease to run
out, and the job is due again. Jobs are idempotent: each finds only what is left to do.

The command-line equivalents (`recruitment_housekeeping`, `send_alert_digests`, ...) stay for
deployments that prefer cron.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ScheduledJob

logger = logging.getLogger(__name__)

HOURLY = timedelta(hours=1)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], Any]
    every: timedelta
    lease: timedelta  # how long a run may take before it counts as lost


_jobs: dict[str, Job] = {}
_every: dict[str, timedelta] = {}  # this process's own periods (the worker's --sweep-every)


def register(name: str, run: Callable[[], Any], *, every: timedelta, lease: timedelta | None = None) -> Job:
    """Run `run()` every `every` in some worker. Registering a name again replaces it."""
    job = Job(name=name, run=run, every=every, lease=lease or max(every, timedelta(minutes=10)))
    _jobs[name] = job
    return job


def jobs() -> tuple[Job, ...]:
    return tuple(_jobs.values())


def set_every(name: str, every: timedelta) -> None:
    """This process queues `name` every `every` instead of its registered period."""
    _every[name] = every


def period(job: Job) -> timedelta:
    return _every.get(job.name, job.every)


def _free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def queue_due(*, now: datetime | None = None) -> list[str]:
    """Queue a run of every registered job that is due; returns their names."""
    from . import tasks

    now = now or timezone.now()
    rows = dict(ScheduledJob.objects.filter(name__in=list(_jobs)).values_list("name", "last_queued_at"))
    if missing := [name for name in _jobs if name not in rows]:
        # A job seen for the first time counts as just queued: its first run comes a period later.
        ScheduledJob.objects.bulk_create([ScheduledJob(name=name, last_queued_at=now) for name in missing], ignore_conflicts=True)
    queued = []
    for name, last_queued_at in rows.items():
        job = _jobs[name]
        if last_queued_at > now - period(job):
            continue
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(_free(now), name=name, last_queued_at=last_queued_at).update(
                last_queued_at=now, lease_until=now + job.lease
            )
            if claimed:
                tasks.run_scheduled_job.enqueue(name=name)
                queued.append(name)
    return queued


def run(name: str) -> Any:
    """One run of a registered job (the task calls this); clears the job's lease."""
    job = _jobs.get(name)
    if job is None:
        logger.warning("scheduled job %s is not registered here", name)
        return None
    try:
        result = job.run()
    except Exception as error:
        ScheduledJob.objects.filter(name=name).update(lease_until=None, last_finished_at=timezone.now(), last_error=str(error)[:2000])
        raise
    ScheduledJob.objects.filter(name=name).update(lease_until=None, last_finished_at=timezone.now(), last_error="")
    logger.info("%s: %s", name, result)
    return result
