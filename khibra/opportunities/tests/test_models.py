"""The database holds the design rules even when code forgets them."""

from django.db import IntegrityError, transaction
import pytest

from khibra.opportunities.models import Opportunity
from khibra.testing.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"seats": 0},
        {"duration_days": 0},
        {"hours_per_day": 0},
        {"hours_per_day": 25},
        {"hours_per_week": 81},
        {"execution_mode": "team", "team_size": 1},
        {"execution_mode": "individual", "team_size": 3},
        {"english_allowed": True, "english_supervisor": ""},
        {"nature": "remote", "venue": "فندق"},
        {"age_min": 40, "age_max": 20},
        {"status": "published", "published_at": None},
    ],
)
def test_a_constraint_refuses_the_row(changes, org_a):
    opportunity = OpportunityFactory(organization=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(**changes)


def test_the_end_cannot_come_before_the_start(org_a):
    opportunity = OpportunityFactory(organization=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(ends_on=opportunity.starts_on.replace(year=opportunity.starts_on.year - 1))


def test_tasks_come_back_in_date_order(org_a):
    opportunity = OpportunityFactory(organization=org_a, tasks=[("الأخيرة", 20), ("الأولى", 1), ("الوسطى", 10)])
    assert [task.title for task in opportunity.tasks.all()] == ["الأولى", "الوسطى", "الأخيرة"]
