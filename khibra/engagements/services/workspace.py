"""Step 7, the workspace: work items and their review, weekly reports, comments, onboarding."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.agreements.selectors import require_agreement_accepted
from khibra.core import audit, ics, uploads

from ..models import (
    Comment,
    Engagement,
    OnboardingItem,
    OnboardingStep,
    Submission,
    WeeklyReport,
    WorkItem,
    WorkItemKind,
    WorkItemStatus,
)
from ..selectors import task_event, tasks_not_started, week_start
from .parties import (
    org_side_users,
    require_active,
    require_org_side,
    require_party,
    require_volunteer,
    tell_arrival,
    tell_party,
    touch,
)


def prepare_workspace(*, engagement: Engagement) -> None:
    """The work items (one per opportunity task, and the final deliverables) and the onboarding
    checklist. Idempotent: tasks added to the opportunity later join the workspace."""
    opportunity = engagement.opportunity
    have = set(engagement.work_items.filter(task__isnull=False).values_list("task_id", flat=True))
    WorkItem.objects.bulk_create(
        [
            WorkItem(engagement=engagement, task=task, kind=WorkItemKind.TASK, title=task.title, details=task.details, due_on=task.due_on)
            for task in opportunity.tasks.all()
            if task.pk not in have
        ]
    )
    if opportunity.deliverables.strip() and not engagement.work_items.filter(kind=WorkItemKind.DELIVERABLE).exists():
        WorkItem.objects.create(
            engagement=engagement,
            kind=WorkItemKind.DELIVERABLE,
            title=_("Final deliverables"),
            details=opportunity.deliverables,
            due_on=engagement.planned_end_on or opportunity.ends_on,
        )
    existing = set(engagement.onboarding_items.values_list("step", flat=True))
    OnboardingItem.objects.bulk_create(
        [OnboardingItem(engagement=engagement, step=step) for step in OnboardingStep.values if step not in existing]
    )


def sniff_upload(upload):
    """The file to store, checked by its content (khibra.core.uploads.WORK_FILE), or a ValidationError."""
    try:
        return uploads.clean_upload(upload, uploads.WORK_FILE)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None


@transaction.atomic
def start_work(*, item: WorkItem, by) -> WorkItem:
    item = WorkItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=item.pk)
    require_volunteer(item.engagement, by)
    require_active(item.engagement)
    if item.status != WorkItemStatus.NOT_STARTED:
        raise ValidationError(_("This item has already started."), code="already_started")
    item.status = WorkItemStatus.IN_PROGRESS
    item.save(update_fields=["status", "updated_at"])
    touch(item.engagement)
    audit.record(actor=by, verb="engagement.work_started", target=item, organization=item.engagement.opportunity.organization)
    return item


@transaction.atomic
def submit_work(*, item: WorkItem, by, link: str = "", file=None, note: str = "", early_reason: str = "") -> Submission:
    """The volunteer hands in a link and/or a file for a task or deliverable; it waits for review.
    The final deliverable comes once every task has started, or with the
    volunteer's stated reason (`early_reason`, kept with the submission and in the audit row)."""
    item = WorkItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=item.pk)
    engagement = item.engagement
    require_volunteer(engagement, by)
    require_active(engagement)
    require_agreement_accepted(user=by, opportunity=engagement.opportunity)
    if item.status in (WorkItemStatus.SUBMITTED, WorkItemStatus.ACCEPTED):
        raise ValidationError(_("This item is already submitted or accepted."), code="not_open")
    early_reason = (early_reason or "").strip()[:2000]
    waiting = tasks_not_started(item)
    if waiting and not early_reason:
        message = _(
            "The final deliverable comes after the tasks. Not started yet: %(tasks)s. "
            "Start them first, or write why the deliverable comes before them."
        ) % {"tasks": "، ".join(task.title for task in waiting)}
        raise ValidationError({"early_reason": ValidationError(message, code="tasks_first")})
    link = (link or "").strip()
    if not link and not file:
        raise ValidationError(_("Add a link or a file."), code="empty")
    stored = sniff_upload(file) if file else None
    submission = Submission(
        item=item, link=link, note=(note or "").strip(), early_reason=early_reason if waiting else "", submitted_by=by
    )
    if stored is not None:
        submission.file_name = file.name[-200:]  # shown to people; the stored name is random
        submission.file = stored
    submission.full_clean()
    submission.save()
    item.status = WorkItemStatus.SUBMITTED
    item.save(update_fields=["status", "updated_at"])
    touch(engagement)
    early = {"early_reason": early_reason, "tasks_waiting": [task.pk for task in waiting]} if waiting else {}
    audit.record(
        actor=by, verb="engagement.work_submitted", target=item, organization=engagement.opportunity.organization,
        submission=submission.pk, **early,
    )
    tell_arrival(engagement, kind="engagement.work_submitted", key=f"work-submitted:{submission.pk}",
                 url=reverse("engagements:workspace", args=[engagement.pk]) + f"#task-{item.pk}",
                 title=lambda: _("Work submitted for review: “%(title)s”") % {"title": item.title})
    return submission


