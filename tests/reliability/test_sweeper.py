"""The outbox sweeper wakes a worker for a waiting e-mail once per lease, not at every sweep: the
worker fault test showed a backlog longer than the lease filling the queue with duplicate
wake-ups (every sweep queued every waiting e-mail again)."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone
import pytest

from khibra.core import mail, tasks
from khibra.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def wake_ups(monkeypatch):
    woken = []
    monkeypatch.setattr(tasks, "deliver_email", SimpleNamespace(enqueue=lambda email_id: woken.append(email_id)))
    return woken


def test_a_waiting_backlog_is_woken_once_per_lease(wake_ups):
    backlog = [OutboundEmail.objects.create(to=f"v{n}@example.sa", subject="s", body_text="b") for n in range(3)]
    OutboundEmail.objects.update(created_at=timezone.now() - mail.LEASE - timedelta(seconds=1))

    assert mail.sweep() == 3
    assert mail.sweep() == 0  # still waiting in the queue: not woken again
    assert sorted(wake_ups) == sorted(email.pk for email in backlog)

    OutboundEmail.objects.update(lease_until=timezone.now() - timedelta(seconds=1))  # a lease later
    assert mail.sweep() == 3


def test_a_claim_is_not_blocked_by_the_sweepers_mark(wake_ups):
    email = OutboundEmail.objects.create(to="v@example.sa", subject="s", body_text="b")
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - mail.LEASE - timedelta(seconds=1))
    assert mail.sweep() == 1
    assert mail.deliver(email.pk) is True
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
