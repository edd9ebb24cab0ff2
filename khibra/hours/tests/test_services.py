"""Logging hours and reviewing them: every limit, every rule, every transition."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
import pytest

from khibra.core.models import AuditEvent
from khibra.engagements.models import Engagement
from khibra.engagements.services import amend_engagement
from khibra.hours import services
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, city, field, published_opportunity

from .conftest import TODAY, log, start

pytestmark = pytest.mark.django_db


def _code(error: ValidationError, name: str = "hours") -> str:
    return error.value.error_dict[name][0].code


# --- logging ----------------------------------------------------------------------------------


def test_the_volunteer_logs_hours_awaiting_approval(engagement, volunteer):
    entry = log(engagement, hours="2.5", note="مراجعة القوائم المالية")
    assert entry.status == HourEntry.Status.SUBMITTED and entry.hours == Decimal("2.5")
    assert entry.submitted_by == volunteer and not entry.over_plan
    assert AuditEvent.objects.filter(verb="hours.logged", target_id=str(entry.pk)).exists()


def test_tags_are_copied_when_hours_are_logged(org_a, supervisor_a, volunteer, manager_a):
    from khibra.programs.models import Program

    program = Program.objects.create(
        organization=org_a, name="برنامج التطوع المهني", goal="تطوير الجمعية", starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=365)
    )
    opportunity = published_opportunity(
        org_a, supervisor=supervisor_a, level="skilled", fields=[field("legal-affairs"), field("digital-infrastructure")], program=program
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(city=city("riyadh"))
    engagement = start(opportunity, volunteer.volunteer_profile, manager_a)

    entry = log(engagement)

    first_field = opportunity.fields.first()  # in the reference list's order
    assert first_field is not None and entry.level == "skilled" and entry.field == first_field and entry.city == city("riyadh")
    assert entry.organization == org_a and entry.opportunity == opportunity and entry.volunteer == volunteer.volunteer_profile
    assert entry.program == program and entry.provider is None
    # Later edits of the opportunity do not rewrite history.
    Opportunity.objects.filter(pk=opportunity.pk).update(level="general", city=None)
    entry.refresh_from_db()
    assert entry.level == "skilled" and entry.city == city("riyadh")


def test_remote_hours_have_no_city(entry):
    assert entry.city is None


def test_only_the_engagements_volunteer_logs_hours(engagement, other_volunteer, manager_a, supervisor_a):
    for user in (other_volunteer, manager_a, supervisor_a):
        with pytest.raises(PermissionDenied):
            services.log_hours(engagement=engagement, by=user, date=TODAY(), hours=Decimal("1"))
    assert not HourEntry.objects.exists()


def test_hours_cannot_be_logged_on_a_closed_engagement(engagement):
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.COMPLETED, ended_on=TODAY())
    with pytest.raises(ValidationError) as error:
        log(engagement)
    assert error.value.code == "not_active" and not HourEntry.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-2", "24.5"])
def test_hours_must_be_more_than_zero_and_at_most_a_day(engagement, hours):
    with pytest.raises(ValidationError) as error:
        log(engagement, hours=hours)
    assert "hours" in error.value.error_dict and not HourEntry.objects.exists()


def test_a_day_holds_at_most_24_hours_across_engagements(engagement, engagement_b):
    log(engagement, hours="14", confirm_over_plan=True)
    with pytest.raises(ValidationError) as error:
        log(engagement_b, hours="11")
    assert _code(error) == "day_limit"
    log(engagement_b, hours="10")  # exactly 24; organization B plans 10 hours a week
    assert HourEntry.objects.count() == 2


def test_future_dates_are_refused(engagement):
    with pytest.raises(ValidationError) as error:
        log(engagement, days_ago=-1)
    assert _code(error, "date") == "future"


def test_dates_before_the_engagement_are_refused(engagement):
    with pytest.raises(ValidationError) as error:
        log(engagement, days_ago=31)
    assert _code(error, "date") == "before_start"


def test_dates_after_the_engagement_ended_are_refused(engagement):
    # A closed engagement stays closed to logging; an active one with an end date still checks it.
    Engagement.objects.filter(pk=engagement.pk).update(ended_on=TODAY() - dt.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        log(engagement, days_ago=2)
    assert _code(error, "date") == "after_end"


def test_far_over_the_weekly_plan_needs_a_confirmation_and_is_flagged(engagement):
    # The plan is 5 hours a week: more than 10 in one ISO week is far over it.
    monday = TODAY() - dt.timedelta(days=TODAY().isoweekday() - 1) - dt.timedelta(days=7)
    first = services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=monday, hours=Decimal("8"))
    with pytest.raises(ValidationError) as error:
        services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=monday + dt.timedelta(days=6), hours=Decimal("3"))
    assert _code(error) == "over_plan"
    confirmed = services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=monday + dt.timedelta(days=6), hours=Decimal("3"), confirm_over_plan=True
    )
    assert confirmed.over_plan and not first.over_plan
    # The next week starts afresh.
    later = services.log_hours(engagement=engagement, by=engagement.volunteer.user, date=monday + dt.timedelta(days=7), hours=Decimal("3"))
    assert not later.over_plan


def test_the_plan_is_the_engagements_amended_weekly_hours(engagement, manager_a):
    # The opportunity plans 5 hours a week; the engagement was amended to 1: 6 hours is far over it.
    amend_engagement(engagement=engagement, by=manager_a, reason="ظروف عمل", new_weekly_hours=Decimal("1"))
    engagement.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        log(engagement, hours="6")
    assert _code(error) == "over_plan"
    assert log(engagement, hours="6", confirm_over_plan=True).over_plan


def test_a_task_must_belong_to_the_opportunity(engagement, org_a):
    foreign_task = published_opportunity(org_a).tasks.first()
    with pytest.raises(ValidationError) as error:
        log(engagement, task=foreign_task)
    assert "task" in error.value.error_dict
    own_task = engagement.opportunity.tasks.first()
    assert log(engagement, task=own_task).task == own_task


# --- correcting -------------------------------------------------------------------------------


def test_the_volunteer_corrects_returned_hours_and_sends_them_again(entry, manager_a, volunteer):
    services.return_hours(entry=entry, by=manager_a, reason="التاريخ غير صحيح")
    entry = services.update_hours(entry=entry, by=volunteer, date=TODAY(), hours=Decimal("3"))
    assert entry.status == HourEntry.Status.SUBMITTED and entry.reviewed_by is None and entry.return_reason == ""
    assert entry.hours == Decimal("3")


def test_corrections_follow_the_same_limits(entry, volunteer):
    with pytest.raises(ValidationError):
        services.update_hours(entry=entry, by=volunteer, date=TODAY() + dt.timedelta(days=1), hours=Decimal("2"))
    entry.refresh_from_db()
    assert entry.date == TODAY() - dt.timedelta(days=1)


def test_only_the_volunteer_corrects_or_deletes(entry, manager_a, other_volunteer):
    for user in (manager_a, other_volunteer):
        with pytest.raises(PermissionDenied):
            services.update_hours(entry=entry, by=user, date=TODAY(), hours=Decimal("1"))
        with pytest.raises(PermissionDenied):
            services.delete_hours(entry=entry, by=user)
    assert HourEntry.objects.filter(pk=entry.pk, hours=Decimal("2")).exists()


def test_the_volunteer_deletes_hours_not_yet_approved(entry, volunteer):
    services.delete_hours(entry=entry, by=volunteer)
    assert not HourEntry.objects.exists()
    assert AuditEvent.objects.filter(verb="hours.deleted").exists()


def test_approved_hours_are_final(entry, volunteer, manager_a):
    services.approve_hours(entry=entry, by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.update_hours(entry=entry, by=volunteer, date=TODAY(), hours=Decimal("9"))
    assert error.value.code == "final"
    with pytest.raises(ValidationError):
        services.delete_hours(entry=entry, by=volunteer)
    with pytest.raises(ValidationError):
        services.return_hours(entry=entry, by=manager_a, reason="خطأ")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.APPROVED and entry.hours == Decimal("2")


# --- reviewing --------------------------------------------------------------------------------


@pytest.mark.parametrize("reviewer", ["admin_a", "manager_a", "supervisor_a"])
def test_admins_managers_and_the_supervisor_approve_hours(entry, reviewer, request):
    user = request.getfixturevalue(reviewer)
    entry = services.approve_hours(entry=entry, by=user)
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.APPROVED and entry.reviewed_by == user and entry.reviewed_at is not None
    event = AuditEvent.objects.get(verb="hours.approved")
    assert event.actor == user and event.target_id == str(entry.pk)


def test_hours_cannot_be_approved_by_the_volunteer(entry, volunteer, org_a):
    # Even when the volunteer is also an admin of the organization.
    MembershipFactory(organization=org_a, user=volunteer, role=Membership.Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.approve_hours(entry=entry, by=volunteer)
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED


def test_hours_cannot_be_approved_by_another_organization(entry, admin_b, manager_b):
    for user in (admin_b, manager_b):
        with pytest.raises(PermissionDenied):
            services.approve_hours(entry=entry, by=user)
        with pytest.raises(PermissionDenied):
            services.return_hours(entry=entry, by=user, reason="لا")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED and not AuditEvent.objects.filter(verb__startswith="hours.approved").exists()


def test_a_supervisor_of_another_opportunity_cannot_approve(entry, org_a):
    other_supervisor = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
    with pytest.raises(PermissionDenied):
        services.approve_hours(entry=entry, by=other_supervisor)


def test_hours_cannot_be_approved_twice(entry, manager_a, admin_a):
    services.approve_hours(entry=entry, by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.approve_hours(entry=entry, by=admin_a)
    assert error.value.code == "already_reviewed"
    entry.refresh_from_db()
    assert entry.reviewed_by == manager_a
    assert AuditEvent.objects.filter(verb="hours.approved").count() == 1


def test_returning_needs_a_reason_and_tells_the_volunteer(entry, manager_a, volunteer):
    from khibra.core.models import Notification

    with pytest.raises(ValidationError) as error:
        services.return_hours(entry=entry, by=manager_a, reason="  ")
    assert "reason" in error.value.error_dict
    services.return_hours(entry=entry, by=manager_a, reason="سجّل الساعات على المهمة الصحيحة")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.RETURNED and entry.return_reason.startswith("سجّل")
    assert AuditEvent.objects.filter(verb="hours.returned", target_id=str(entry.pk)).exists()
    assert Notification.objects.filter(user=volunteer, kind="hours.returned").exists()


def test_bulk_approval_approves_all(engagement, other_engagement, manager_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2), log(other_engagement, days_ago=1)]
    approved = services.approve_many(entries=entries, by=manager_a)
    assert [e.pk for e in approved] == sorted(e.pk for e in entries)
    assert HourEntry.objects.approved().count() == 3
    assert AuditEvent.objects.filter(verb="hours.approved").count() == 3


def test_bulk_approval_is_all_or_nothing_when_one_is_already_approved(engagement, manager_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2)]
    services.approve_hours(entry=entries[1], by=manager_a)
    with pytest.raises(ValidationError):
        services.approve_many(entries=entries, by=manager_a)
    assert HourEntry.objects.get(pk=entries[0].pk).status == HourEntry.Status.SUBMITTED
    assert AuditEvent.objects.filter(verb="hours.approved").count() == 1


def test_bulk_approval_is_all_or_nothing_across_organizations(engagement, engagement_b, manager_a):
    entries = [log(engagement, days_ago=1), log(engagement_b, days_ago=2)]
    with pytest.raises(PermissionDenied):
        services.approve_many(entries=entries, by=manager_a)
    assert not HourEntry.objects.approved().exists()


def test_bulk_return_is_all_or_nothing(engagement, manager_a):
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2)]
    services.approve_hours(entry=entries[0], by=manager_a)
    with pytest.raises(ValidationError):
        services.return_many(entries=entries, by=manager_a, reason="راجع التاريخ")
    assert HourEntry.objects.get(pk=entries[1].pk).status == HourEntry.Status.SUBMITTED


def test_bulk_review_of_nothing_is_refused(manager_a):
    with pytest.raises(ValidationError):
        services.approve_many(entries=[], by=manager_a)


def test_returned_hours_do_not_count_towards_the_day(engagement, manager_a):
    first = log(engagement, hours="20", confirm_over_plan=True)
    services.return_hours(entry=first, by=manager_a, reason="ساعات كثيرة")
    assert log(engagement, hours="10").hours == Decimal("10")