@transaction.atomic
def review_work(*, item: WorkItem, by, accept: bool, comment: str = "") -> WorkItem:
    """The supervisor or a manager accepts a submitted item or asks for changes (with a comment)."""
    item = WorkItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer__user").get(pk=item.pk)
    engagement = item.engagement
    require_org_side(engagement, by)
    require_active(engagement)
    if item.status != WorkItemStatus.SUBMITTED:
        raise ValidationError(_("Only submitted work can be reviewed."), code="not_submitted")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what should change.")}, code="comment_required")
    item.status = WorkItemStatus.ACCEPTED if accept else WorkItemStatus.CHANGES_REQUESTED
    item.review_comment = comment
    item.reviewed_by = by
    item.reviewed_at = timezone.now()
    item.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    audit.record(actor=by, verb="engagement.work_accepted" if accept else "engagement.changes_requested",
                 target=item, organization=engagement.opportunity.organization, comment=comment)
    if accept:
        title = lambda: _("Your work was accepted: “%(title)s”") % {"title": item.title}  # noqa: E731
    else:
        title = lambda: _("Changes requested: “%(title)s”") % {"title": item.title}  # noqa: E731
    # Changes asked on a task with a due date: its date goes with the e-mail, for the calendar.
    attachments = (
        (lambda: [ics.attachment(task_event(item), f"task-{item.pk}.ics")]) if not accept and item.due_on else None
    )
    tell_party(engagement.volunteer.user, kind="engagement.work_reviewed", engagement=engagement, title=title, attachments=attachments)
    return item


@transaction.atomic
def submit_weekly_report(*, engagement: Engagement, by, week_of: dt.date, done: str, next: str = "", blockers: str = "",
                         hours_spent: Decimal) -> WeeklyReport:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    require_volunteer(engagement, by)
    require_active(engagement)
    # A report carries hours spent, so like logged hours it waits for the accepted agreement.
    require_agreement_accepted(user=by, opportunity=engagement.opportunity)
    start = week_start(week_of)
    if start > week_start(timezone.localdate()):
        raise ValidationError({"week_of": _("You cannot report on a week that has not started.")}, code="future_week")
    if engagement.started_on and start < week_start(engagement.started_on):
        raise ValidationError({"week_of": _("This week is before the engagement started.")}, code="before_start")
    if WeeklyReport.objects.filter(engagement=engagement, week_start=start).exists():
        raise ValidationError({"week_of": _("You already sent the report of this week.")}, code="duplicate")
    report = WeeklyReport(
        engagement=engagement, week_start=start, done=(done or "").strip(), next=(next or "").strip(),
        blockers=(blockers or "").strip(), hours_spent=hours_spent, author=by,
    )
    report.full_clean()
    report.save()
    touch(engagement)
    audit.record(actor=by, verb="engagement.report_sent", target=report, organization=engagement.opportunity.organization)
    name = engagement.volunteer.user.full_name
    tell_arrival(engagement, kind="engagement.report_sent", key=f"report-sent:{report.pk}",
                 url=reverse("engagements:workspace", args=[engagement.pk]) + f"#report-{report.pk}",
                 title=lambda: _("%(name)s sent the weekly report on “%(title)s”") % {"name": name, "title": engagement.opportunity.title})
    return report


@transaction.atomic
def add_comment(*, engagement: Engagement, by, body: str) -> Comment:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    role = require_party(engagement, by)
    comment = Comment(engagement=engagement, author=by, body=(body or "").strip())
    comment.full_clean()
    comment.save()
    if role == "volunteer":
        touch(engagement)
        for user in org_side_users(engagement):
            tell_party(user, kind="engagement.comment", engagement=engagement, email=False,
                       title=lambda: _("A new comment from the volunteer on “%(title)s”") % {"title": engagement.opportunity.title})
    else:
        tell_party(engagement.volunteer.user, kind="engagement.comment", engagement=engagement, email=False,
                   title=lambda: _("A new comment on “%(title)s”") % {"title": engagement.opportunity.title})
    return comment


@transaction.atomic
def set_onboarding_step(*, item: OnboardingItem, by, done: bool) -> OnboardingItem:
    item = OnboardingItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=item.pk)
    require_org_side(item.engagement, by)
    require_active(item.engagement)
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by"])
    audit.record(actor=by, verb="engagement.onboarding_ticked" if done else "engagement.onboarding_unticked",
                 target=item.engagement, organization=item.engagement.opportunity.organization, step=item.step)
    return item
