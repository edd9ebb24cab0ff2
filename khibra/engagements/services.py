"""Starting, running and ending engagements. An engagement begins when an application is accepted
(recruitment.services.applications.accept_application calls `start_engagement`)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from khibra.agreements.selectors import current_agreement
from khibra.agreements.services import generate_volunteer_agreement
from khibra.core import audit, uploads
from khibra.core.notify import notify
from khibra.opportunities.models import MAX_BENEFICIARIES, ServiceModel

from .models import (
    Amendment,
    CheckIn,
    Comment,
    Engagement,
    EngagementStatus,
    Issue,
    OnboardingItem,
    OnboardingStep,
    ReportReminder,
    Submission,
    WeeklyReport,
    WithdrawalReason,
    WorkItem,
    WorkItemKind,
    WorkItemStatus,
)


def start_engagement(*, application, by) -> Engagement:
    """The engagement of an accepted application, with the agreement version the volunteer is
    asked to accept (none for free commercial services). Call inside the caller's transaction."""
    from khibra.recruitment.services.applications import tell

    opportunity = application.opportunity
    agreement = None
    if opportunity.service_model != ServiceModel.FREE_COMMERCIAL:
        # The opportunity description is the agreement: generate it now if nobody has yet.
        agreement = current_agreement(opportunity) or generate_volunteer_agreement(opportunity=opportunity, by=by)
    engagement = Engagement(
        opportunity=opportunity,
        volunteer=application.volunteer,
        application=application,
        status=EngagementStatus.ACTIVE,
        started_on=timezone.localdate(),
        planned_end_on=opportunity.ends_on,
        weekly_hours=opportunity.hours_per_week,
        agreement=agreement,
        created_by=by,
    )
    engagement.full_clean()
    engagement.save()
    prepare_workspace(engagement=engagement)
    # Issue 7: each provider program the volunteer verifiably belongs to is asked to approve it.
    from khibra.providers.services import open_participations

    open_participations(engagement=engagement)
    audit.record(
        actor=by, verb="engagement.started", target=engagement, organization=opportunity.organization,
        application=application.pk, agreement=agreement.pk if agreement else None,
    )

    def render():
        title = _("You are accepted: “%(title)s”") % {"title": opportunity.title}
        if agreement is not None:
            return title, _("Welcome aboard. Read and accept the volunteer agreement to start.")
        return title, _("Welcome aboard. The organization will contact you to start.")

    def url():
        return reverse("agreements:detail", args=[agreement.pk]) if agreement else reverse("engagements:mine")

    tell(application.volunteer.user, kind="engagement.started", render=render, url=url)
    return engagement


@transaction.atomic
def withdraw_engagement(*, engagement: Engagement, by, reason: str = "", category: str = WithdrawalReason.OTHER) -> Engagement:
    """The volunteer leaves an active engagement: it ends, the application follows, the seat is
    freed and offered to the waiting list. `category` and `reason` (a note) feed the evaluation."""
    from khibra.recruitment.services import applications

    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user", "application").get(pk=engagement.pk)
    if getattr(by, "pk", None) != engagement.volunteer.user_id:
        raise PermissionDenied(_("Only the volunteer can withdraw from this engagement."))
    reason = (reason or "").strip()[:500]
    if category not in WithdrawalReason.values:
        raise ValidationError({"category": _("Choose a reason from the list.")}, code="invalid_reason")
    updated = Engagement.objects.filter(pk=engagement.pk, status=EngagementStatus.ACTIVE).update(
        status=EngagementStatus.WITHDRAWN, ended_on=timezone.localdate(), updated_at=timezone.now(),
        withdrawal_reason=category, withdrawal_note=reason,
    )
    if not updated:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")
    engagement.refresh_from_db()
    audit.record(actor=by, verb="engagement.withdrawn", target=engagement, organization=engagement.opportunity.organization,
                 reason=reason, category=category)
    if engagement.application_id:
        applications.mark_withdrawn_after_engagement(application=engagement.application, reason=reason)
    applications.release_seat(opportunity=engagement.opportunity, by=by)
    return engagement


# --- Step 7: the workspace ----------------------------------------------------------------------

ORG_SIDE = ("manager", "supervisor")


