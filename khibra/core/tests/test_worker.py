"""The worker outlives its database: a lost connection is waited out with a growing pause, never
the end of the process, and a task the database took away is queued again once it answers."""

from django.db import InterfaceError, OperationalError
from django_tasks_db.models import DBTaskResult
import pytest

from khibra.core import mail, worker
from khibra.core.models import OutboundEmail, WorkerHeartbeat


def _worker(**overrides) -> worker.Worker:
    options = {
        "queue_names": ["*"], "interval": 1, "batch": False, "backend_name": "default", "startup_delay": False,
        "max_tasks": None, "worker_id": "test-worker", "excluded_queue_names": [],
    }
    return worker.Worker(**{**options, **overrides})


class Script:
    """Stands in for the worker's turns: raises or answers in order, then stops the worker."""

    def __init__(self, subject: worker.Worker, steps: list):
        self.subject, self.steps = subject, list(steps)
        self.pauses: list[float] = []
        subject.turn = self.turn
        subject.sleep = self.pauses.append

    def turn(self):
        step = self.steps.pop(0)
        if not self.steps:
            self.subject.running = False
        if isinstance(step, Exception):
            raise step
        return step


def test_it_waits_one_second_doubling_to_thirty_while_the_database_is_away(monkeypatch):
    closed = []
    monkeypatch.setattr(worker, "close_connections", lambda: closed.append(True))
    subject = _worker()
    lost = OperationalError("server closed the connection unexpectedly")
    script = Script(subject, [lost] * 7 + [InterfaceError("connection already closed"), True])
    subject.run()
    assert script.pauses == [1, 2, 4, 8, 16, 30, 30, 30]
    assert len(closed) == 8


def test_it_starts_again_from_one_second_after_the_database_is_back(monkeypatch):
    monkeypatch.setattr(worker, "close_connections", lambda: None)
    subject = _worker()
    lost = OperationalError("could not connect to server")
    script = Script(subject, [lost, lost, True, lost, False, True])
    subject.run()
    assert script.pauses == [1, 2, 1, 1]  # the last one is the idle interval


def test_a_busy_sqlite_database_is_not_an_outage(monkeypatch):
    monkeypatch.setattr(worker, "close_connections", lambda: pytest.fail("closed the connections"))
    subject = _worker(interval=0.5)
    script = Script(subject, [OperationalError("database is locked"), True])
    subject.run()
    assert script.pauses == [0.5]


def test_other_errors_still_end_the_worker():
    subject = _worker()
    Script(subject, [ValueError("a bug"), True])
    with pytest.raises(ValueError):
        subject.run()


@pytest.mark.django_db
def test_a_task_the_database_took_away_is_queued_again_and_then_runs(monkeypatch):
    email = OutboundEmail.objects.create(to="sara@example.sa", subject="s", body_text="b")
    result = DBTaskResult.objects.create(
        task_path="khibra.core.tasks.deliver_email", args_kwargs={"args": [], "kwargs": {"email_id": email.pk}},
        backend_name="default", queue_name="email",
    )
    deliver = mail.deliver

    def database_gone(email_id):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(mail, "deliver", database_gone)
    subject = _worker()
    subject.run_task(subject.claim_next())
    result.refresh_from_db()
    assert result.status == "FAILED"

    monkeypatch.setattr(mail, "deliver", deliver)
    subject.requeue_interrupted()
    result.refresh_from_db()
    assert result.status == "READY"
    subject.run_task(subject.claim_next())
    result.refresh_from_db()
    email.refresh_from_db()
    assert (result.status, email.status) == ("SUCCESSFUL", "sent")


@pytest.mark.django_db
def test_a_task_is_not_queued_again_without_end():
    result = DBTaskResult.objects.create(
        task_path="khibra.core.tasks.deliver_email", args_kwargs={"args": [], "kwargs": {"email_id": 1}},
        backend_name="default", status="FAILED", worker_ids=["w"] * worker.MAX_RUNS,
    )
    subject = _worker()
    subject.interrupted.add(result.pk)
    subject.requeue_interrupted()
    result.refresh_from_db()
    assert result.status == "FAILED"
    assert subject.interrupted == set()


@pytest.mark.django_db
def test_the_heartbeat_is_written_and_read():
    subject = _worker()
    subject.beat()
    beat = WorkerHeartbeat.objects.get(worker_id="test-worker")
    assert worker.last_heartbeat() == beat.seen_at
    subject._beat_at = float("-inf")
    subject.beat()
    assert WorkerHeartbeat.objects.count() == 1
    assert worker.last_heartbeat() >= beat.seen_at


def test_the_worker_command_imports_no_other_app():
    import ast
    from pathlib import Path

    from khibra.core.management.commands import worker as command

    tree = ast.parse(Path(command.__file__).read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert {m for m in modules if m.startswith("khibra.") and not m.startswith("khibra.core")} == set()
