"""A manager's home: one inbox of everything waiting, a test per kind, each scoped to the
manager's own organization (org B's manager never sees org A's items), with working-day deadlines
and a count in the navigation."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.inbox import Waiting
from khibra.engagements import services as engagement_services
from khibra.engagements.tests.conftest import move_start
from khibra.hours import services as hour_services
from khibra.organizations.models import Organization
from khibra.recruitment.selectors import response_deadline
from khibra.recruitment.services import applications as recruitment_services
from khibra.site import selectors
from khibra.testing.factories import OpportunityFactory, program_of

pytestmark = pytest.mark.django_db


def inbox_of(user):
    return selectors.manager_inbox(selectors.managed_nonprofits(user))


def keys(inbox, kind):
    return [item.key for item in inbox.items if item.kind == kind]


def assert_only_org_a_sees(kind, key, manager_a, manager_b):
    inbox_a, inbox_b = inbox_of(manager_a), inbox_of(manager_b)
    assert key in keys(inbox_a, kind)
    assert inbox_a.counts[kind] >= 1
    assert keys(inbox_b, kind) == []
    assert inbox_b.counts[kind] == 0


def test_an_unanswered_application_waits_with_its_answer_deadline(application, manager_a, manager_b):
    assert_only_org_a_sees("applications", f"application-{application.pk}", manager_a, manager_b)
    item = next(item for item in inbox_of(manager_a).items if item.kind == "applications")
    assert item.due == response_deadline(application)
    assert item.url.startswith(reverse("recruitment:board", args=[application.opportunity.organization.slug, application.opportunity_id]))


def test_an_answered_application_no_longer_waits(application, manager_a):
    recruitment_services.move_to_screening(application=application, by=manager_a)
    assert keys(inbox_of(manager_a), "applications") == []


def test_a_coming_interview_waits_on_its_day(application, manager_a, manager_b):
    when = timezone.now() + dt.timedelta(days=3)
    interview = recruitment_services.schedule_interview(
        application=application, scheduled_at=when, mode="online", meeting_link="https://meet.example.org/x", by=manager_a
    )
    assert_only_org_a_sees("interviews", f"interview-{interview.pk}", manager_a, manager_b)
    item = next(item for item in inbox_of(manager_a).items if item.kind == "interviews")
    assert item.due == timezone.localtime(when).date()


def test_hours_to_approve_wait_per_engagement_and_lead_to_the_hours_queue(engagement, manager_a, manager_b):
    for _ in (1, 2):
        hour_services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal("2"))
    assert_only_org_a_sees("hours", f"hours-{engagement.pk}", manager_a, manager_b)
    inbox = inbox_of(manager_a)
    assert inbox.counts["hours"] == 1  # one engagement, two entries
    item = next(item for item in inbox.items if item.kind == "hours")
    org = engagement.opportunity.organization
    assert item.url == reverse("hours:engagement_queue", args=[org.slug, engagement.pk])


def test_approved_hours_no_longer_wait(engagement, manager_a):
    entry = hour_services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal("2"))
    hour_services.approve_hours(entry=entry, by=manager_a)
    assert inbox_of(manager_a).counts["hours"] == 0


def test_work_handed_in_waits_for_review(engagement, manager_a, manager_b):
    item = engagement.work_items.filter(kind="task").first()
    engagement_services.submit_work(item=item, by=engagement.volunteer.user, link="https://example.org/تقرير")
    assert_only_org_a_sees("work", f"work-{item.pk}", manager_a, manager_b)
    waiting = next(w for w in inbox_of(manager_a).items if w.kind == "work")
    assert waiting.url.endswith(f"#task-{item.pk}")
    assert waiting.days_left == 3  # three working days to review, from today


def test_late_weekly_reports_wait_with_the_oldest_missing_week(engagement, manager_a, manager_b):
    move_start(engagement, 2)
    assert_only_org_a_sees("reports", f"reports-{engagement.pk}", manager_a, manager_b)
    item = next(w for w in inbox_of(manager_a).items if w.kind == "reports")
    assert item.is_late


def test_a_sent_report_is_no_longer_late(engagement, manager_a):
    move_start(engagement, 1)
    assert inbox_of(manager_a).counts["reports"] == 1
    engagement_services.submit_weekly_report(
        engagement=engagement, by=engagement.volunteer.user, week_of=engagement.started_on, done="أنهيت تحليل المتطلبات.", hours_spent=Decimal("4")
    )
    assert inbox_of(manager_a).counts["reports"] == 0


def test_an_agreement_not_accepted_waits(waiting_engagement, manager_a, manager_b):
    assert_only_org_a_sees("agreements", f"agreement-{waiting_engagement.pk}", manager_a, manager_b)


def test_an_accepted_agreement_does_not_wait(engagement, manager_a):
    assert inbox_of(manager_a).counts["agreements"] == 0


def test_a_program_not_ready_waits_for_its_readiness(org_a, manager_a, manager_b):
    program = program_of(org_a, ready=False, name="برنامج الدورة الثانية")
    assert_only_org_a_sees("readiness", f"readiness-{program.pk}", manager_a, manager_b)
    assert f"readiness-{program_of(org_a).pk}" not in keys(inbox_of(manager_a), "readiness")  # the ready one


def test_a_supervisor_has_no_manager_inbox(application, supervisor_a):
    assert selectors.managed_nonprofits(supervisor_a) == []


def test_the_home_lists_every_kind_and_counts_in_the_navigation(client, engagement, manager_a, manager_b, org_a):
    hour_services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal("2"))
    client.force_login(manager_a)
    response = client.get(reverse("core:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="manager-inbox"' in page and 'id="inbox-hours"' in page
    assert f'id="waiting-hours-{engagement.pk}"' in page
    assert f'id="hours-queue-{org_a.slug}"' in page and reverse("hours:queue", args=[org_a.slug]) in page
    assert 'id="nav-waiting-count"' in page
    client.force_login(manager_b)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f"waiting-hours-{engagement.pk}" not in page
    assert 'id="inbox-empty"' in page and 'id="nav-waiting-count"' not in page


def test_the_navigation_count_is_a_query_per_kind_whatever_the_number_of_items(client, org_a, manager_a, django_assert_max_num_queries):
    from khibra.recruitment.tests.selection_fixtures import apply_to
    from khibra.testing.factories import VolunteerProfileFactory, published_opportunity, ready_volunteer

    opportunity = published_opportunity(org_a, seats=5)
    client.force_login(manager_a)
    url = reverse("core:dashboard")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(4):
        apply_to(opportunity, ready_volunteer(VolunteerProfileFactory()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert selectors.waiting_count(manager_a) == 4 + selectors.manager_counts([org_a])["readiness"]
    assert response.status_code == 200


def test_a_manager_of_two_organizations_sees_both_and_their_names(application, manager_a, org_b):
    from khibra.organizations.models import Membership

    Membership.objects.create(user=manager_a, organization=org_b, role=Membership.Role.ADMIN)
    program_of(org_b, ready=False)
    inbox = inbox_of(manager_a)
    assert {item.organization for item in inbox.items} >= {application.opportunity.organization.name, org_b.name}


@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        (dt.date(2026, 12, 3), dt.date(2026, 12, 6), 1),  # Thursday → Sunday: one working day
        (dt.date(2026, 12, 6), dt.date(2026, 12, 6), 0),
        (dt.date(2026, 12, 6), dt.date(2026, 12, 3), -1),
        (dt.date(2026, 12, 4), dt.date(2026, 12, 10), 5),  # from a Friday to Thursday: Sunday to Thursday
    ],
)
def test_deadlines_count_working_days_over_the_friday_saturday_weekend(today, due, left):
    item = Waiting(kind="work", title="", subject="", url="/", due=due)
    assert item.working_days_left(today) == left


def test_an_opportunity_of_another_organization_never_leaks(org_b, manager_a):
    OpportunityFactory(organization=org_b)
    assert all(item.organization != org_b.name for item in inbox_of(manager_a).items)
    assert Organization.objects.filter(pk=org_b.pk).exists()


def test_other_pages_fetch_the_count_after_the_page(client, application, manager_a, volunteer, org_a):
    client.force_login(manager_a)
    page = client.get(reverse("organizations:detail", args=[org_a.slug])).content.decode()
    assert reverse("core:waiting_badge") in page  # fetched by htmx: the page itself pays nothing
    badge = client.get(reverse("core:waiting_badge")).content.decode()
    assert 'id="nav-waiting-count"' in badge
    client.force_login(volunteer)
    assert reverse("core:waiting_badge") not in client.get(reverse("organizations:detail", args=[org_a.slug])).content.decode()
    assert 'id="nav-waiting-count"' not in client.get(reverse("core:waiting_badge")).content.decode()