def engagement_role(engagement: Engagement, user) -> str | None:
    """'volunteer', 'manager' (the organization's admin or volunteer manager), 'supervisor' (the
    opportunity's supervisor) or None. Platform staff have no role here."""
    from khibra.organizations.access import active_membership

    if not getattr(user, "is_authenticated", False):
        return None
    if engagement.volunteer.user_id == user.pk:
        return "volunteer"
    membership = active_membership(engagement.opportunity.organization, user)
    if membership is not None and membership.can_manage:
        return "manager"
    if membership is not None and engagement.opportunity.supervisor_id == user.pk:
        return "supervisor"
    return None


def _require_org_side(engagement: Engagement, by) -> str:
    role = engagement_role(engagement, by)
    if role not in ORG_SIDE:
        raise PermissionDenied(_("Only the organization's managers or the supervisor can do this."))
    return role


def _require_volunteer(engagement: Engagement, by) -> None:
    if engagement_role(engagement, by) != "volunteer":
        raise PermissionDenied(_("Only the volunteer of this engagement can do this."))


def _require_party(engagement: Engagement, by) -> str:
    role = engagement_role(engagement, by)
    if role is None:
        raise PermissionDenied(_("You are not part of this engagement."))
    return role


def _require_active(engagement: Engagement) -> None:
    if engagement.status != EngagementStatus.ACTIVE:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")


def _touch(engagement: Engagement) -> None:
    """The volunteer showed a sign of life: silence is measured from here."""
    now = timezone.now()
    Engagement.objects.filter(pk=engagement.pk).update(last_activity_at=now)
    engagement.last_activity_at = now


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
    _require_volunteer(item.engagement, by)
    _require_active(item.engagement)
    if item.status != WorkItemStatus.NOT_STARTED:
        raise ValidationError(_("This item has already started."), code="already_started")
    item.status = WorkItemStatus.IN_PROGRESS
    item.save(update_fields=["status", "updated_at"])
    _touch(item.engagement)
    audit.record(actor=by, verb="engagement.work_started", target=item, organization=item.engagement.opportunity.organization)
    return item


@transaction.atomic
def submit_work(*, item: WorkItem, by, link: str = "", file=None, note: str = "") -> Submission:
    """The volunteer hands in a link and/or a file for a task or deliverable; it waits for review."""
    item = WorkItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=item.pk)
    engagement = item.engagement
    _require_volunteer(engagement, by)
    _require_active(engagement)
    if item.status in (WorkItemStatus.SUBMITTED, WorkItemStatus.ACCEPTED):
        raise ValidationError(_("This item is already submitted or accepted."), code="not_open")
    link = (link or "").strip()
    if not link and not file:
        raise ValidationError(_("Add a link or a file."), code="empty")
    stored = sniff_upload(file) if file else None
    submission = Submission(item=item, link=link, note=(note or "").strip(), submitted_by=by)
    if stored is not None:
        submission.file_name = file.name[-200:]  # shown to people; the stored name is random
        submission.file = stored
    submission.full_clean()
    submission.save()
    item.status = WorkItemStatus.SUBMITTED
    item.save(update_fields=["status", "updated_at"])
    _touch(engagement)
    audit.record(actor=by, verb="engagement.work_submitted", target=item, organization=engagement.opportunity.organization, submission=submission.pk)
    for user in _org_side_users(engagement):
        _tell(user, kind="engagement.work_submitted", engagement=engagement,
              title=lambda: _("Work submitted for review: “%(title)s”") % {"title": item.title})
    return submission


@transaction.atomic
def review_work(*, item: WorkItem, by, accept: bool, comment: str = "") -> WorkItem:
    """The supervisor or a manager accepts a submitted item or asks for changes (with a comment)."""
    item = WorkItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer__user").get(pk=item.pk)
    engagement = item.engagement
    _require_org_side(engagement, by)
    _require_active(engagement)
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
    _tell(engagement.volunteer.user, kind="engagement.work_reviewed", engagement=engagement, title=title)
    return item


