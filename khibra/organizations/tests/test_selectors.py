"""The reads every page makes about the signed-in user: memberships and the navigation facts."""

from django.utils import timezone
import pytest

from khibra.core.models import Notification
from khibra.organizations import selectors
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, OrganizationFactory, UserFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def _facts_by_orm(user) -> selectors.UserFacts:
    return selectors.UserFacts(
        unread_notifications=Notification.objects.filter(user=user, read_at__isnull=True).count(),
        is_volunteer=hasattr(type(user).objects.get(pk=user.pk), "volunteer_profile"),
        is_member=Membership.objects.active().filter(user=user).exists(),
    )


def test_the_facts_of_the_navigation_bar_match_the_orm(org_a, org_b):
    nobody = UserFactory()
    volunteer = VolunteerProfileFactory().user
    for title in ("فرصة جديدة", "تذكير"):
        Notification.objects.create(user=volunteer, kind="test", title=title)
    Notification.objects.create(user=volunteer, kind="test", title="مقروء", read_at=timezone.now())
    Notification.objects.create(user=nobody, kind="test", title="لغيره")
    former = MembershipFactory(organization=org_a, is_active=False).user
    member_and_volunteer = MembershipFactory(organization=org_b).user
    VolunteerProfileFactory(user=member_and_volunteer)
    for user in (nobody, volunteer, former, member_and_volunteer):
        assert selectors.user_facts(user) == _facts_by_orm(user)
    assert selectors.user_facts(volunteer) == selectors.UserFacts(2, True, False)
    assert selectors.user_facts(member_and_volunteer) == selectors.UserFacts(0, True, True)


def test_the_memberships_carry_the_same_facts(org_a, org_b):
    user = MembershipFactory(organization=org_b).user
    MembershipFactory(organization=org_a, user=user)
    MembershipFactory(organization=OrganizationFactory(), user=user, is_active=False)
    Notification.objects.create(user=user, kind="test", title="إشعار")
    memberships = selectors.active_memberships(user)
    assert [m.organization for m in memberships] == sorted([org_a, org_b], key=lambda o: o.name_ar)
    assert {(m.unread_notifications, m.is_volunteer) for m in memberships} == {(1, False)}


def test_the_navigation_takes_the_remembered_list_once(org_a):
    user = MembershipFactory(organization=org_a).user
    assert selectors.take_remembered_memberships(user) is None
    memberships = selectors.active_memberships(user)
    assert selectors.take_remembered_memberships(user) is memberships
    assert selectors.take_remembered_memberships(user) is None
