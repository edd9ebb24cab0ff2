"""Approved hours to the national record: queued once, sent in batches with a key per entry,
answered (accepted, rejected), retried after timeouts and errors without being recorded twice,
resent after a correction."""

from datetime import timedelta

from django.utils import timezone
import pytest

from khibra.national import services
from khibra.national.models import HourRecord, RecordStatus

from .conftest import approve, verify

pytestmark = pytest.mark.django_db


def _due_now():
    """The retry pause has passed."""
    HourRecord.objects.update(retry_after=timezone.now() - timedelta(seconds=1))


def test_it_queues_approved_hours_of_verified_volunteers_once(engagement, manager_a):
    unverified = approve(engagement, manager_a, days_ago=3)
    assert not HourRecord.objects.exists()  # no verified identity: it waits
    verify(engagement.volunteer)
    entry = approve(engagement, manager_a, days_ago=2)
    record = HourRecord.objects.get()
    assert record.entry == entry and record.status == RecordStatus.PENDING
    assert record.idempotency_key == f"khibra:hours:{entry.pk}:0"
    # The catch-up finds the one approved before the identity was verified; again, nothing new.
    assert services.queue_entries() == 1
    assert services.queue_entries() == 0
    assert set(HourRecord.objects.values_list("entry_id", flat=True)) == {entry.pk, unverified.pk}


def test_it_sends_a_batch_and_keeps_the_national_reference(national, engagement, manager_a):
    verify(engagement.volunteer)
    entries = [approve(engagement, manager_a, days_ago=n) for n in (1, 2, 3)]
    assert services.send_all() == 3
    records = HourRecord.objects.filter(entry__in=entries)
    assert {record.status for record in records} == {RecordStatus.ACCEPTED}
    assert all(record.national_reference.startswith("NVR-") for record in records)
    assert sorted(national.recorded) == sorted(record.idempotency_key for record in records)
    sent = national.recorded[records[0].idempotency_key]["entry"]
    assert sent["national_id"] == engagement.volunteer.national_id and sent["hours"] == "3"
    assert services.send_all() == 0  # nothing left: nothing sent again
    assert national.batches == 1


def test_batches_are_the_configured_size(national, engagement, manager_a, settings):
    settings.NATIONAL_RECORD_BATCH = 2
    verify(engagement.volunteer)
    for n in range(1, 6):
        approve(engagement, manager_a, days_ago=n, hours="1")
    assert services.send_all() == 5
    assert national.batches == 3


def test_a_rejected_entry_keeps_the_reason_and_goes_again_corrected_with_a_new_key(
    national, engagement, manager_a, staff
):
    verify(engagement.volunteer)
    national.unknown_ids.add(engagement.volunteer.national_id)
    approve(engagement, manager_a)
    services.send_all()
    record = HourRecord.objects.get()
    assert record.status == RecordStatus.REJECTED
    assert record.reason_code == "unknown_person" and "not known" in record.reason
    assert not national.recorded
    # The identity is corrected; staff send it again.
    verify(engagement.volunteer, "100000077")
    services.resend(record=record, by=staff)
    services.send_all()
    record.refresh_from_db()
    assert record.status == RecordStatus.ACCEPTED and record.revision == 1
    assert record.idempotency_key.endswith(":1")
    assert list(national.recorded) == [record.idempotency_key]


def test_only_rejected_or_undelivered_hours_can_be_resent(national, engagement, manager_a, staff):
    from django.core.exceptions import ValidationError

    verify(engagement.volunteer)
    approve(engagement, manager_a)
    services.send_all()
    with pytest.raises(ValidationError):
        services.resend(record=HourRecord.objects.get(), by=staff)


