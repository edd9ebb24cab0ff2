"""Leases, the sweeper, retries, dedupe, expiry and who may export what."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
import pytest

from khibra.exports import services
from khibra.exports.models import Export

from .conftest import many_hours


@pytest.fixture
def export(org_a, manager_a, engagement):
    many_hours(engagement, 20)
    return services.request_export(kind="hours", params={}, format="xlsx", by=manager_a, organization=org_a, language="ar")


def _expire_lease(export):
    Export.objects.filter(pk=export.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))


def test_a_second_builder_cannot_claim_a_running_export(export):
    assert services.claim(export_id=export.pk, worker="first")
    assert not services.claim(export_id=export.pk, worker="second")
    assert not services.build_export(export_id=export.pk, worker="second")
    export.refresh_from_db()
    assert (export.status, export.lease_owner, export.attempts) == ("running", "first", 1)


def test_a_finished_export_is_not_built_again(export):
    assert services.build_export(export_id=export.pk, worker="w1")
    name = Export.objects.get(pk=export.pk).file.name
    assert not services.build_export(export_id=export.pk, worker="w2")
    export.refresh_from_db()
    assert (export.status, export.file.name, export.attempts) == ("done", name, 1)


def test_an_expired_lease_is_swept_and_rebuilt_once(export):
    assert services.claim(export_id=export.pk, worker="killed")  # the worker dies here
    assert services.sweep_exports() == 0  # its lease still runs
    _expire_lease(export)
    assert services.sweep_exports() == 1  # the immediate task backend rebuilds at once
    export.refresh_from_db()
    assert (export.status, export.attempts, export.progress) == ("done", 2, 20)
    assert services.sweep_exports() == 0
    export.refresh_from_db()
    assert export.attempts == 2


def test_the_killed_worker_keeps_nothing_when_it_wakes_up(export):
    assert services.claim(export_id=export.pk, worker="slow")
    _expire_lease(export)
    services.sweep_exports()
    with pytest.raises(services.LeaseLost):
        services._heartbeat(export.pk, "slow", progress=500)


def test_an_export_fails_after_three_attempts(export):
    Export.objects.filter(pk=export.pk).update(
        status="running", attempts=3, lease_owner="dead", lease_until=timezone.now() - dt.timedelta(minutes=1)
    )
    assert services.sweep_exports() == 0
    export.refresh_from_db()
    assert export.status == "failed" and export.error and export.finished_at
    assert not services.claim(export_id=export.pk, worker="late")


def test_a_forgotten_queued_export_is_woken_again(export):
    Export.objects.filter(pk=export.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    assert services.sweep_exports() == 1
    export.refresh_from_db()
    assert export.status == "done"


def test_a_broken_build_is_marked_failed_with_the_error(export, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.writers, "write_xlsx", boom)
    assert not services.build_export(export_id=export.pk, worker="w1")
    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", "disk full")


def test_an_identical_request_returns_the_queued_export(export, org_a, manager_a):
    again = services.request_export(kind="hours", params={}, format="xlsx", by=manager_a, organization=org_a, language="ar")
    assert again.pk == export.pk
    other_format = services.request_export(kind="hours", params={}, format="csv", by=manager_a, organization=org_a, language="ar")
    assert other_format.pk != export.pk
    assert Export.objects.count() == 2


def test_a_new_request_is_queued_once_the_previous_one_is_done(export, org_a, manager_a):
    services.build_export(export_id=export.pk, worker="w1")
    again = services.request_export(kind="hours", params={}, format="xlsx", by=manager_a, organization=org_a, language="ar")
    assert again.pk != export.pk


def test_old_files_expire(export):
    services.build_export(export_id=export.pk, worker="w1")
    export.refresh_from_db()
    path = export.file.path
    assert services.expire_exports() == 0
    assert services.expire_exports(now=timezone.now() + dt.timedelta(days=8)) == 1
    export.refresh_from_db()
    assert (export.status, export.file.name) == ("expired", "")
    import os

    assert not os.path.exists(path)


def test_org_b_manager_cannot_export_org_a_data(org_a, manager_b):
    with pytest.raises(Http404):
        services.request_export(kind="hours", params={}, format="xlsx", by=manager_b, organization=org_a)
    assert not Export.objects.exists()


def test_a_supervisor_may_not_export(org_a, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.request_export(kind="engagements", params={}, format="csv", by=supervisor_a, organization=org_a)


def test_platform_tables_are_for_staff_only(org_a, manager_a, staff):
    with pytest.raises(Http404):
        services.request_export(kind="sector_volunteers", params={}, format="csv", by=manager_a)
    with pytest.raises(Http404):
        services.request_export(kind="organizations", params={}, format="csv", by=staff, organization=org_a)
    assert services.request_export(kind="organizations", params={}, format="csv", by=staff).organization is None


@pytest.mark.parametrize(
    "params",
    [{"colour": "red"}, {"status": "lost"}, {"from": "yesterday"}, {"from": "2026-05-02", "to": "2026-05-01"}, {"opportunity": 999999}, []],
)
def test_bad_filters_are_refused(org_a, manager_a, params):
    with pytest.raises(ValidationError):
        services.request_export(kind="hours", params=params, format="xlsx", by=manager_a, organization=org_a)
    assert not Export.objects.exists()


def test_another_organizations_opportunity_is_not_a_valid_filter(org_a, manager_a, engagement_b):
    with pytest.raises(ValidationError):
        services.request_export(
            kind="hours", params={"opportunity": engagement_b.opportunity_id}, format="xlsx", by=manager_a, organization=org_a
        )


def test_unknown_kind_and_format_are_refused(org_a, manager_a):
    with pytest.raises(ValidationError):
        services.request_export(kind="salaries", params={}, format="xlsx", by=manager_a, organization=org_a)
    with pytest.raises(ValidationError):
        services.request_export(kind="hours", params={}, format="pdf", by=manager_a, organization=org_a)
