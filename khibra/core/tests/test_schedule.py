"""Periodic jobs: each app registers its own; a due job is queued once per period, by one worker,
and not again while a run of it holds the lease."""

from datetime import timedelta

from django.utils import timezone
import pytest

from khibra.core import leases, schedule
from khibra.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(monkeypatch):
    runs = []
    monkeypatch.setattr(schedule, "_jobs", {})
    monkeypatch.setattr(schedule, "_every", {})
    schedule.register("test.count", lambda: runs.append(1) or len(runs), every=timedelta(minutes=5))
    return runs


def test_the_apps_register_their_housekeeping():
    names = {job.name for job in schedule.jobs()}
    assert {leases.SWEEP_JOB, "recruitment.housekeeping", "engagements.housekeeping", "privacy.retention",
            "exports.expire_files", "matching.digests"} <= names
    assert {"core.outbox", "exports.builds"} <= {work.name for work in leases.registered()}


def test_a_new_job_first_runs_a_period_later(job):
    now = timezone.now()
    assert schedule.queue_due(now=now) == []
    assert schedule.queue_due(now=now + timedelta(minutes=4)) == []
    assert schedule.queue_due(now=now + timedelta(minutes=5)) == ["test.count"]
    assert job == [1]  # the immediate task backend ran it
    row = ScheduledJob.objects.get(name="test.count")
    assert row.lease_until is None and row.last_finished_at is not None and row.last_error == ""


def test_a_due_job_is_queued_once_per_period(job):
    now = timezone.now()
    schedule.queue_due(now=now)
    later = now + timedelta(minutes=5)
    assert schedule.queue_due(now=later) == ["test.count"]
    assert schedule.queue_due(now=later) == []  # a second worker at the same moment
    assert schedule.queue_due(now=later + timedelta(minutes=5)) == ["test.count"]
    assert job == [1, 1]


def test_a_job_whose_run_holds_the_lease_is_not_queued_again(job):
    now = timezone.now()
    schedule.queue_due(now=now)
    ScheduledJob.objects.filter(name="test.count").update(
        last_queued_at=now - timedelta(hours=1), lease_until=now + timedelta(minutes=5)
    )
    assert schedule.queue_due(now=now) == []
    # The worker running it died: once the lease runs out, the job is due again.
    assert schedule.queue_due(now=now + timedelta(minutes=6)) == ["test.count"]


def test_the_worker_may_shorten_the_period(job):
    now = timezone.now()
    schedule.queue_due(now=now)
    schedule.set_every("test.count", timedelta(seconds=2))
    assert schedule.queue_due(now=now + timedelta(seconds=2)) == ["test.count"]


def test_a_failing_run_records_its_error_and_frees_the_job(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})

    def broken():
        raise RuntimeError("mail server unreachable")

    schedule.register("test.broken", broken, every=timedelta(minutes=1))
    now = timezone.now()
    schedule.queue_due(now=now)
    assert schedule.queue_due(now=now + timedelta(minutes=1)) == ["test.broken"]  # the task failed
    row = ScheduledJob.objects.get(name="test.broken")
    assert row.lease_until is None and "unreachable" in row.last_error
