"""Outgoing e-mail through the outbox: queue in the caller's transaction, deliver in a worker."""

from datetime import timedelta
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from .email_layout import render_html
from .leases import LeasedWork
from .models import OutboundEmail

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=getattr(settings, "EMAIL_LEASE_SECONDS", 300))  # a dead worker's claim waits this long
MAX_ATTEMPTS = 5


def queue_email(
    *, to: str, subject: str, body_text: str, body_html: str = "", dedupe_key: str | None = None, attachments: list | None = None
) -> OutboundEmail | None:
    """Write the message to the outbox and wake a worker. Returns None for a duplicate key.
    `attachments`: text files as {"name", "type", "content"}, stored with the message."""
    from . import tasks

    if not body_html:
        body_html = render_html(subject, body_text)
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=to, subject=subject[:300], body_text=body_text, body_html=body_html, dedupe_key=dedupe_key,
                attachments=list(attachments or []),
            )
    except IntegrityError:
        if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    tasks.deliver_email.enqueue(email_id=email.pk)
    return email


def _wake(email_ids: list[int]) -> None:
    from . import tasks

    for email_id in email_ids:
        tasks.deliver_email.enqueue(email_id=email_id)


OUTBOX = LeasedWork(
    name="core.outbox",
    model=OutboundEmail,
    waiting=OutboundEmail.Status.QUEUED,
    held=OutboundEmail.Status.SENDING,
    lease=lambda: LEASE,
    max_attempts=MAX_ATTEMPTS,
    wake=_wake,
    give_up=lambda now: {"status": OutboundEmail.Status.FAILED, "last_error": "The sending was interrupted too many times."},
)


def claim(email_id: int) -> bool:
    """Take the lease on one message; False when another worker has it or it is done."""
    return OUTBOX.claim(email_id)


def deliver(email_id: int) -> bool:
    """Send one queued message once. Safe to call any number of times for the same id."""
    if not claim(email_id):
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments or []:
        message.attach(attachment["name"], attachment["content"], attachment.get("type") or "text/plain")
    try:
        message.send()
    except Exception as error:  # any transport failure: leave it for a retry
        logger.warning("sending e-mail %s failed: %s", email_id, error)
        status = OutboundEmail.Status.FAILED if email.attempts >= MAX_ATTEMPTS else OutboundEmail.Status.QUEUED
        OUTBOX.finish(email_id, status=status, last_error=str(error)[:2000])
        return False
    OUTBOX.finish(email_id, status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def sweep() -> int:
    """Queue again what a dead worker left (lease expired) or what failed and may be retried."""
    return OUTBOX.sweep()
