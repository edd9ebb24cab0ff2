"""Approved hours to the national record: queue, send in batches, take the answers, resend.

Exactly once (docs/background-work.md): the `HourRecord` row is the truth. A worker claims a batch
of waiting rows with a lease (`RECORDS.claim_batch`), sends them with each row's idempotency key
and writes each answer back on its row only if the row still carries that key. A worker killed
mid-batch leaves its rows `sent` with a lease; the sweep puts them back to waiting when the lease
runs out and another worker sends them again *with the same keys*: the national record answers
"duplicate" with its first reference and keeps the entry once.
"""

from __future__ import annotations

from datetime import timedelta
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.leases import LeasedWork
from khibra.hours.models import HourEntry
from khibra.volunteers.models import IdentityStatus

from . import client
from .models import HourRecord, RecordStatus

logger = logging.getLogger(__name__)

NO_IDENTITY = "no_verified_identity"


def key_for(entry_id: int, revision: int) -> str:
    """The idempotency key of one sending of an entry: the same on every retry of that sending."""
    return f"{settings.NATIONAL_RECORD_PLATFORM_ID}:hours:{entry_id}:{revision}"


def eligible_entries():
    """Approved hours of volunteers whose identity is verified, not yet queued."""
    return HourEntry.objects.approved().filter(
        volunteer__identity_status=IdentityStatus.VERIFIED, national_record__isnull=True
    )


def queue_entries(entry_ids: list[int] | None = None) -> int:
    """Queue the eligible approved entries (these ids, or all); set-based and idempotent: an entry
    queued already is left as it is (its key is unique)."""
    entries = eligible_entries()
    if entry_ids is not None:
        entries = entries.filter(pk__in=entry_ids)
    ids = list(entries.order_by("pk").values_list("pk", flat=True)[:10000])
    if not ids:
        return 0
    HourRecord.objects.bulk_create(
        [HourRecord(entry_id=pk, idempotency_key=key_for(pk, 0)) for pk in ids], ignore_conflicts=True, batch_size=500
    )
    if client.configured():
        transaction.on_commit(_wake_one)
    return len(ids)


def on_hours_approved(*, entry_ids: list[int]) -> None:
    """hours.hooks.hours_approved: queued in the approval's own transaction."""
    queue_entries(list(entry_ids))


def _wake_one() -> None:
    from . import tasks

    tasks.send_hour_batches.enqueue()