def test_a_timeout_leaves_the_entry_waiting_and_the_retry_records_it_once(national, engagement, manager_a):
    verify(engagement.volunteer)
    approve(engagement, manager_a)
    national.behaviour = "record-then-timeout"  # the national record keeps it, the answer comes too late
    assert services.send_all() == 0
    record = HourRecord.objects.get()
    assert record.status == RecordStatus.PENDING and "no answer" in record.last_error
    assert record.retry_after > timezone.now()
    assert services.send_all() == 0  # not before its retry time
    national.behaviour = "ok"
    _due_now()
    services.send_all()
    record.refresh_from_db()
    assert record.status == RecordStatus.ACCEPTED
    assert national.deliveries == [record.idempotency_key, record.idempotency_key]
    assert list(national.recorded) == [record.idempotency_key]  # once
    assert record.national_reference == national.recorded[record.idempotency_key]["reference"]


@pytest.mark.parametrize("behaviour", ["timeout", "error", "nonsense"])
def test_a_service_that_fails_changes_nothing_but_the_retry(national, engagement, manager_a, behaviour):
    verify(engagement.volunteer)
    approve(engagement, manager_a)
    national.behaviour = behaviour
    services.send_all()
    record = HourRecord.objects.get()
    assert record.status == RecordStatus.PENDING and record.last_error and record.attempts == 1
    assert not national.recorded
    national.behaviour = "ok"
    _due_now()
    services.send_all()
    record.refresh_from_db()
    assert record.status == RecordStatus.ACCEPTED


def test_a_wrong_token_is_retried_and_given_up_after_the_last_attempt(national, engagement, manager_a, settings, staff):
    settings.NATIONAL_RECORD_TOKEN = "wrong"
    verify(engagement.volunteer)
    approve(engagement, manager_a)
    for _attempt in range(settings.NATIONAL_RECORD_MAX_ATTEMPTS):
        _due_now()
        services.send_all()
    record = HourRecord.objects.get()
    assert record.status == RecordStatus.FAILED and "401" in record.last_error
    settings.NATIONAL_RECORD_TOKEN = national.token
    services.resend(record=record, by=staff)
    services.send_all()
    record.refresh_from_db()
    assert record.status == RecordStatus.ACCEPTED


def test_a_worker_that_dies_mid_batch_loses_nothing_and_records_nothing_twice(
    national, engagement, manager_a, settings, monkeypatch
):
    """In process: a worker claims a batch, sends it, and dies before writing the answers (the
    national record kept them). The sweep hands the rows on after the lease; the next worker sends
    the same keys and takes the first references."""
    from khibra.national import client

    verify(engagement.volunteer)
    entries = [approve(engagement, manager_a, days_ago=n, hours="1") for n in range(1, 5)]
    real_send = client.send_batch

    def send_and_die(**kwargs):
        real_send(**kwargs)
        raise SystemExit("killed")

    monkeypatch.setattr(client, "send_batch", send_and_die)
    with pytest.raises(SystemExit):
        services.send_all(worker="doomed")
    assert set(HourRecord.objects.values_list("status", flat=True)) == {RecordStatus.SENT}
    assert len(national.recorded) == 4
    monkeypatch.setattr(client, "send_batch", real_send)
    assert services.send_all(worker="other") == 0  # held by the dead worker's lease
    HourRecord.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    services.RECORDS.sweep()  # back to waiting (and a worker woken: tasks run inline in tests)
    records = HourRecord.objects.filter(entry__in=entries)
    assert {record.status for record in records} == {RecordStatus.ACCEPTED}
    assert len(national.recorded) == 4 and len(national.deliveries) == 8
    assert {r.national_reference for r in records} == {v["reference"] for v in national.recorded.values()}


def test_an_entry_whose_identity_was_withdrawn_is_rejected_here_not_sent(national, engagement, manager_a):
    verify(engagement.volunteer)
    approve(engagement, manager_a)
    type(engagement.volunteer).objects.filter(pk=engagement.volunteer.pk).update(identity_status="rejected")
    services.send_all()
    record = HourRecord.objects.get()
    assert record.status == RecordStatus.REJECTED and record.reason_code == services.NO_IDENTITY
    assert not national.deliveries


def test_without_an_address_hours_wait_for_a_manual_upload(engagement, manager_a):
    verify(engagement.volunteer)
    approve(engagement, manager_a)
    assert services.send_all() == 0
    assert HourRecord.objects.get().status == RecordStatus.PENDING
