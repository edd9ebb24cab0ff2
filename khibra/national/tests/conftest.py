"""Fixtures of the national connectors' tests: the stand-in national record on a free port, and
approved hours of a volunteer whose identity is verified."""

from django.utils import timezone
import pytest

from khibra.hours.tests.conftest import start
from khibra.national import standin
from khibra.testing.factories import approved_hours, national_id, published_opportunity
from khibra.volunteers.models import IdentityStatus


@pytest.fixture
def national(settings):
    server, service = standin.start(0)
    settings.NATIONAL_RECORD_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NATIONAL_RECORD_TOKEN = service.token
    settings.NATIONAL_RECORD_TIMEOUT = 1
    service.delay = 2
    yield service
    server.shutdown()
    server.server_close()


def verify(profile, number: str = "100000000") -> None:
    profile.national_id = national_id(number)
    profile.identity_status = IdentityStatus.VERIFIED
    profile.identity_checked_at = timezone.now()
    profile.save(update_fields=["national_id", "identity_status", "identity_checked_at"])


@pytest.fixture
def engagement(org_a, supervisor_a, manager_a, volunteer):
    from decimal import Decimal

    opportunity = published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))
    return start(opportunity, volunteer.volunteer_profile, manager_a)


def approve(engagement, by, *, days_ago: int = 1, hours: str = "3"):
    import datetime as dt

    return approved_hours(engagement, by=by, hours=hours, date=timezone.localdate() - dt.timedelta(days=days_ago))
