"""The workspace services: work items, submissions and reviews, weekly reports, comments, onboarding."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent, Notification
from khibra.engagements import services
from khibra.engagements.models import Comment, OnboardingItem, Submission, WeeklyReport, WorkItem

from .conftest import move_start

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


def pdf(name="تقرير.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_it_prepares_a_work_item_per_task_and_the_final_deliverables(engagement):
    tasks = engagement.opportunity.tasks.count()
    assert engagement.work_items.filter(kind="task").count() == tasks
    assert engagement.work_items.filter(kind="deliverable").count() == 1
    assert engagement.onboarding_items.count() == 4
    assert engagement.weekly_hours == engagement.opportunity.hours_per_week
    assert engagement.planned_end_on == engagement.opportunity.ends_on


def test_preparing_again_adds_new_tasks_only(engagement):
    from khibra.opportunities.models import OpportunityTask

    OpportunityTask.objects.create(opportunity=engagement.opportunity, title="الاختبار", due_on=timezone.localdate())
    before = engagement.work_items.count()
    services.prepare_workspace(engagement=engagement)
    services.prepare_workspace(engagement=engagement)
    assert engagement.work_items.count() == before + 1 and engagement.onboarding_items.count() == 4


def test_the_volunteer_submits_a_link(engagement, applicant, supervisor_a):
    item = engagement.work_items.filter(kind="task").first()
    services.start_work(item=item, by=applicant.user)
    submission = services.submit_work(item=item, by=applicant.user, link="https://example.org/doc", note="المسودة الأولى")

    item.refresh_from_db()
    assert item.status == WorkItem.Status.SUBMITTED and submission.link == "https://example.org/doc"
    assert Notification.objects.filter(user=supervisor_a, kind="engagement.work_submitted").exists()
    assert AuditEvent.objects.filter(verb="engagement.work_submitted").exists()
    engagement.refresh_from_db()
    assert engagement.last_activity_at is not None


def test_the_volunteer_submits_a_pdf_file(engagement, applicant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = engagement.work_items.filter(kind="task").first()
    submission = services.submit_work(item=item, by=applicant.user, file=pdf())
    assert submission.file.name.startswith(f"engagements/{engagement.pk}/") and submission.file_name == "تقرير.pdf"


@pytest.mark.parametrize(
    "upload, code",
    [
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"), "file_type"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"), "too_big"),
    ],
)
def test_it_refuses_files_by_content_and_size(engagement, applicant, upload, code):
    item = engagement.work_items.filter(kind="task").first()
    with pytest.raises(ValidationError) as error:
        services.submit_work(item=item, by=applicant.user, file=upload)
    assert error.value.error_dict["file"][0].code == code
    assert not Submission.objects.exists()


def test_a_submission_needs_a_link_or_a_file(engagement, applicant):
    with pytest.raises(ValidationError):
        services.submit_work(item=engagement.work_items.filter(kind="task").first(), by=applicant.user, link="  ")
    assert not Submission.objects.exists()


def test_only_the_volunteer_submits(engagement, manager_a, supervisor_a):
    for user in (manager_a, supervisor_a):
        with pytest.raises(PermissionDenied):
            services.submit_work(item=engagement.work_items.filter(kind="task").first(), by=user, link="https://example.org")


def test_submitted_work_cannot_be_submitted_again(engagement, applicant):
    item = engagement.work_items.filter(kind="task").first()
    services.submit_work(item=item, by=applicant.user, link="https://example.org/1")
    with pytest.raises(ValidationError):
        services.submit_work(item=item, by=applicant.user, link="https://example.org/2")


def test_the_supervisor_asks_for_changes_then_accepts(engagement, applicant, supervisor_a):
    item = engagement.work_items.filter(kind="task").first()
    services.submit_work(item=item, by=applicant.user, link="https://example.org/1")
    with pytest.raises(ValidationError):
        services.review_work(item=item, by=supervisor_a, accept=False, comment="")
    services.review_work(item=item, by=supervisor_a, accept=False, comment="أضف قسم الخصوصية.")
    item.refresh_from_db()
    assert item.status == WorkItem.Status.CHANGES_REQUESTED and item.reviewed_by == supervisor_a
    assert Notification.objects.filter(user=applicant.user, kind="engagement.work_reviewed").exists()

    services.submit_work(item=item, by=applicant.user, link="https://example.org/2")
    services.review_work(item=item, by=supervisor_a, accept=True)
    item.refresh_from_db()
    assert item.status == WorkItem.Status.ACCEPTED


def test_only_submitted_work_is_reviewed_and_not_by_the_volunteer(engagement, applicant, manager_a, manager_b):
    item = engagement.work_items.filter(kind="task").first()
    with pytest.raises(ValidationError):
        services.review_work(item=item, by=manager_a, accept=True)
    services.submit_work(item=item, by=applicant.user, link="https://example.org/1")
    for user in (applicant.user, manager_b):
        with pytest.raises(PermissionDenied):
            services.review_work(item=item, by=user, accept=True)
    item.refresh_from_db()
    assert item.status == WorkItem.Status.SUBMITTED


def test_the_volunteer_sends_one_report_per_week(engagement, applicant):
    move_start(engagement, 2)
    report = services.submit_weekly_report(
        engagement=engagement, by=applicant.user, week_of=timezone.localdate(), done="أنهيت التصميم", hours_spent=Decimal("6.5")
    )
    assert report.week_start.weekday() == 6  # Sunday
    with pytest.raises(ValidationError) as error:
        services.submit_weekly_report(engagement=engagement, by=applicant.user, week_of=timezone.localdate(), done="مرة أخرى", hours_spent=Decimal(1))
    assert "week_of" in error.value.error_dict
    assert WeeklyReport.objects.count() == 1


@pytest.mark.parametrize("days", [8, -40])
def test_reports_cannot_be_for_future_weeks_or_before_the_start(engagement, applicant, days):
    with pytest.raises(ValidationError):
        services.submit_weekly_report(
            engagement=engagement, by=applicant.user, week_of=timezone.localdate() + dt.timedelta(days=days), done="…", hours_spent=Decimal(1)
        )
    assert not WeeklyReport.objects.exists()


def test_only_the_volunteer_reports(engagement, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.submit_weekly_report(engagement=engagement, by=supervisor_a, week_of=timezone.localdate(), done="…", hours_spent=Decimal(1))


def test_comments_go_both_ways_and_outsiders_cannot_comment(engagement, applicant, supervisor_a, manager_b, staff):
    services.add_comment(engagement=engagement, by=applicant.user, body="هل يمكن تأجيل الاجتماع؟")
    services.add_comment(engagement=engagement, by=supervisor_a, body="نعم، إلى الأحد.")
    for user in (manager_b, staff):
        with pytest.raises(PermissionDenied):
            services.add_comment(engagement=engagement, by=user, body="…")
    assert Comment.objects.count() == 2
    assert Notification.objects.filter(user=applicant.user, kind="engagement.comment").exists()


def test_the_organization_ticks_onboarding_and_the_volunteer_cannot(engagement, applicant, manager_a):
    step = engagement.onboarding_items.get(step=OnboardingItem.Step.WELCOME)
    with pytest.raises(PermissionDenied):
        services.set_onboarding_step(item=step, by=applicant.user, done=True)
    services.set_onboarding_step(item=step, by=manager_a, done=True)
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by == manager_a
    services.set_onboarding_step(item=step, by=manager_a, done=False)
    step.refresh_from_db()
    assert step.done_at is None


def test_nothing_moves_in_a_closed_engagement(engagement, applicant):
    services.withdraw_engagement(engagement=engagement, by=applicant.user, category="workload")
    with pytest.raises(ValidationError):
        services.submit_work(item=engagement.work_items.filter(kind="task").first(), by=applicant.user, link="https://example.org")
