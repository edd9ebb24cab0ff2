"""Managers are told when a volunteer's hours, work or weekly report arrive: in the app always,
by e-mail when their settings ask for it, and never twice for the same thing."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import Notification, OutboundEmail
from khibra.engagements import services as engagement_services
from khibra.engagements.tests.conftest import move_start
from khibra.hours import services as hour_services

pytestmark = pytest.mark.django_db


def log(engagement, hours="2"):
    return hour_services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal(hours))


def test_logged_hours_tell_the_managers_and_the_supervisor_in_the_app_and_by_email(engagement, manager_a, supervisor_a, manager_b):
    log(engagement)
    for user in (manager_a, supervisor_a):
        notice = Notification.objects.get(user=user, kind="hours.logged")
        assert notice.url == reverse("hours:engagement_queue", args=[engagement.opportunity.organization.slug, engagement.pk])
        assert OutboundEmail.objects.filter(to=user.email).exists()
    assert not Notification.objects.filter(user=manager_b).exists()


def test_more_hours_before_the_manager_reads_make_no_second_notice(engagement, manager_a):
    log(engagement)
    log(engagement, "1")
    assert Notification.objects.filter(user=manager_a, kind="hours.logged").count() == 1
    Notification.objects.filter(user=manager_a).update(read_at=timezone.now())
    log(engagement, "1")
    assert Notification.objects.filter(user=manager_a, kind="hours.logged").count() == 2


def test_a_manager_who_turned_emails_off_is_told_in_the_app_only(client, engagement, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("core:activity_emails"), {})
    assert response.status_code == 302
    manager_a.refresh_from_db()
    assert manager_a.emails_on_volunteer_work is False
    before = OutboundEmail.objects.filter(to=manager_a.email).count()
    log(engagement)
    assert Notification.objects.filter(user=manager_a, kind="hours.logged").exists()
    assert OutboundEmail.objects.filter(to=manager_a.email).count() == before
    client.post(reverse("core:activity_emails"), {"emails": "on"})
    manager_a.refresh_from_db()
    assert manager_a.emails_on_volunteer_work is True


def test_handed_in_work_tells_the_managers_once(engagement, manager_a, supervisor_a):
    item = engagement.work_items.filter(kind="task").first()
    submission = engagement_services.submit_work(item=item, by=engagement.volunteer.user, link="https://example.org/مسودة")
    notice = Notification.objects.get(user=manager_a, kind="engagement.work_submitted")
    assert notice.url.endswith(f"#task-{item.pk}")
    assert OutboundEmail.objects.filter(dedupe_key=f"work-submitted:{submission.pk}:{manager_a.pk}").count() == 1
    assert Notification.objects.filter(user=supervisor_a, kind="engagement.work_submitted").exists()


def test_a_weekly_report_tells_the_managers(engagement, manager_a):
    move_start(engagement, 1)
    report = engagement_services.submit_weekly_report(
        engagement=engagement, by=engagement.volunteer.user, week_of=engagement.started_on,
        done="راجعت القوائم المالية للربع الأول.", hours_spent=Decimal("5"),
    )
    notice = Notification.objects.get(user=manager_a, kind="engagement.report_sent")
    assert notice.url.endswith(f"#report-{report.pk}")
    assert OutboundEmail.objects.filter(dedupe_key=f"report-sent:{report.pk}:{manager_a.pk}").exists()


def test_turning_emails_off_needs_a_login(client):
    response = client.post(reverse("core:activity_emails"), {})
    assert response.status_code == 302 and "login" in response["Location"]
