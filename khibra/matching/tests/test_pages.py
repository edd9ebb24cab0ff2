"""Suggested volunteers, invitations, recommendations, alert settings and notifications pages."""

from django.urls import reverse
import pytest

from khibra.core.models import Notification
from khibra.matching.models import AlertPreference, Frequency, Invitation
from khibra.testing.factories import matching_volunteer

pytestmark = pytest.mark.django_db


def _suggestions_url(opportunity):
    return reverse("matching:suggestions", args=[opportunity.organization.slug, opportunity.pk])


def _invite_url(opportunity, profile):
    return reverse("matching:invite", args=[opportunity.organization.slug, opportunity.pk, profile.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("manager_a", 200), ("supervisor_a", 403), ("admin_b", 404), ("volunteer", 404)],
)
def test_suggestions_page_access(client, request, finance_opportunity, newcomer, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_suggestions_url(finance_opportunity))
    assert response.status_code == status
    if status == 200:
        assert b'id="suggestions"' in response.content
        assert f'id="suggestion-{newcomer.pk}"'.encode() in response.content
        assert f'id="invite-{newcomer.pk}"'.encode() in response.content


def test_anonymous_visitors_are_sent_to_log_in(client, finance_opportunity):
    response = client.get(_suggestions_url(finance_opportunity))
    assert response.status_code == 302


def test_suggestions_page_queries_do_not_grow_with_results(client, admin_a, finance_opportunity, django_assert_max_num_queries):
    matching_volunteer()
    client.force_login(admin_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_suggestions_url(finance_opportunity))
    for _n in range(5):
        matching_volunteer()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_suggestions_url(finance_opportunity))
    assert response.content.count(b'id="suggestion-') == 6


def test_a_manager_invites_a_suggested_volunteer_once(client, manager_a, finance_opportunity, newcomer):
    client.force_login(manager_a)
    response = client.post(_invite_url(finance_opportunity, newcomer))
    assert response.status_code == 302
    client.post(_invite_url(finance_opportunity, newcomer))

    assert Invitation.objects.filter(opportunity=finance_opportunity, volunteer=newcomer).count() == 1
    notice = Notification.objects.get(user=newcomer.user, kind="matching.invitation")
    assert notice.url == reverse("opportunities:public_detail", args=[finance_opportunity.pk])
    page = client.get(_suggestions_url(finance_opportunity))
    assert f'id="invited-{newcomer.pk}"'.encode() in page.content


def test_a_supervisor_or_outsider_cannot_invite(client, supervisor_a, admin_b, finance_opportunity, newcomer):
    client.force_login(supervisor_a)
    assert client.post(_invite_url(finance_opportunity, newcomer)).status_code == 403
    client.force_login(admin_b)
    assert client.post(_invite_url(finance_opportunity, newcomer)).status_code == 404
    assert not Invitation.objects.exists()


def test_a_volunteer_sees_recommendations_linked_from_the_profile(client, finance_opportunity, newcomer):
    client.force_login(newcomer.user)
    profile_page = client.get(reverse("volunteers:profile"))
    assert b'id="recommendations-link"' in profile_page.content
    assert b'id="alert-preferences-link"' in profile_page.content

    response = client.get(reverse("matching:recommendations"))
    assert response.status_code == 200
    assert b'id="recommendations-list"' in response.content
    assert f'id="recommendation-{finance_opportunity.pk}"'.encode() in response.content


def test_recommendations_need_a_volunteer_profile(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("matching:recommendations")).status_code == 404


def test_the_opportunity_page_links_to_suggestions(client, admin_a, finance_opportunity):
    client.force_login(admin_a)
    response = client.get(reverse("opportunities:detail", args=[finance_opportunity.organization.slug, finance_opportunity.pk]))
    assert b'id="suggestions-link"' in response.content


def test_a_volunteer_edits_alert_settings(client, newcomer):
    from khibra.testing.factories import field

    client.force_login(newcomer.user)
    url = reverse("matching:alert_preferences")
    assert client.get(url).status_code == 200
    response = client.post(url, {"frequency": "weekly", "fields": [field("finance-accounting").pk], "nature": "remote"})
    assert response.status_code == 302
    preference = AlertPreference.objects.get(volunteer=newcomer)
    assert preference.frequency == Frequency.WEEKLY and preference.nature == "remote"
    assert list(preference.fields.values_list("code", flat=True)) == ["finance-accounting"]


def test_notifications_bell_list_and_mark_read(client, volunteer):
    first = Notification.objects.create(user=volunteer, kind="test", title="إشعار أول")
    Notification.objects.create(user=volunteer, kind="test", title="إشعار ثان")
    client.force_login(volunteer)

    response = client.get(reverse("matching:notifications"))
    assert response.status_code == 200
    assert b'id="notification-count"' in response.content
    assert f'id="notification-{first.pk}"'.encode() in response.content

    client.post(reverse("matching:notifications_read"), {"notification": first.pk})
    assert Notification.objects.filter(user=volunteer, read_at__isnull=True).count() == 1
    client.post(reverse("matching:notifications_read"))
    assert not Notification.objects.filter(user=volunteer, read_at__isnull=True).exists()
    assert b'id="notification-count"' not in client.get(reverse("matching:notifications")).content


def test_nobody_reads_anothers_notifications(client, volunteer, other_volunteer):
    theirs = Notification.objects.create(user=other_volunteer, kind="test", title="خاص")
    client.force_login(volunteer)
    assert f'id="notification-{theirs.pk}"'.encode() not in client.get(reverse("matching:notifications")).content
    client.post(reverse("matching:notifications_read"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_volunteer_who_does_not_fit_cannot_be_invited(client, manager_a, finance_opportunity):
    lawyer = matching_volunteer(fields=("legal-affairs",), profession_code="lawyer")
    client.force_login(manager_a)
    client.post(_invite_url(finance_opportunity, lawyer))
    assert not Invitation.objects.exists()
    assert not Notification.objects.filter(user=lawyer.user).exists()


def test_recommendations_page_queries_do_not_grow_with_results(client, org_a, admin_a, newcomer, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khibra.testing.factories import field, matching_opportunity

    matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    client.force_login(newcomer.user)
    url = reverse("matching:recommendations")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(4):
        matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.count(b'id="recommendation-') == 5
