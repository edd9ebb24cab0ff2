"""The figures other apps read: only approved hours count as given."""

import datetime as dt
from decimal import Decimal

import pytest

from khibra.hours import selectors, services
from khibra.opportunities.models import Opportunity
from khibra.programs.models import Program

from .conftest import TODAY, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(engagement, other_engagement, engagement_b, manager_a, manager_b):
    approved_a = [log(engagement, days_ago=10, hours="2.5"), log(engagement, days_ago=3, hours="1.5")]
    services.approve_many(entries=approved_a, by=manager_a)
    log(engagement, days_ago=1, hours="4")  # pending
    returned = log(other_engagement, days_ago=2, hours="3")
    services.return_hours(entry=returned, by=manager_a, reason="راجع المهمة")
    services.approve_hours(entry=log(other_engagement, days_ago=2, hours="1"), by=manager_a)
    services.approve_hours(entry=log(engagement_b, days_ago=5, hours="6"), by=manager_b)


def test_approved_and_pending_hours_of_an_engagement(figures, engagement, other_engagement):
    assert selectors.approved_hours(engagement) == Decimal("4")
    assert selectors.pending_hours(engagement) == Decimal("4")
    assert selectors.approved_hours(other_engagement) == Decimal("1")
    assert selectors.pending_hours(other_engagement) == Decimal("0")


def test_approved_hours_by_engagement_in_one_query(figures, engagement, other_engagement, engagement_b, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = selectors.approved_hours_by_engagement([engagement.pk, other_engagement.pk, engagement_b.pk, 999999])
    assert totals == {engagement.pk: Decimal("4"), other_engagement.pk: Decimal("1"), engagement_b.pk: Decimal("6"), 999999: Decimal("0")}


def test_volunteer_totals_count_approved_hours_across_organizations(figures, volunteer, other_volunteer, plain_user):
    assert selectors.volunteer_totals(volunteer.volunteer_profile) == {"hours": Decimal("10"), "engagements": 2}
    assert selectors.volunteer_totals(other_volunteer.volunteer_profile) == {"hours": Decimal("1"), "engagements": 1}


def test_organization_hours_in_a_period(figures, org_a, org_b):
    assert selectors.organization_hours(org_a) == Decimal("5")
    assert selectors.organization_hours(org_b) == Decimal("6")
    assert selectors.organization_hours(org_a, start=TODAY() - dt.timedelta(days=3)) == Decimal("2.5")
    assert selectors.organization_hours(org_a, end=TODAY() - dt.timedelta(days=4)) == Decimal("2.5")
    assert selectors.organization_hours(org_a, start=TODAY(), end=TODAY()) == Decimal("0")


def test_program_hours(org_a, opportunity, engagement, manager_a):
    program = Program.objects.create(
        organization=org_a, name="برنامج خبرة", goal="تطوير الجمعية", starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=90)
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(program=program)
    services.approve_hours(entry=log(engagement, hours="3"), by=manager_a)
    log(engagement, days_ago=2, hours="1")
    assert selectors.program_hours(program) == Decimal("3")
