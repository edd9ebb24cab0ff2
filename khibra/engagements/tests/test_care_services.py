"""Care: check-ins, the issue log, amendments, withdrawal reasons, closing, late-report reminders, risk."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent, Notification
from khibra.engagements import selectors, services
from khibra.engagements.models import Amendment, CheckIn, Engagement, ReportReminder, WorkItem

from .conftest import move_start

pytestmark = pytest.mark.django_db


def test_the_supervisor_sends_a_check_in(engagement, applicant, supervisor_a):
    message = selectors.default_check_in_message(engagement)
    services.send_check_in(engagement=engagement, by=supervisor_a, message=message)
    assert CheckIn.objects.get().sent_by == supervisor_a
    assert Notification.objects.filter(user=applicant.user, kind="engagement.check_in").exists()
    assert AuditEvent.objects.filter(verb="engagement.check_in").exists()


def test_the_volunteer_and_outsiders_cannot_send_check_ins(engagement, applicant, manager_b):
    for user in (applicant.user, manager_b):
        with pytest.raises(PermissionDenied):
            services.send_check_in(engagement=engagement, by=user, message="…")
    assert not CheckIn.objects.exists()


def test_an_issue_is_logged_by_either_side_and_resolved_by_the_organization(engagement, applicant, manager_a):
    issue = services.log_issue(engagement=engagement, by=applicant.user, what="لم أحصل على صلاحية الدخول إلى النظام.")
    with pytest.raises(PermissionDenied):
        services.resolve_issue(issue=issue, by=applicant.user, resolution="…")
    with pytest.raises(ValidationError):
        services.resolve_issue(issue=issue, by=manager_a, resolution=" ")
    services.resolve_issue(issue=issue, by=manager_a, resolution="أُنشئ الحساب في اليوم نفسه.")
    issue.refresh_from_db()
    assert issue.resolved_at is not None and issue.resolved_by == manager_a and issue.raised_by == applicant.user
    with pytest.raises(ValidationError):
        services.resolve_issue(issue=issue, by=manager_a, resolution="مرة ثانية")


def test_an_amendment_extends_the_end_and_reduces_hours_of_the_engagement_only(engagement, manager_a):
    opportunity_end = engagement.opportunity.ends_on
    new_end = engagement.planned_end_on + dt.timedelta(days=14)
    amendment = services.amend_engagement(
        engagement=engagement, by=manager_a, reason="ظرف عائلي", new_end_on=new_end, new_weekly_hours=Decimal("10")
    )
    engagement.refresh_from_db()
    engagement.opportunity.refresh_from_db()
    assert engagement.planned_end_on == new_end and engagement.weekly_hours == Decimal("10")
    assert engagement.opportunity.ends_on == opportunity_end
    assert amendment.old_weekly_hours == Decimal("25.0") and amendment.by == manager_a


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"new_end_on_days": -1}, "new_end_on"),
        ({"new_weekly_hours": Decimal("30")}, "new_weekly_hours"),
        ({}, None),
        ({"new_weekly_hours": Decimal("5"), "reason": ""}, "reason"),
    ],
)
def test_amendments_only_extend_or_reduce_and_say_why(engagement, manager_a, changes, field):
    kwargs = {"reason": changes.pop("reason", "سبب")}
    if "new_end_on_days" in changes:
        kwargs["new_end_on"] = engagement.planned_end_on + dt.timedelta(days=changes.pop("new_end_on_days"))
    kwargs.update(changes)
    with pytest.raises(ValidationError) as error:
        services.amend_engagement(engagement=engagement, by=manager_a, **kwargs)
    assert field in error.value.error_dict
    assert not Amendment.objects.exists()


def test_the_volunteer_cannot_amend(engagement, applicant):
    with pytest.raises(PermissionDenied):
        services.amend_engagement(engagement=engagement, by=applicant.user, reason="…", new_weekly_hours=Decimal(5))


def test_withdrawal_records_its_reason_and_feeds_the_counts(engagement, applicant, org_a, org_b):
    services.withdraw_engagement(engagement=engagement, by=applicant.user, category="workload", reason="ضغط العمل")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.WITHDRAWN
    assert engagement.withdrawal_reason == "workload" and engagement.withdrawal_note == "ضغط العمل"
    counts = {reason: n for reason, _label, n in selectors.withdrawal_reasons(organization=org_a)}
    assert counts["workload"] == 1 and counts["health"] == 0
    assert all(n == 0 for _r, _l, n in selectors.withdrawal_reasons(organization=org_b))
    if engagement.opportunity.program_id:
        program_counts = {r: n for r, _l, n in selectors.withdrawal_reasons(program=engagement.opportunity.program)}
        assert program_counts["workload"] == 1


def test_an_unknown_withdrawal_reason_is_refused(engagement, applicant):
    with pytest.raises(ValidationError):
        services.withdraw_engagement(engagement=engagement, by=applicant.user, category="bored")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE


def _accept_everything(engagement, volunteer_user, reviewer):
    for item in sorted(engagement.work_items.all(), key=lambda item: item.kind != "task"):  # the deliverable last
        services.submit_work(item=item, by=volunteer_user, link="https://example.org/work")
        services.review_work(item=item, by=reviewer, accept=True)


def test_completing_needs_every_item_accepted(engagement, supervisor_a):
    with pytest.raises(ValidationError):
        services.close_engagement(engagement=engagement, by=supervisor_a, completed=True)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE


def test_the_supervisor_closes_a_completed_engagement(engagement, applicant, supervisor_a):
    from khibra.evaluation.models import VolunteerSurvey

    _accept_everything(engagement, applicant.user, supervisor_a)
    seats_before = engagement.opportunity.seats_filled if hasattr(engagement.opportunity, "seats_filled") else None
    services.close_engagement(engagement=engagement, by=supervisor_a, completed=True, note="عمل ممتاز")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.COMPLETED and engagement.ended_on == timezone.localdate()
    assert AuditEvent.objects.filter(verb="engagement.closed", target_id=str(engagement.pk)).exists()
    assert VolunteerSurvey.objects.filter(engagement=engagement).exists()
    if seats_before is not None:
        engagement.opportunity.refresh_from_db()
        assert engagement.opportunity.seats_filled == seats_before  # closing frees nothing


def test_a_manager_closes_without_completion_and_nobody_else_can(engagement, applicant, manager_a, manager_b, staff):
    for user in (applicant.user, manager_b, staff):
        with pytest.raises(PermissionDenied):
            services.close_engagement(engagement=engagement, by=user, completed=False)
    services.close_engagement(engagement=engagement, by=manager_a, completed=False)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.NOT_COMPLETED
    with pytest.raises(ValidationError):
        services.close_engagement(engagement=engagement, by=manager_a, completed=False)


# --- Reminders ----------------------------------------------------------------------------------


def test_a_late_report_gets_one_reminder_per_missing_week(engagement, applicant):
    move_start(engagement, 2)  # two full weeks ended without a report
    first = services.engagement_housekeeping()
    second = services.engagement_housekeeping()
    assert first["reminders"] == 2 and second["reminders"] == 0
    assert ReportReminder.objects.filter(engagement=engagement).count() == 2
    assert Notification.objects.filter(user=applicant.user, kind="engagement.report_late").count() == 2


def test_reported_weeks_get_no_reminder(engagement, applicant):
    move_start(engagement, 1)
    last_week = timezone.localdate() - dt.timedelta(days=7)
    services.submit_weekly_report(engagement=engagement, by=applicant.user, week_of=last_week, done="…", hours_spent=Decimal(3))
    missing = selectors.missing_report_weeks(engagement)
    assert selectors.week_start(last_week) not in missing
    services.engagement_housekeeping()
    assert not ReportReminder.objects.filter(week_start=selectors.week_start(last_week)).exists()


def test_the_command_dry_run_sends_nothing(engagement, capsys):
    move_start(engagement, 2)
    call_command("engagement_housekeeping", "--dry-run")
    assert "2" in capsys.readouterr().out
    assert not ReportReminder.objects.exists()
    call_command("engagement_housekeeping")
    assert ReportReminder.objects.count() == 2


def test_closed_engagements_get_no_reminders(engagement, applicant):
    move_start(engagement, 2)
    services.withdraw_engagement(engagement=engagement, by=applicant.user, category="health")
    assert services.engagement_housekeeping()["reminders"] == 0


# --- Risk ---------------------------------------------------------------------------------------


def test_a_fresh_engagement_is_low_risk(engagement):
    care = selectors.care_for([engagement])[0]
    assert care.level == selectors.LOW and care.reasons == []


def test_late_reports_silence_and_overdue_tasks_raise_the_risk(engagement, monkeypatch):
    monkeypatch.setattr(selectors, "_hours_by_engagement", lambda engagements: None)
    engagement = move_start(engagement, 3)
    WorkItem.objects.filter(engagement=engagement, kind="task").update(due_on=timezone.localdate() - dt.timedelta(days=2))
    care = selectors.care_for([Engagement.objects.get(pk=engagement.pk)])[0]
    assert care.level == selectors.HIGH
    assert care.late_reports == 3 and care.silent_days == (timezone.localdate() - engagement.started_on).days and care.overdue_items >= 1
    assert len(care.reasons) == 3


def test_one_late_report_is_medium_risk(engagement):
    move_start(engagement, 1)
    care = selectors.care_for([Engagement.objects.get(pk=engagement.pk)])[0]
    assert care.late_reports == 1 and care.level == selectors.MEDIUM


def test_hours_come_from_the_hours_app_when_it_offers_them(engagement, monkeypatch):
    monkeypatch.setattr(selectors, "_hours_by_engagement", lambda engagements: {engagement.pk: Decimal("200")})
    care = selectors.care_for([engagement])[0]
    assert care.hours == Decimal("200") and care.level == selectors.MEDIUM  # far above the plan


def test_hours_far_below_the_plan_after_two_weeks_are_a_sign(engagement, monkeypatch):
    engagement = move_start(engagement, 3)
    with_hours = selectors.care_for([engagement])[0]
    monkeypatch.setattr(selectors, "_hours_by_engagement", lambda engagements: None)
    without_hours = selectors.care_for([engagement])[0]
    assert with_hours.hours == Decimal(0) and len(with_hours.reasons) == len(without_hours.reasons) + 1


def test_without_hours_the_board_shows_none(engagement, monkeypatch):
    monkeypatch.setattr(selectors, "_hours_by_engagement", lambda engagements: None)
    assert selectors.care_for([engagement])[0].hours is None


def test_hours_read_approved_and_pending_from_the_hours_app(engagement):
    hours = selectors._hours_by_engagement([engagement])
    assert hours == {engagement.pk: Decimal(0)}


# --- The board reads its figures in SQL: the same answers as reading the rows -----------------


def _report(engagement, week_start):
    from khibra.engagements.models import WeeklyReport

    WeeklyReport.objects.create(
        engagement=engagement, week_start=week_start, done="أنجزت المطلوب.", hours_spent=Decimal("3"), author=engagement.volunteer.user
    )


@pytest.mark.parametrize("start_weekday_offset", [0, 2, 6])  # starts on a Sunday, a Tuesday, a Saturday
@pytest.mark.parametrize("planned_end_weeks", [None, 2, 20])
def test_the_board_counts_late_reports_overdue_tasks_and_hours_like_the_rows(
    engagement, applicant, manager_a, start_weekday_offset, planned_end_weeks
):
    from khibra.hours.models import HourEntry

    today = timezone.localdate()
    sunday = selectors.week_start(today) - dt.timedelta(days=7 * 8)
    started = sunday + dt.timedelta(days=start_weekday_offset)
    planned_end = None if planned_end_weeks is None else started + dt.timedelta(days=7 * planned_end_weeks + 3)
    Engagement.objects.filter(pk=engagement.pk).update(started_on=started, planned_end_on=planned_end, weekly_hours=Decimal("4"))
    engagement.refresh_from_db()
    # Reports on owed Sundays, before the start, on a weekday, after the planned end, this week.
    for week in (sunday, sunday + dt.timedelta(days=7), sunday + dt.timedelta(days=21), sunday - dt.timedelta(days=7),
                 sunday + dt.timedelta(days=17), sunday + dt.timedelta(days=42), selectors.week_start(today)):
        _report(engagement, week)
    WorkItem.objects.filter(engagement=engagement, kind="task").update(due_on=today - dt.timedelta(days=1))
    for amount, status in (("2.5", "approved"), ("1.25", "submitted"), ("7", "returned")):
        reviewed = status != "submitted"
        HourEntry.objects.create(
            engagement=engagement, date=today - dt.timedelta(days=3), hours=Decimal(amount), status=status,
            submitted_by=applicant.user, volunteer=applicant, opportunity=engagement.opportunity,
            organization=engagement.opportunity.organization, level=engagement.opportunity.level,
            reviewed_by=manager_a if reviewed else None, reviewed_at=timezone.now() if reviewed else None,
            return_reason="ساعات مكررة." if status == "returned" else "",
        )

    by_rows = selectors.care_for([Engagement.objects.get(pk=engagement.pk)], today=today)[0]
    annotated = selectors.with_care_figures(Engagement.objects.filter(pk=engagement.pk), today=today)
    by_sql = selectors.care_for(annotated, today=today)[0]
    fields = ("hours", "planned_hours", "late_reports", "silent_days", "overdue_items", "reasons", "level")
    assert {name: getattr(by_sql, name) for name in fields} == {name: getattr(by_rows, name) for name in fields}
    assert by_rows.late_reports == len(selectors.missing_report_weeks(engagement, today=today))
    assert by_rows.hours == Decimal("3.75")
