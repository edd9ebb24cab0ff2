"""The volunteer's hours page and the reviewers' approval queue: access matrix, forms, htmx."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from khibra.core.dates import to_hijri
from khibra.engagements.services import amend_engagement
from khibra.hours import services
from khibra.hours.models import HourEntry
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory

from .conftest import TODAY, log

pytestmark = pytest.mark.django_db

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- the volunteer's page ---------------------------------------------------------------------


def test_anonymous_visitors_log_in_first(client, engagement):
    response = client.get(reverse("hours:engagement", args=[engagement.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("persona, status", [
    ("volunteer", 200), ("admin_a", 200), ("manager_a", 200), ("supervisor_a", 200),
    ("other_volunteer", 404), ("admin_b", 404), ("manager_b", 404), ("staff", 404), ("plain_user", 404),
])
def test_access_to_an_engagements_hours(client, engagement, entry, persona, status, request):
    response = _page(client, request.getfixturevalue(persona), reverse("hours:engagement", args=[engagement.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert f'id="hours-{entry.pk}"' in page and 'id="hours-list"' in page
        assert ('id="hours-form"' in page) == (persona == "volunteer")


def test_a_supervisor_of_another_opportunity_gets_404(client, engagement, org_a):
    other = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
    assert _page(client, other, reverse("hours:engagement", args=[engagement.pk])).status_code == 404


def test_the_volunteer_logs_hours_with_a_hijri_date_and_arabic_digits(client, engagement, volunteer):
    day = TODAY() - dt.timedelta(days=2)
    hijri = to_hijri(day)
    client.force_login(volunteer)
    response = client.post(reverse("hours:engagement", args=[engagement.pk]), {
        "date": f"{hijri.year}-{hijri.month:02d}-{hijri.day:02d}".translate(ARABIC),
        "hours": "٢٫٥",
        "task": engagement.opportunity.tasks.first().pk,
        "note": "إعداد مسودة السياسات",
    })
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert entry.date == day and entry.hours == Decimal("2.5") and entry.status == "submitted"


@pytest.mark.parametrize("values, field", [
    ({"hours": "30"}, "hours"),
    ({"hours": "abc"}, "hours"),
    ({"date": "غدا"}, "date"),
    ({"date": (TODAY() + dt.timedelta(days=1)).isoformat()}, "date"),
    ({"date": (TODAY() - dt.timedelta(days=60)).isoformat()}, "date"),
])
def test_bad_input_shows_translated_errors_and_writes_nothing(client, engagement, volunteer, values, field):
    client.force_login(volunteer)
    data = {"date": (TODAY() - dt.timedelta(days=1)).isoformat(), "hours": "2", **values}
    response = client.post(reverse("hours:engagement", args=[engagement.pk]), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert response.context["form"].errors[field]
    assert not HourEntry.objects.exists()


def test_far_over_the_plan_asks_for_a_confirmation(client, engagement, volunteer):
    client.force_login(volunteer)
    url = reverse("hours:engagement", args=[engagement.pk])
    data = {"date": (TODAY() - dt.timedelta(days=1)).isoformat(), "hours": "11"}
    response = client.post(url, data)
    assert response.status_code == 400 and 'id="id_confirm_over_plan"' in response.content.decode()
    assert not HourEntry.objects.exists()
    assert client.post(url, {**data, "confirm_over_plan": "on"}).status_code == 302
    assert HourEntry.objects.get().over_plan


def test_the_page_and_the_check_follow_the_amended_weekly_hours(client, engagement, volunteer, manager_a):
    amend_engagement(engagement=engagement, by=manager_a, reason="ظروف عمل", new_weekly_hours=Decimal("1"))
    client.force_login(volunteer)
    url = reverse("hours:engagement", args=[engagement.pk])
    assert 'id="hours-plan">1</dd>' in client.get(url).content.decode()
    response = client.post(url, {"date": (TODAY() - dt.timedelta(days=1)).isoformat(), "hours": "6"})
    assert response.status_code == 400 and 'id="id_confirm_over_plan"' in response.content.decode()
    assert not HourEntry.objects.exists()


def test_reviewers_cannot_log_hours_for_the_volunteer(client, engagement, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("hours:engagement", args=[engagement.pk]), {"date": TODAY().isoformat(), "hours": "1"})
    assert response.status_code == 403 and not HourEntry.objects.exists()


def test_the_volunteer_corrects_and_deletes_open_entries(client, entry, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("hours:edit", args=[entry.pk])).status_code == 200
    response = client.post(reverse("hours:edit", args=[entry.pk]), {"date": TODAY().isoformat(), "hours": "3"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.hours == Decimal("3")
    assert client.post(reverse("hours:delete", args=[entry.pk])).status_code == 302
    assert not HourEntry.objects.exists()


def test_approved_entries_offer_no_edit_and_stay(client, entry, volunteer, manager_a):
    services.approve_hours(entry=entry, by=manager_a)
    client.force_login(volunteer)
    page = client.get(reverse("hours:engagement", args=[entry.engagement_id])).content.decode()
    assert f'id="edit-hours-{entry.pk}"' not in page and f'id="delete-hours-{entry.pk}"' not in page
    client.post(reverse("hours:edit", args=[entry.pk]), {"date": TODAY().isoformat(), "hours": "9"})
    client.post(reverse("hours:delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.hours == Decimal("2") and entry.status == "approved"


@pytest.mark.parametrize("persona", ["other_volunteer", "manager_a"])
def test_others_cannot_reach_the_edit_pages(client, entry, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hours:edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("hours:delete", args=[entry.pk])).status_code == 404
    assert HourEntry.objects.filter(pk=entry.pk).exists()


def test_the_hours_page_does_not_grow_queries_with_rows(client, engagement, volunteer, django_assert_num_queries):
    client.force_login(volunteer)
    url = reverse("hours:engagement", args=[engagement.pk])
    log(engagement, days_ago=1)
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for days_ago in range(2, 8):
        log(engagement, days_ago=days_ago, hours="1", task=engagement.opportunity.tasks.first(), confirm_over_plan=True)
    with django_assert_num_queries(len(one_row)):
        client.get(url)


# --- the approval queue -----------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", [
    ("admin_a", 200), ("manager_a", 200), ("supervisor_a", 200),
    ("volunteer", 404), ("admin_b", 404), ("manager_b", 404), ("plain_user", 404),
])
def test_access_to_the_queue(client, org_a, entry, persona, status, request):
    response = _page(client, request.getfixturevalue(persona), reverse("hours:queue", args=[org_a.slug]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        for element in ("approval-queue", "approve-selected", "return-selected", f"approve-{entry.pk}", f"return-{entry.pk}"):
            assert f'id="{element}"' in page


def test_a_supervisor_sees_only_the_opportunities_they_supervise(client, org_a, entry, manager_a):
    from khibra.testing.factories import published_opportunity

    other_supervisor = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
    published_opportunity(org_a, supervisor=other_supervisor)
    page = _page(client, other_supervisor, reverse("hours:queue", args=[org_a.slug])).content.decode()
    assert f'id="approve-{entry.pk}"' not in page
    client.post(reverse("hours:approve", args=[org_a.slug, entry.pk]))
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_the_engagement_queue_shows_one_engagement(client, org_a, engagement, other_engagement, manager_a):
    mine, theirs = log(engagement), log(other_engagement)
    page = _page(client, manager_a, reverse("hours:engagement_queue", args=[org_a.slug, engagement.pk])).content.decode()
    assert f'id="approve-{mine.pk}"' in page and f'id="approve-{theirs.pk}"' not in page


def test_another_organizations_engagement_queue_is_404(client, org_b, engagement, manager_b):
    assert _page(client, manager_b, reverse("hours:engagement_queue", args=[org_b.slug, engagement.pk])).status_code == 404


def test_bulk_approval_by_plain_post(client, org_a, engagement, other_engagement, supervisor_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2), log(other_engagement)]
    client.force_login(supervisor_a)
    response = client.post(reverse("hours:review", args=[org_a.slug]), {"action": "approve", "entries": [e.pk for e in entries[:2]]})
    assert response.status_code == 302
    assert set(HourEntry.objects.approved().values_list("pk", flat=True)) == {entries[0].pk, entries[1].pk}


def test_bulk_return_over_htmx_answers_with_the_queue(client, org_a, engagement, manager_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2)]
    client.force_login(manager_a)
    response = client.post(
        reverse("hours:review", args=[org_a.slug]),
        {"action": "return", "entries": [e.pk for e in entries], "reason": "أضف المهمة لكل إدخال"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<div id="approval-queue"') and "<html" not in page
    assert HourEntry.objects.filter(status="returned").count() == 2


def test_returning_without_a_reason_writes_nothing(client, org_a, entry, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("hours:review", args=[org_a.slug]), {"action": "return", "entries": [entry.pk]})
    assert response.status_code == 400 and 'id="reason-error"' in response.content.decode()
    response = client.post(reverse("hours:return", args=[org_a.slug, entry.pk]), {"reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="reason-error"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_bulk_approval_with_an_entry_already_approved_writes_nothing(client, org_a, engagement, manager_a, admin_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2)]
    services.approve_hours(entry=entries[1], by=admin_a)
    client.force_login(manager_a)
    response = client.post(reverse("hours:review", args=[org_a.slug]), {"action": "approve", "entries": [e.pk for e in entries]})
    assert response.status_code == 400
    assert HourEntry.objects.get(pk=entries[0].pk).status == "submitted"


def test_one_entry_is_approved_and_returned_from_its_row(client, org_a, engagement, supervisor_a):
    first, second = log(engagement, days_ago=1), log(engagement, days_ago=2)
    client.force_login(supervisor_a)
    assert client.post(reverse("hours:approve", args=[org_a.slug, first.pk])).status_code == 302
    assert client.post(reverse("hours:return", args=[org_a.slug, second.pk]), {"reason": "التاريخ خطأ"}).status_code == 302
    assert HourEntry.objects.get(pk=first.pk).status == "approved"
    assert HourEntry.objects.get(pk=second.pk).status == "returned"
    # Twice: refused with the reason, nothing changes.
    response = client.post(reverse("hours:approve", args=[org_a.slug, first.pk]))
    assert response.status_code == 400 and 'id="queue-errors"' in response.content.decode()
    assert HourEntry.objects.get(pk=first.pk).reviewed_by == supervisor_a


def test_the_volunteer_cannot_approve_their_hours_even_as_admin(client, org_a, entry, volunteer):
    MembershipFactory(organization=org_a, user=volunteer, role=Membership.Role.ADMIN)
    client.force_login(volunteer)
    assert client.post(reverse("hours:approve", args=[org_a.slug, entry.pk])).status_code == 404
    response = client.post(reverse("hours:review", args=[org_a.slug]), {"action": "approve", "entries": [entry.pk]})
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_another_organization_cannot_approve_from_its_queue(client, org_b, entry, manager_b):
    client.force_login(manager_b)
    assert client.post(reverse("hours:approve", args=[org_b.slug, entry.pk])).status_code == 404
    response = client.post(reverse("hours:review", args=[org_b.slug]), {"action": "approve", "entries": [entry.pk]})
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_the_queue_does_not_grow_queries_with_rows(client, org_a, engagement, other_engagement, manager_a, django_assert_num_queries):
    client.force_login(manager_a)
    url = reverse("hours:queue", args=[org_a.slug])
    log(engagement)
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for days_ago in range(2, 6):
        log(engagement, days_ago=days_ago, hours="1", task=engagement.opportunity.tasks.first())
        log(other_engagement, days_ago=days_ago, hours="1")
    with django_assert_num_queries(len(one_row)):
        client.get(url)


def test_the_pages_render_in_english(client, org_a, entry, manager_a):
    client.force_login(manager_a)
    response = client.get("/en" + reverse("hours:queue", args=[org_a.slug]))
    assert response.status_code == 200 and 'lang="en"' in response.content.decode()
