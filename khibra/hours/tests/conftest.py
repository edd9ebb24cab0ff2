"""Fixtures of the hours tests: an active engagement of the volunteer persona on org A's
opportunity (supervised by supervisor_a), built through the recruitment services and started a
month ago so past dates can be logged."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
import pytest

from khibra.engagements.models import Engagement
from khibra.hours import services
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import accept_agreement, published_opportunity, ready_volunteer

TODAY = timezone.localdate


def start(opportunity, profile, manager, *, days_ago: int = 30, agreement: bool = True) -> Engagement:
    """An active engagement; with `agreement`, its volunteer accepted the agreement (hours open)."""
    application = apply_to(opportunity, ready_volunteer(profile))
    engagement = applications.accept_application(application=application, by=manager)
    if agreement:
        accept_agreement(engagement)
    Engagement.objects.filter(pk=engagement.pk).update(started_on=timezone.localdate() - dt.timedelta(days=days_ago))
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def opportunity(org_a, supervisor_a):
    return published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))


@pytest.fixture
def engagement(opportunity, volunteer, manager_a):
    return start(opportunity, volunteer.volunteer_profile, manager_a)


@pytest.fixture
def other_engagement(opportunity, other_volunteer, manager_a):
    return start(opportunity, other_volunteer.volunteer_profile, manager_a)


@pytest.fixture
def engagement_b(org_b, manager_b, volunteer):
    """The same volunteer's engagement with organization B."""
    return start(published_opportunity(org_b, hours_per_week=Decimal("10")), volunteer.volunteer_profile, manager_b)


def log(engagement, *, days_ago: int = 1, hours="2", **values):
    return services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=TODAY() - dt.timedelta(days=days_ago), hours=Decimal(hours), **values
    )


@pytest.fixture
def entry(engagement):
    return log(engagement)
