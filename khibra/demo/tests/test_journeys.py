"""The demo world shows every journey, dated relative to today: places left, Sara's active work
and finished cycle (certificate, hours, recommendations), a public impact page, ideas, and a
manager's inbox with an item of every kind."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.accounts.models import User
from khibra.agreements.selectors import needs_acceptance
from khibra.certificates.models import Certificate
from khibra.core.inbox import MANAGER_KINDS
from khibra.engagements.models import Engagement
from khibra.evaluation.models import ProgramEvaluation, ProgramLessons
from khibra.hours.models import HourEntry
from khibra.ideas.models import Idea
from khibra.opportunities.models import Opportunity
from khibra.site import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO(), quiet=True)


def sara():
    return User.objects.get(email="sara.alotaibi@khibra.example").volunteer_profile


def test_the_demo_shows_every_journey(client, demo):
    """One load (it takes a while), every journey checked."""
    # most published opportunities have places left
    published = list(Opportunity.objects.public())
    open_ = [o for o in published if o.seats_filled < o.seats]
    assert len(open_) > len(published) / 2
    # the verified professional works with her agreement accepted and hours logged
    engagement = Engagement.objects.get(volunteer=sara(), status="active")
    assert not needs_acceptance(volunteer=engagement.volunteer.user, opportunity=engagement.opportunity)
    entries = HourEntry.objects.filter(engagement=engagement)
    assert entries.approved().exists() and entries.pending().exists()
    assert engagement.started_on < timezone.localdate()
    # she holds a certificate and gets recommendations
    assert Certificate.objects.valid().filter(volunteer=sara()).exists()
    home = selectors.volunteer_home(sara())
    assert home.recommendations and home.certificates and home.engagements
    # one finished program is evaluated with a public impact page
    lessons = ProgramLessons.objects.get(public_impact=True)
    program = lessons.program
    assert program.ends_on < timezone.localdate()
    assert ProgramEvaluation.objects.get(program=program).completed_at is not None
    assert client.get(reverse("evaluation:impact", args=[program.pk])).status_code == 200
    # the ideas bank has ideas
    assert Idea.objects.count() >= 3
    # the osar manager has an item of every kind
    manager = User.objects.get(email="osar.manager@khibra.example")
    counts = selectors.manager_counts(selectors.managed_nonprofits(manager))
    assert all(counts[kind] >= 1 for kind in MANAGER_KINDS), counts
    # the coordinator has approvals waiting
    coordinator = User.objects.get(email="madar.coordinator@khibra.example")
    assert selectors.waiting_count(coordinator) >= 1
