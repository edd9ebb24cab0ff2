"""The database holds the rules of an hours entry even when a service is bypassed."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
import pytest

from khibra.hours.models import HourEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", ["0", "-1", "24.25"])
def test_the_database_refuses_hours_out_of_range(entry, hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntry.objects.filter(pk=entry.pk).update(hours=Decimal(hours))


def test_the_database_refuses_approved_hours_without_reviewer(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntry.objects.filter(pk=entry.pk).update(status="approved")


def test_the_database_refuses_returned_hours_without_reason(entry, manager_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntry.objects.filter(pk=entry.pk).update(status="returned", reviewed_by=manager_a, reviewed_at=timezone.now())


def test_hours_keep_their_engagement(entry):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        entry.engagement.delete()


def test_the_admin_cannot_change_or_delete_approved_hours(entry, manager_a, rf, staff):
    from django.contrib.admin.sites import site

    from khibra.hours import services

    model_admin = site._registry[HourEntry]
    request = rf.get("/")
    request.user = staff
    staff.is_superuser = True
    assert model_admin.has_change_permission(request, entry) and model_admin.has_delete_permission(request, entry)
    services.approve_hours(entry=entry, by=manager_a)
    entry.refresh_from_db()
    assert not model_admin.has_change_permission(request, entry) and not model_admin.has_delete_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert "hours" in model_admin.get_readonly_fields(request, entry)
