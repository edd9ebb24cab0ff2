"""SMS and WhatsApp notices through their outbox (`OutboundMessage`), as the e-mail outbox does it:
queue in the caller's transaction with a dedupe key, deliver in a worker holding a lease, hand on
what a dead worker held (core.leases). Quiet hours: a notice queued in them waits (`not_before`).

Two HTTP clients, configured from the environment (docs/integrations.md, "SMS and WhatsApp
notices"):

- SMS: a Saudi SMS provider's REST API — `POST {SMS_API_URL}` with a bearer token and
  `{"recipients": ["9665XXXXXXXX"], "body": "...", "sender": SMS_SENDER}`; 2xx with a message id.
- WhatsApp: the WhatsApp Business Platform's Cloud API — `POST {WHATSAPP_API_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages`
  with a bearer token and a *template* message (business-initiated notices must use an approved
  template): `WHATSAPP_TEMPLATE` in the person's language (ar / en) with the notice's title and
  link as its two body parameters; 200 with `messages[0].id`.

A 4xx answer other than 408/429 is final (the number cannot receive it: failed); timeouts, 408,
429 and 5xx are tried again, up to MAX_ATTEMPTS. SMS goes through core.sms's gateway (SMS_BACKEND,
the same one that sends phone codes); `WHATSAPP_BACKEND` "console" writes the messages to the log
(development), "http" sends them.
"""

from __future__ import annotations

from datetime import timedelta
import json
import logging
from urllib import error as urlerror, request as urlrequest

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .leases import LeasedWork
from .models import OutboundMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
sent_here: list[dict] = []  # the "memory" backend's outbox (tests)


class Retry(Exception):
    """Not delivered this time; try again later."""


class Refused(Exception):
    """The provider will never take this message (a number that cannot receive it, a bad template)."""


def international(phone: str) -> str:
    """05XXXXXXXX → 9665XXXXXXXX (what both providers take)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("05") and len(digits) == 10:
        return "966" + digits[1:]
    return digits.removeprefix("00")


def queue_message(
    *, user, channel: str, to: str, body: str, params: list[str], language: str, dedupe_key: str, not_before=None
):
    """Write the notice to the outbox and wake a worker after commit. None for a duplicate key."""
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                user=user,
                channel=channel,
                to=to,
                body=body[:1000],
                params=params,
                language=language[:5],
                dedupe_key=dedupe_key[:200],
                not_before=not_before,
            )
    except IntegrityError:
        if OutboundMessage.objects.filter(dedupe_key=dedupe_key[:200]).exists():
            return None
        raise
    if not_before is None:
        message_id = message.pk
        transaction.on_commit(lambda: _wake([message_id]))
    return message


def _wake(ids: list[int]) -> None:
    from . import tasks

    for message_id in ids:
        tasks.deliver_message.enqueue(message_id=message_id)


def _due(now) -> Q:
    return Q(not_before__isnull=True) | Q(not_before__lte=now)


MESSAGES = LeasedWork(
    name="core.phone_outbox",
    model=OutboundMessage,
    waiting=OutboundMessage.Status.QUEUED,
    held=OutboundMessage.Status.SENDING,
    lease=lambda: timedelta(seconds=settings.MESSAGE_LEASE_SECONDS),
    max_attempts=MAX_ATTEMPTS,
    wake=_wake,
    touch_field="updated_at",
    give_up=lambda now: {
        "status": OutboundMessage.Status.FAILED,
        "last_error": "The sending was interrupted too many times.",
    },
)


def deliver(message_id: int) -> bool:
    """Send one queued notice once; safe to call any number of times for the same id."""
    now = timezone.now()
    if not OutboundMessage.objects.filter(_due(now), pk=message_id).exists() or not MESSAGES.claim(message_id):
        return False
    message = OutboundMessage.objects.get(pk=message_id)
    try:
        provider_id = send(message)
    except Refused as error:
        MESSAGES.finish(message_id, status=OutboundMessage.Status.FAILED, last_error=str(error)[:2000])
        return False
    except Retry as error:
        logger.warning("sending %s notice %s failed: %s", message.channel, message_id, error)
        status = OutboundMessage.Status.FAILED if message.attempts >= MAX_ATTEMPTS else OutboundMessage.Status.QUEUED
        MESSAGES.finish(message_id, status=status, last_error=str(error)[:2000])
        return False
    MESSAGES.finish(
        message_id,
        status=OutboundMessage.Status.SENT,
        sent_at=timezone.now(),
        provider_id=provider_id[:200],
        last_error="",
    )
    return True


def deliver_due() -> int:
    """The periodic job: notices whose quiet hours are over (and any a lost wake-up left)."""
    now = timezone.now()
    ids = list(
        OutboundMessage.objects.filter(_due(now), status=OutboundMessage.Status.QUEUED, attempts__lt=MAX_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    return sum(deliver(message_id) for message_id in ids)


# -- the two clients ------------------------------------------------------------------------------


def send(message: OutboundMessage) -> str:
    if message.channel == OutboundMessage.Channel.SMS:
        return _send_sms(message)
    backend = settings.WHATSAPP_BACKEND
    if backend == "console":
        logger.info("%s to %s: %s", message.channel, message.to, message.body)
        return f"console-{message.pk}"
    if backend == "memory":
        sent_here.append(
            {"channel": message.channel, "to": message.to, "body": message.body, "key": message.dedupe_key}
        )
        return f"memory-{message.pk}"
    return _send_whatsapp(message)


def _send_sms(message: OutboundMessage) -> str:
    """Through the one SMS gateway (core.sms, SMS_BACKEND) that also sends the phone codes."""
    from .sms import SmsRejected, SmsUnavailable, send_sms

    try:
        return send_sms(to="+" + international(message.to), body=message.body)
    except SmsRejected as error:
        raise Refused(f"HTTP {error.http_status}: {error.reason}") from None
    except SmsUnavailable as error:
        if error.http_status in (401, 403):  # our credentials: trying again cannot help
            raise Refused(f"HTTP {error.http_status}: {error.reason}") from None
        raise Retry(f"HTTP {error.http_status}: {error.reason}" if error.http_status else error.reason) from None


def _send_whatsapp(message: OutboundMessage) -> str:
    url = f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": international(message.to),
        "type": "template",
        "template": {
            "name": settings.WHATSAPP_TEMPLATE,
            "language": {"code": "ar" if message.language.startswith("ar") else "en"},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": str(value)[:1000]} for value in message.params],
                }
            ],
        },
    }
    answer = _post(url, settings.WHATSAPP_TOKEN, payload)
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError):
        raise Retry("an answer without a message id") from None


def _post(url: str, token: str, payload: dict) -> dict:
    if not url:
        raise Retry("no address configured")
    req = urlrequest.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urlrequest.urlopen(req, timeout=settings.MESSAGE_TIMEOUT) as response:
            raw = response.read(100_000)
    except urlerror.HTTPError as error:
        detail = error.read(2000).decode(errors="replace")
        if error.code in (408, 429) or error.code >= 500:
            raise Retry(f"HTTP {error.code}") from None
        raise Refused(f"HTTP {error.code}: {detail}") from None
    except (urlerror.URLError, TimeoutError, ConnectionError, OSError) as error:
        raise Retry(f"no answer: {getattr(error, 'reason', error)}") from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        raise Retry("an answer that is not JSON") from None
    return answer if isinstance(answer, dict) else {}
