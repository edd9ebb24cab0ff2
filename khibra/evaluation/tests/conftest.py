"""Fixtures of the evaluation tests: a program of org A with one opportunity, and closed
engagements built directly (the engagements app owns the way there)."""

import datetime as dt
from decimal import Decimal

import pytest

from khibra.engagements.models import Engagement
from khibra.programs import services as programs
from khibra.testing.factories import OpportunityFactory, VolunteerProfileFactory


@pytest.fixture
def program(org_a, manager_a):
    return programs.create_program(
        organization=org_a, by=manager_a, name="برنامج التطوع الاحترافي ١٤٤٧",
        goal="سد الفجوات التقنية في الجمعية بخبرات المتطوعين.", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30),
    )


@pytest.fixture
def opportunity(org_a, program, supervisor_a):
    return OpportunityFactory(organization=org_a, program=program, supervisor=supervisor_a, status="published",
                              published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def engagement_of(opportunity, profile=None, *, status="completed", ended_on=dt.date(2024, 5, 1)):
    return Engagement.objects.create(
        opportunity=opportunity, volunteer=profile or VolunteerProfileFactory(), status=status,
        started_on=dt.date(2024, 2, 1), ended_on=None if status == "active" else ended_on,
    )


def approved_hours(engagement, hours: str, *, day=dt.date(2024, 3, 1)):
    """Approved hours tagged as hours.services.log_hours tags them (level and first field of the opportunity)."""
    from django.utils import timezone

    from khibra.hours.models import HourEntry

    opportunity = engagement.opportunity
    return HourEntry.objects.create(
        engagement=engagement, date=day, hours=Decimal(hours), status="approved", submitted_by=engagement.volunteer.user,
        volunteer=engagement.volunteer, opportunity=opportunity, organization=opportunity.organization,
        level=opportunity.level, field_id=opportunity.fields.values_list("pk", flat=True).first(), program=opportunity.program, reviewed_by=opportunity.supervisor, reviewed_at=timezone.now(),
    )


@pytest.fixture
def engagement(opportunity, volunteer):
    return engagement_of(opportunity, volunteer.volunteer_profile)
