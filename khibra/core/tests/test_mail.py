"""The outbox: a message is written in the caller's transaction and delivered exactly once.

In tests the task backend runs tasks inline, so queue_email sends at once; the mail transport
is Django's in-memory outbox (`mail.outbox`).
"""

from datetime import timedelta

from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
import pytest

from khibra.core import mail
from khibra.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

SUBJECT = "تم قبول طلبك في فرصة محاسب متطوع"
BODY = "مرحبًا سارة، يسعدنا قبولك في الفرصة. سيتواصل معك المشرف خلال يومين."


def _queue(**kwargs) -> OutboundEmail | None:
    return mail.queue_email(to="sara@example.sa", subject=SUBJECT, body_text=BODY, **kwargs)


@pytest.fixture
def broken_transport(monkeypatch):
    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)


def _stale_row(**fields) -> OutboundEmail:
    """A row as a worker that died mid-send leaves it: claimed, lease run out."""
    email = OutboundEmail.objects.create(to="fahad@example.sa", subject=SUBJECT, body_text=BODY)
    lease_ran_out = timezone.now() - timedelta(seconds=1)
    state = {"status": OutboundEmail.Status.SENDING, "attempts": 1, "lease_until": lease_ran_out}
    OutboundEmail.objects.filter(pk=email.pk).update(**{**state, **fields})
    return email


def test_queue_email_writes_one_row_and_the_task_sends_it_once():
    email = _queue(body_html="<p dir='rtl'>مرحبًا سارة</p>")
    assert OutboundEmail.objects.count() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    assert email.lease_until is None
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == ["sara@example.sa"]
    assert message.subject == SUBJECT
    assert message.body == BODY
    assert message.alternatives[0][1] == "text/html"


def test_delivering_the_same_message_twice_sends_it_once():
    email = _queue()
    assert mail.deliver(email.pk) is False
    assert mail.deliver(email.pk) is False
    assert len(django_mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_dedupe_key_stops_a_second_copy():
    first = _queue(dedupe_key="application-17-accepted")
    second = _queue(dedupe_key="application-17-accepted")
    assert first is not None
    assert second is None
    assert OutboundEmail.objects.count() == 1
    assert len(django_mail.outbox) == 1


def test_different_dedupe_keys_are_different_messages():
    _queue(dedupe_key="application-17-accepted")
    _queue(dedupe_key="application-18-accepted")
    assert OutboundEmail.objects.count() == 2
    assert len(django_mail.outbox) == 2


def test_a_long_subject_is_cut_to_fit():
    email = mail.queue_email(to="sara@example.sa", subject="ت" * 400, body_text=BODY)
    email.refresh_from_db()
    assert len(email.subject) == 300


def test_a_message_whose_lease_is_still_valid_is_left_to_its_worker():
    email = _stale_row()
    OutboundEmail.objects.filter(pk=email.pk).update(lease_until=timezone.now() + timedelta(minutes=4))
    assert mail.deliver(email.pk) is False
    assert mail.sweep() == 0
    assert django_mail.outbox == []


def test_the_sweeper_delivers_a_message_whose_lease_expired_exactly_once():
    email = _stale_row()
    assert mail.sweep() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert len(django_mail.outbox) == 1
    # Another sweep and a late retry by the dead worker's task change nothing.
    assert mail.sweep() == 0
    assert mail.deliver(email.pk) is False
    assert len(django_mail.outbox) == 1


def test_the_sweeper_picks_up_a_queued_message_nobody_woke_up_for():
    email = OutboundEmail.objects.create(to="noura@example.sa", subject=SUBJECT, body_text=BODY)
    assert mail.sweep() == 0  # fresh: its own task is still on the way
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - mail.LEASE - timedelta(seconds=1))
    assert mail.sweep() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(django_mail.outbox) == 1


def test_a_transport_failure_leaves_the_message_queued_for_a_retry(broken_transport):
    email = _queue()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts == 1
    assert email.lease_until is None
    assert "unreachable" in email.last_error
    assert email.sent_at is None


def test_a_retry_after_a_failure_sends_and_clears_the_error(broken_transport, monkeypatch):
    email = _queue()
    monkeypatch.undo()
    assert mail.deliver(email.pk) is True
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(django_mail.outbox) == 1


def test_a_message_fails_for_good_after_the_last_attempt(broken_transport):
    email = _queue()
    for _ in range(mail.MAX_ATTEMPTS - 1):
        mail.deliver(email.pk)
    email.refresh_from_db()
    assert email.attempts == mail.MAX_ATTEMPTS
    assert email.status == OutboundEmail.Status.FAILED
    # Nothing tries it again: not the sweeper, not a late task.
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert mail.sweep() == 0
    assert mail.deliver(email.pk) is False
    email.refresh_from_db()
    assert email.attempts == mail.MAX_ATTEMPTS


def test_the_sweeper_leaves_a_stale_message_that_used_every_attempt():
    _stale_row(attempts=mail.MAX_ATTEMPTS)
    assert mail.sweep() == 0
    assert django_mail.outbox == []


def test_a_sent_row_must_have_its_sending_time():
    from django.db import IntegrityError, transaction

    email = OutboundEmail.objects.create(to="sara@example.sa", subject=SUBJECT, body_text=BODY)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.SENT, sent_at=None)