def week_start(day: dt.date) -> dt.date:
    """The Sunday that starts the (Saudi) week of `day`."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@transaction.atomic
def submit_weekly_report(*, engagement: Engagement, by, week_of: dt.date, done: str, next: str = "", blockers: str = "",
                         hours_spent: Decimal) -> WeeklyReport:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    _require_volunteer(engagement, by)
    _require_active(engagement)
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
    _touch(engagement)
    audit.record(actor=by, verb="engagement.report_sent", target=report, organization=engagement.opportunity.organization)
    return report


@transaction.atomic
def add_comment(*, engagement: Engagement, by, body: str) -> Comment:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    role = _require_party(engagement, by)
    comment = Comment(engagement=engagement, author=by, body=(body or "").strip())
    comment.full_clean()
    comment.save()
    if role == "volunteer":
        _touch(engagement)
        for user in _org_side_users(engagement):
            _tell(user, kind="engagement.comment", engagement=engagement, email=False,
                  title=lambda: _("A new comment from the volunteer on “%(title)s”") % {"title": engagement.opportunity.title})
    else:
        _tell(engagement.volunteer.user, kind="engagement.comment", engagement=engagement, email=False,
              title=lambda: _("A new comment on “%(title)s”") % {"title": engagement.opportunity.title})
    return comment


@transaction.atomic
def set_onboarding_step(*, item: OnboardingItem, by, done: bool) -> OnboardingItem:
    item = OnboardingItem.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=item.pk)
    _require_org_side(item.engagement, by)
    _require_active(item.engagement)
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by"])
    audit.record(actor=by, verb="engagement.onboarding_ticked" if done else "engagement.onboarding_unticked",
                 target=item.engagement, organization=item.engagement.opportunity.organization, step=item.step)
    return item


# --- Care: check-ins, issues, amendments, withdrawal reasons -------------------------------------


def default_check_in_message(engagement: Engagement) -> str:
    return _(
        "Hello %(name)s, we are thinking of you. How is the work on “%(title)s” going? If the load is "
        "heavy or something is in the way, tell us: we can adjust the plan together."
    ) % {"name": engagement.volunteer.user.full_name, "title": engagement.opportunity.title}


@transaction.atomic
def send_check_in(*, engagement: Engagement, by, message: str) -> CheckIn:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    _require_org_side(engagement, by)
    _require_active(engagement)
    check_in = CheckIn(engagement=engagement, message=(message or "").strip(), sent_by=by)
    check_in.full_clean()
    check_in.save()
    audit.record(actor=by, verb="engagement.check_in", target=engagement, organization=engagement.opportunity.organization)
    _tell(engagement.volunteer.user, kind="engagement.check_in", engagement=engagement,
          title=lambda: _("How are you doing on “%(title)s”?") % {"title": engagement.opportunity.title},
          body=check_in.message)
    return check_in


@transaction.atomic
def log_issue(*, engagement: Engagement, by, what: str) -> Issue:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    _require_party(engagement, by)
    issue = Issue(engagement=engagement, what=(what or "").strip(), raised_by=by)
    issue.full_clean()
    issue.save()
    audit.record(actor=by, verb="engagement.issue_logged", target=issue, organization=engagement.opportunity.organization)
    return issue


@transaction.atomic
def resolve_issue(*, issue: Issue, by, resolution: str) -> Issue:
    issue = Issue.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=issue.pk)
    _require_org_side(issue.engagement, by)
    if issue.resolved_at is not None:
        raise ValidationError(_("This issue is already resolved."), code="resolved")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how the issue was resolved.")}, code="required")
    issue.resolution = resolution
    issue.resolved_by = by
    issue.resolved_at = timezone.now()
    issue.full_clean()
    issue.save(update_fields=["resolution", "resolved_by", "resolved_at", "updated_at"])
    audit.record(actor=by, verb="engagement.issue_resolved", target=issue, organization=issue.engagement.opportunity.organization)
    return issue


@transaction.atomic
def amend_engagement(*, engagement: Engagement, by, reason: str, new_end_on: dt.date | None = None,
                     new_weekly_hours: Decimal | None = None) -> Amendment:
    """A flexible change: a later planned end date and/or fewer weekly hours, recorded with why."""
    engagement = Engagement.objects.select_for_update().select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    _require_org_side(engagement, by)
    _require_active(engagement)
    reason = (reason or "").strip()
    errors = {}
    if new_end_on is None and new_weekly_hours is None:
        errors[None] = _("Change the end date, the weekly hours or both.")
    if new_end_on is not None:
        current = engagement.planned_end_on
        if current is not None and new_end_on <= current:
            errors["new_end_on"] = _("The new end date must be after the current one.")
        elif new_end_on < timezone.localdate():
            errors["new_end_on"] = _("The new end date cannot be in the past.")
    if new_weekly_hours is not None:
        current_hours = engagement.weekly_hours
        if new_weekly_hours <= 0:
            errors["new_weekly_hours"] = _("Weekly hours must be more than zero.")
        elif current_hours is not None and new_weekly_hours >= current_hours:
            errors["new_weekly_hours"] = _("The new weekly hours must be fewer than the current ones.")
    if not reason:
        errors["reason"] = _("Say why the plan changes.")
    if errors:
        raise ValidationError(errors)
    amendment = Amendment(
        engagement=engagement, old_end_on=engagement.planned_end_on, new_end_on=new_end_on,
        old_weekly_hours=engagement.weekly_hours, new_weekly_hours=new_weekly_hours, reason=reason, by=by,
    )
    amendment.full_clean()
    amendment.save()
    fields = ["updated_at"]
    if new_end_on is not None:
        engagement.planned_end_on = new_end_on
        fields.append("planned_end_on")
    if new_weekly_hours is not None:
        engagement.weekly_hours = new_weekly_hours
        fields.append("weekly_hours")
    engagement.save(update_fields=fields)
    audit.record(actor=by, verb="engagement.amended", target=engagement, organization=engagement.opportunity.organization,
                 new_end_on=new_end_on, new_weekly_hours=new_weekly_hours, reason=reason)
    return amendment


def withdrawal_reasons(*, organization=None, program=None) -> list[tuple[str, str, int]]:
    """(reason, label, count) of withdrawals for an organization or a program, for the evaluation;
    every reason is listed, with 0 when nobody gave it."""
    from django.db.models import Count

    withdrawn = Engagement.objects.filter(status=EngagementStatus.WITHDRAWN)
    if organization is not None:
        withdrawn = withdrawn.filter(opportunity__organization=organization)
    if program is not None:
        withdrawn = withdrawn.filter(opportunity__program=program)
    counts = dict(withdrawn.values_list("withdrawal_reason").annotate(n=Count("pk")).values_list("withdrawal_reason", "n"))
    # Withdrawals before reasons were recorded count as "another reason".
    counts[WithdrawalReason.OTHER] = counts.get(WithdrawalReason.OTHER, 0) + counts.pop("", 0)
    return [(value, label, counts.get(value, 0)) for value, label in WithdrawalReason.choices]


# --- Closing ------------------------------------------------------------------------------------


@transaction.atomic
def close_engagement(
    *, engagement: Engagement, by, completed: bool, note: str = "", outcome: str = "", beneficiaries_reached: int | None = None
) -> Engagement:
    """The end of an active engagement: completed (every task and deliverable accepted) or not,
    with what changed and how many beneficiaries it reached (the impact figures).
    Nothing is freed. Certificates and the evaluation survey follow in the same transaction."""
    engagement = Engagement.objects.select_for_update().select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    _require_org_side(engagement, by)
    _require_active(engagement)
    if completed and engagement.work_items.exclude(status=WorkItemStatus.ACCEPTED).exists():
        raise ValidationError(_("Accept every task and deliverable before closing the engagement as completed."), code="open_items")
    engagement.status = EngagementStatus.COMPLETED if completed else EngagementStatus.NOT_COMPLETED
    engagement.ended_on = timezone.localdate()
    engagement.closing_note = (note or "").strip()
    engagement.outcome = (outcome or "").strip()
    if beneficiaries_reached is not None and not 0 <= beneficiaries_reached <= MAX_BENEFICIARIES:
        raise ValidationError(
            {"beneficiaries_reached": _("The number of beneficiaries must be between 0 and %(max)s.") % {"max": MAX_BENEFICIARIES}}
        )
    engagement.beneficiaries_reached = beneficiaries_reached
    engagement.full_clean()
    engagement.save(update_fields=["status", "ended_on", "closing_note", "outcome", "beneficiaries_reached", "updated_at"])
    audit.record(actor=by, verb="engagement.closed", target=engagement, organization=engagement.opportunity.organization,
                 completed=completed, note=engagement.closing_note, outcome=engagement.outcome,
                 beneficiaries_reached=beneficiaries_reached)
    _on_closed(engagement=engagement, by=by)
    if completed:
        title = lambda: _("Well done: “%(title)s” is complete.") % {"title": engagement.opportunity.title}  # noqa: E731
    else:
        title = lambda: _("Your engagement on “%(title)s” is closed.") % {"title": engagement.opportunity.title}  # noqa: E731
    _tell(engagement.volunteer.user, kind="engagement.closed", engagement=engagement, title=title)
    return engagement


def _on_closed(*, engagement: Engagement, by) -> None:
    """Certificates and evaluation react to a closed engagement (imported here: they import us)."""
    from khibra.certificates import services as certificates
    from khibra.evaluation import services as evaluation

    certificates.on_engagement_closed(engagement=engagement, by=by)
    evaluation.on_engagement_closed(engagement=engagement)


# --- Notifications ------------------------------------------------------------------------------


def _org_side_users(engagement: Engagement) -> list:
    """Who hears about the volunteer's work: the supervisor, else the organization's managers."""
    from khibra.organizations.models import Membership

    opportunity = engagement.opportunity
    if opportunity.supervisor_id and Membership.objects.active().filter(organization=opportunity.organization, user_id=opportunity.supervisor_id).exists():
        return [opportunity.supervisor]
    return [m.user for m in Membership.objects.active().select_related("user").filter(organization=opportunity.organization) if m.can_manage]


def _tell(user, *, kind: str, engagement: Engagement, title, body: str = "", email: bool = True, dedupe_key: str | None = None) -> None:
    """Notify `user` in their own language; `title` is a callable rendered under that language."""
    with translation.override(user.preferred_language or "ar"):
        notify(user=user, kind=kind, title=str(title()), body=body, url=reverse("engagements:workspace", args=[engagement.pk]),
               email=email, dedupe_key=dedupe_key)


# --- Housekeeping: late weekly reports ----------------------------------------------------------


def report_weeks(engagement: Engagement, *, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and the last week (their Sundays) a weekly report is owed for: from the
    engagement's first full week to last week, not past the week of its planned end; None before
    it has a start date. The weeks between them are every Sunday w with started_on <= w <=
    today - 7 days and w <= planned_end_on (engagements.selectors counts reports that way in SQL)."""
    if engagement.started_on is None:
        return None
    # Full weeks only: a volunteer who starts on a Tuesday owes the first report the week after.
    first = week_start(engagement.started_on + dt.timedelta(days=6))
    last = week_start(today) - dt.timedelta(days=7)
    if engagement.planned_end_on:
        last = min(last, week_start(engagement.planned_end_on))
    return first, last


