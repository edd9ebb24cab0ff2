"""Fixtures of the export tests: files go to a scratch folder; an engagement of the volunteer
persona on org A's opportunity (built through the recruitment services, as the hours tests do),
and a helper that writes many hour entries at once."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
import pytest

from khibra.hours.models import HourEntry, HourStatus
from khibra.hours.tests.conftest import start
from khibra.testing.factories import published_opportunity


@pytest.fixture(autouse=True)
def _scratch_exports(settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture
def opportunity(org_a, supervisor_a):
    return published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))


@pytest.fixture
def engagement(opportunity, volunteer, manager_a):
    return start(opportunity, volunteer.volunteer_profile, manager_a)


@pytest.fixture
def engagement_b(org_b, manager_b, other_volunteer):
    return start(published_opportunity(org_b, hours_per_week=Decimal("5")), other_volunteer.volunteer_profile, manager_b)


def many_hours(engagement, count: int, *, approved_by=None) -> None:
    """`count` entries in one bulk insert (fast); every third one approved when a reviewer is given."""
    today = timezone.localdate()
    now = timezone.now()
    profile = engagement.volunteer
    entries = []
    for index in range(count):
        approved = approved_by is not None and index % 3 == 0
        entries.append(
            HourEntry(
                engagement=engagement,
                date=today - dt.timedelta(days=index % 365),
                hours=Decimal("1.5"),
                status=HourStatus.APPROVED if approved else HourStatus.SUBMITTED,
                reviewed_by=approved_by if approved else None,
                reviewed_at=now if approved else None,
                submitted_by=profile.user,
                volunteer=profile,
                opportunity=engagement.opportunity,
                organization=engagement.opportunity.organization,
                level=engagement.opportunity.level,
            )
        )
    HourEntry.objects.bulk_create(entries, batch_size=2000)
