"""The volunteer's home (work, hours this month, the agreement to accept, applications,
recommendations, certificates) and the provider coordinator's and staff's queues."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.hours import services as hour_services
from khibra.providers.models import JoinedBy, MemberStatus, ProviderMember
from khibra.site import selectors
from khibra.testing.factories import approved_hours

pytestmark = pytest.mark.django_db


def test_the_volunteer_sees_the_engagement_with_the_next_task_and_hours_this_month(client, engagement, manager_a):
    approved_hours(engagement, by=manager_a, hours="3")
    hour_services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal("2"))
    home = selectors.volunteer_home(engagement.volunteer)
    assert home.hours_approved == Decimal("3") and home.hours_pending == Decimal("2")
    assert home.engagements[0].next_item.title == "تحليل المتطلبات"  # the nearest due date
    client.force_login(engagement.volunteer.user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'id="home-engagement-{engagement.pk}"' in page and f'id="next-task-{engagement.pk}"' in page
    assert f'id="agreement-waits-{engagement.pk}"' not in page
    assert f'id="home-application-{engagement.application_id}"' in page


def test_the_volunteer_is_asked_to_accept_the_agreement(client, waiting_engagement):
    client.force_login(waiting_engagement.volunteer.user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'id="agreement-waits-{waiting_engagement.pk}"' in page


def test_a_newcomer_without_a_profile_is_invited_to_create_one(client, django_user_model):
    from khibra.testing.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="volunteer-card"' in page and 'id="manager-inbox"' not in page


def test_the_coordinator_sees_requests_to_join_only_of_their_provider(client, provider_p, provider_q, coordinator_p, coordinator_q, volunteer):
    member = ProviderMember.objects.create(provider=provider_p, user=volunteer, status=MemberStatus.PENDING, how=JoinedBy.REQUEST)
    inbox_p = selectors.coordinator_inbox(selectors.coordinated_providers(coordinator_p))
    assert [item.key for item in inbox_p.items] == [f"member-{member.pk}"]
    assert selectors.coordinator_inbox(selectors.coordinated_providers(coordinator_q)).items == []
    client.force_login(coordinator_p)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'id="waiting-member-{member.pk}"' in page and 'id="nav-waiting-count"' in page


def test_staff_see_their_queues(client, staff):
    client.force_login(staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="staff-card"' in page