def _wake(record_ids: list[int]) -> None:
    from . import tasks

    for _n in range(min(4, (len(record_ids) + batch_size() - 1) // batch_size())):
        tasks.send_hour_batches.enqueue()


def batch_size() -> int:
    return max(1, settings.NATIONAL_RECORD_BATCH)


RECORDS = LeasedWork(
    name="national.hour_records",
    model=HourRecord,
    waiting=RecordStatus.PENDING,
    held=RecordStatus.SENT,
    lease=lambda: timedelta(seconds=settings.NATIONAL_RECORD_LEASE_SECONDS),
    max_attempts=settings.NATIONAL_RECORD_MAX_ATTEMPTS,
    wake=_wake,
    owner_field="claimed_by",
    touch_field="updated_at",
    give_up=lambda now: {"status": RecordStatus.FAILED, "last_error": "The sending was interrupted too many times."},
)


def _payload(record: HourRecord) -> dict | None:
    entry = record.entry
    volunteer = entry.volunteer
    if volunteer.identity_status != IdentityStatus.VERIFIED or not volunteer.national_id:
        return None
    return {
        "idempotency_key": record.idempotency_key,
        "national_id": volunteer.national_id,
        "volunteer_name": volunteer.user.full_name,
        "date": entry.date.isoformat(),
        "hours": f"{entry.hours.normalize():f}",
        "level": entry.level,
        "organization_name": entry.organization.name_ar,
        "organization_registration": entry.organization.registration_number,
        "opportunity_title": entry.opportunity.title,
        "field": entry.field.name_ar if entry.field_id else "",
        "city": entry.city.name_ar if entry.city_id else "",
        "approved_at": entry.reviewed_at.isoformat() if entry.reviewed_at else "",
    }


def records_with_entries(ids):
    return (
        HourRecord.objects.filter(pk__in=ids)
        .select_related(
            "entry__volunteer__user", "entry__organization", "entry__opportunity", "entry__field", "entry__city"
        )
        .order_by("pk")
    )


def payloads(records) -> tuple[list[dict], list[HourRecord]]:
    """The entries to send, and the records that cannot be sent (no verified identity)."""
    ready, blocked = [], []
    for record in records:
        payload = _payload(record)
        if payload is None:
            blocked.append(record)
        else:
            ready.append(payload)
    return ready, blocked


def _answered(record_id: int, key: str) -> Q:
    """Only the row that still carries the key sent, and is not answered yet."""
    return Q(pk=record_id, idempotency_key=key, status__in=[RecordStatus.PENDING, RecordStatus.SENT])


def send_batch(*, worker: str) -> int:
    """Claim one batch, send it, write the answers. Returns how many rows were claimed (0: none
    left)."""
    now = timezone.now()
    due = Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    ids = RECORDS.claim_batch(owner=worker, limit=batch_size(), where=due)
    if not ids:
        return 0
    records = list(records_with_entries(ids))
    ready, blocked = payloads(records)
    for record in blocked:
        HourRecord.objects.filter(_answered(record.pk, record.idempotency_key)).update(
            status=RecordStatus.REJECTED,
            reason_code=NO_IDENTITY,
            reason=_("The volunteer's identity is not verified."),
            lease_until=None,
            claimed_by="",
            answered_at=now,
            updated_at=now,
        )
    if not ready:
        return len(ids)
    sent_ids = [record.pk for record in records if record not in blocked]
    HourRecord.objects.filter(pk__in=sent_ids).update(sent_at=now)
    try:
        answers = client.send_batch(batch_id=uuid.uuid4().hex, entries=ready)
    except (client.TransientError, client.NotConfigured) as error:
        logger.warning("national record batch of %s failed: %s", len(ready), error)
        _back_to_waiting(records, str(error) or "not configured")
        raise
    _write_answers(records, answers)
    return len(ids)


def retry_pause(attempts: int) -> timedelta:
    """30 s, doubling with each attempt, at most an hour."""
    return timedelta(seconds=min(3600, settings.NATIONAL_RECORD_RETRY_SECONDS * 2 ** max(0, attempts - 1)))


def _back_to_waiting(records: list[HourRecord], error: str) -> None:
    """Unknown fate: the same keys go again after a pause (the wake-up mark is one lease away);
    out of attempts, the row is given up (staff can resend it)."""
    now = timezone.now()
    for record in records:
        out_of_attempts = record.attempts >= RECORDS.max_attempts
        HourRecord.objects.filter(_answered(record.pk, record.idempotency_key)).update(
            status=RecordStatus.FAILED if out_of_attempts else RecordStatus.PENDING,
            lease_until=None,
            claimed_by="",
            retry_after=now + retry_pause(record.attempts),
            last_error=error[:2000],
            updated_at=now,
        )


def _write_answers(records: list[HourRecord], answers: dict[str, client.Answer]) -> None:
    now = timezone.now()
    unanswered = []
    for record in records:
        answer = answers.get(record.idempotency_key)
        if answer is None:
            unanswered.append(record)
            continue
        values = {"answered_at": now, "lease_until": None, "claimed_by": "", "last_error": "", "updated_at": now}
        if answer.status == "accepted":
            values.update(status=RecordStatus.ACCEPTED, national_reference=answer.reference)
        else:
            values.update(status=RecordStatus.REJECTED, reason_code=answer.reason_code, reason=answer.reason)
        HourRecord.objects.filter(_answered(record.pk, record.idempotency_key)).update(**values)
    if unanswered:
        _back_to_waiting(unanswered, "left out of the answer")


def send_all(*, worker: str = "worker", max_batches: int | None = None) -> int:
    """Send batches until none is waiting (or max_batches). Returns rows claimed."""
    if not client.configured():
        return 0
    claimed = batches = 0
    while max_batches is None or batches < max_batches:
        try:
            count = send_batch(worker=worker)
        except (client.TransientError, client.NotConfigured):
            break  # the service is not answering: the rows wait for their retry time
        if not count:
            break
        claimed += count
        batches += 1
    return claimed


@transaction.atomic
def resend(*, record: HourRecord, by) -> HourRecord:
    """A rejected or undelivered entry, corrected where it was wrong, goes again with a new key."""
    record = HourRecord.objects.select_for_update().get(pk=record.pk)
    if record.status not in (RecordStatus.REJECTED, RecordStatus.FAILED):
        raise ValidationError(_("Only rejected or undelivered hours can be sent again."), code="not_resendable")
    previous = record.status
    record.revision += 1
    record.idempotency_key = key_for(record.entry_id, record.revision)
    record.status, record.attempts, record.lease_until, record.claimed_by = RecordStatus.PENDING, 0, None, ""
    record.retry_after = None
    record.reason_code = record.reason = record.last_error = ""
    record.resent_by = by
    record.save()
    audit.record(actor=by, verb="national.hours_resent", target=record, revision=record.revision, previous=previous)
    if client.configured():
        transaction.on_commit(_wake_one)
    return record


def catch_up() -> dict:
    """The periodic job: queue what the approvals did not (identity verified later, hours from
    before the connector), then send what waits."""
    queued = queue_entries()
    return {"queued": queued, "claimed": send_all(worker="schedule")}