def missing_report_weeks(engagement: Engagement, *, today: dt.date | None = None, reported: set | None = None) -> list[dt.date]:
    """Weeks (their Sundays) that ended without a weekly report, from the engagement's first full
    week to last week."""
    today = today or timezone.localdate()
    span = report_weeks(engagement, today=today)
    if span is None:
        return []
    if reported is None:
        reported = set(engagement.weekly_reports.values_list("week_start", flat=True))
    first, last = span
    weeks = []
    week = first
    while week <= last:
        if week not in reported:
            weeks.append(week)
        week += dt.timedelta(days=7)
    return weeks


def engagement_housekeeping(*, dry_run: bool = False, today: dt.date | None = None) -> dict:
    """Hourly and idempotent: one reminder per active engagement and missing week."""
    today = today or timezone.localdate()
    summary = {"engagements": 0, "reminders": 0}
    engagements = Engagement.objects.active().select_related("opportunity", "volunteer__user").prefetch_related("weekly_reports", "report_reminders")
    for engagement in engagements:
        summary["engagements"] += 1
        reported = {report.week_start for report in engagement.weekly_reports.all()}
        reminded = {reminder.week_start for reminder in engagement.report_reminders.all()}
        for week in missing_report_weeks(engagement, today=today, reported=reported):
            if week in reminded:
                continue
            summary["reminders"] += 1
            if not dry_run:
                _remind(engagement=engagement, week=week)
    return summary


@transaction.atomic
def _remind(*, engagement: Engagement, week: dt.date) -> None:
    _reminder, created = ReportReminder.objects.get_or_create(engagement=engagement, week_start=week)
    if not created:  # another run got there first
        return
    from khibra.core.dates import format_dual

    def title():
        return _("Your weekly report on “%(title)s” for the week of %(date)s is late.") % {
            "title": engagement.opportunity.title, "date": format_dual(week),
        }

    _tell(engagement.volunteer.user, kind="engagement.report_late", engagement=engagement, title=title,
          body=_("A few lines are enough: what you did, what comes next and what is in your way."),
          dedupe_key=f"engagement-report-{engagement.pk}-{week.isoformat()}")
