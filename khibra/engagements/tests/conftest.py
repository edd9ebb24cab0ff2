"""An active engagement of the volunteer persona on org A's opportunity (supervised by
supervisor_a), with two tasks and the final deliverables, built through the services."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.engagements.models import Engagement
from khibra.opportunities.models import OpportunityTask
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    opportunity,
    question,
)
from khibra.testing.factories import accept_agreement


@pytest.fixture
def engagement(opportunity, application, manager_a):
    today = timezone.localdate()
    OpportunityTask.objects.create(opportunity=opportunity, title="تحليل المتطلبات", due_on=today + dt.timedelta(days=5))
    OpportunityTask.objects.create(opportunity=opportunity, title="بناء الصفحة الرئيسية", due_on=today + dt.timedelta(days=20))
    engagement = applications.accept_application(application=application, by=manager_a)
    accept_agreement(engagement)  # the agreement opens the work (submissions, completion)
    return engagement


@pytest.fixture
def waiting_engagement(opportunity, application, manager_a):
    """The same engagement before its volunteer accepted the agreement."""
    today = timezone.localdate()
    OpportunityTask.objects.create(opportunity=opportunity, title="تحليل المتطلبات", due_on=today + dt.timedelta(days=5))
    return applications.accept_application(application=application, by=manager_a)


def move_start(engagement: Engagement, weeks: int) -> Engagement:
    """Pretend the engagement started on the Sunday `weeks` full weeks before this week's Sunday
    (and was quiet since): `weeks` weekly reports are then due."""
    from khibra.engagements.selectors import week_start

    started = week_start(timezone.localdate()) - dt.timedelta(days=7 * weeks)
    Engagement.objects.filter(pk=engagement.pk).update(started_on=started, last_activity_at=None)
    engagement.refresh_from_db()
    return engagement
