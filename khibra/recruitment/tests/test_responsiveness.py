"""Responsiveness: reminders and escalation on working days, the figures, inactive opportunities."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone
import pytest

from khibra.core.models import Notification
from khibra.opportunities.models import Opportunity
from khibra.recruitment import selectors
from khibra.recruitment.models import Application, InactivityNotice
from khibra.recruitment.services import applications as services
from khibra.recruitment.services.responsiveness import (
    escalate_overdue,
    handle_inactive_opportunities,
    run_housekeeping,
    send_reminders,
)

from .selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    apply_to,
    make_applicant,
    opportunity,
    other_applicant,
    question,
)

pytestmark = pytest.mark.django_db

RIYADH = ZoneInfo("Asia/Riyadh")


def at(year, month, day, hour=10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=RIYADH)


def received(application, when: dt.datetime) -> Application:
    Application.objects.filter(pk=application.pk).update(created_at=when)
    application.refresh_from_db()
    return application


def reminders(user) -> int:
    return Notification.objects.filter(user=user, kind="application.reminder").count()


# --- reminders and escalation -------------------------------------------------------------------


def test_the_deadline_counts_working_days(application, settings):
    settings.APPLICATION_RESPONSE_DAYS = 3
    assert selectors.response_deadline(received(application, at(2026, 11, 22))) == dt.date(2026, 11, 25)  # Sun → Wed
    assert selectors.response_deadline(received(application, at(2026, 11, 26))) == dt.date(2026, 12, 1)  # Thu → Tue


def test_the_team_is_reminded_once_the_working_day_before_the_deadline(application, manager_a, supervisor_a, admin_a):
    received(application, at(2026, 11, 22, 9))  # Sunday; deadline Wednesday 25

    assert send_reminders(now=at(2026, 11, 23)) == 0  # Monday: not yet
    assert send_reminders(now=at(2026, 11, 24)) == 1  # Tuesday
    assert send_reminders(now=at(2026, 11, 25)) == 0  # once only

    assert reminders(manager_a) == 1 and reminders(supervisor_a) == 1 and reminders(admin_a) == 0
    application.refresh_from_db()
    assert application.reminded_at is not None


def test_the_weekend_does_not_count(application, manager_a):
    received(application, at(2026, 11, 26))  # Thursday; deadline Tuesday 1 December

    assert send_reminders(now=at(2026, 11, 28)) == 0  # Saturday
    assert escalate_overdue(now=at(2026, 12, 1)) == 0  # the deadline day itself
    assert send_reminders(now=at(2026, 11, 30)) == 1  # Monday
    assert escalate_overdue(now=at(2026, 12, 2)) == 1  # Wednesday: overdue


def test_an_answered_application_is_neither_reminded_nor_escalated(application, manager_a):
    received(application, at(2026, 11, 22))
    services.move_to_screening(application=application, by=manager_a)

    assert send_reminders(now=at(2026, 11, 24)) == 0
    assert escalate_overdue(now=at(2026, 12, 10)) == 0


def test_an_overdue_application_is_escalated_once_to_the_admins(application, admin_a, manager_a):
    received(application, at(2026, 11, 22))

    assert escalate_overdue(now=at(2026, 11, 26)) == 1
    assert escalate_overdue(now=at(2026, 11, 27)) == 0

    assert Notification.objects.filter(user=admin_a, kind="application.escalated").count() == 1
    assert not Notification.objects.filter(user=manager_a, kind="application.escalated").exists()


def test_a_dry_run_changes_nothing(application, manager_a):
    received(application, at(2026, 11, 22))
    report = run_housekeeping(now=at(2026, 11, 26), dry_run=True)

    assert report.escalated == 1
    application.refresh_from_db()
    assert application.escalated_at is None and application.reminded_at is None
    assert not Notification.objects.filter(kind="application.escalated").exists()


def test_the_command_runs_the_housekeeping(application):
    received(application, at(2026, 1, 4))
    out = StringIO()

    call_command("recruitment_housekeeping", "--dry-run", stdout=out)
    assert "would have" in out.getvalue() and "escalated 1" in out.getvalue()
    call_command("recruitment_housekeeping", stdout=out)
    application.refresh_from_db()
    assert application.escalated_at is not None


# --- the figures ----------------------------------------------------------------------------------


def test_response_rate_and_median_time(org_a, opportunity, manager_a, question):
    start = timezone.now() - dt.timedelta(days=20)
    quick, late, waiting, gone = (apply_to(opportunity, make_applicant()) for _ in range(4))
    for each in (quick, late, waiting, gone):
        received(each, start)
    Application.objects.filter(pk=quick.pk).update(first_response_at=start + dt.timedelta(hours=2), status="screening")
    Application.objects.filter(pk=late.pk).update(first_response_at=start + dt.timedelta(days=10), status="screening")
    services.withdraw_application(application=gone, by=gone.volunteer.user)  # withdrawn before an answer: not counted

    figures = selectors.responsiveness(org_a)

    assert (figures.received, figures.answered, figures.answered_in_time) == (3, 2, 1)
    assert figures.rate == 67 and figures.in_time_rate == 33
    assert figures.median_hours == pytest.approx((2 + 240) / 2)


def test_an_organization_without_applications_has_no_figures(org_b):
    figures = selectors.responsiveness(org_b)
    assert figures.received == 0 and figures.rate is None and figures.median_hours is None


# --- inactive opportunities --------------------------------------------------------------------------


def quiet_since(opportunity, when):
    Opportunity.objects.filter(pk=opportunity.pk).update(updated_at=when, published_at=when)
    Application.objects.filter(opportunity=opportunity).update(updated_at=when, created_at=when)


def test_a_quiet_opportunity_is_flagged_then_closed_with_notice_to_applicants(application, opportunity, manager_a, applicant, settings):
    settings.OPPORTUNITY_INACTIVE_DAYS, settings.OPPORTUNITY_INACTIVE_GRACE_DAYS = 30, 7
    now = timezone.now()
    quiet_since(opportunity, now - dt.timedelta(days=31))

    assert handle_inactive_opportunities(now=now) == (1, 0, 0)
    assert handle_inactive_opportunities(now=now + dt.timedelta(days=1)) == (0, 0, 0)  # flagged once
    assert Notification.objects.filter(user=manager_a, kind="opportunity.inactive").count() == 1

    assert handle_inactive_opportunities(now=now + dt.timedelta(days=8)) == (0, 0, 1)

    opportunity.refresh_from_db()
    application.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED
    assert application.status == Application.Status.WITHDRAWN  # no longer counts towards the cap
    assert Notification.objects.filter(user=applicant.user, kind="application.opportunity_closed").count() == 1
    assert InactivityNotice.objects.get().closed_at is not None
    assert handle_inactive_opportunities(now=now + dt.timedelta(days=9)) == (0, 0, 0)


def test_activity_after_the_flag_clears_it(opportunity, manager_a, settings):
    now = timezone.now()
    quiet_since(opportunity, now - dt.timedelta(days=40))
    handle_inactive_opportunities(now=now - dt.timedelta(days=5))

    opportunity.save()  # the organization updates it

    assert handle_inactive_opportunities(now=now) == (0, 1, 0)
    assert not InactivityNotice.objects.exists()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_an_active_opportunity_is_left_alone(opportunity):
    assert handle_inactive_opportunities() == (0, 0, 0)
