"""An engagement: one accepted volunteer on one opportunity. Steps 7–9 build on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel
from khibra.opportunities.models import MAX_BENEFICIARIES

MAX_OUTCOME = 1000  # Engagement.outcome


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_COMPLETED = "not_completed", _("Closed without completion")


class WithdrawalReason(models.TextChoices):
    WORKLOAD = "workload", _("Too much work alongside my job")
    PERSONAL = "personal", _("Family or personal obligations")
    HEALTH = "health", _("Health")
    SCOPE = "scope", _("The work was not what I expected")
    COMMUNICATION = "communication", _("Communication with the organization")
    SUPPORT = "support", _("Not enough support or guidance")
    OTHER = "other", _("Another reason")


class EngagementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=EngagementStatus.ACTIVE)


class Engagement(TimeStampedModel):
    Status = EngagementStatus
    opportunity = models.ForeignKey("opportunities.Opportunity", models.PROTECT, related_name="engagements", verbose_name=_("opportunity"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="engagements", verbose_name=_("volunteer"))
    application = models.OneToOneField(
        "recruitment.Application", models.PROTECT, null=True, blank=True, related_name="engagement", verbose_name=_("application")
    )
    status = models.CharField(_("status"), max_length=15, choices=EngagementStatus, default=EngagementStatus.ACTIVE)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The agreement version the volunteer is asked to accept (None for free commercial services).
    agreement = models.ForeignKey(
        "agreements.VolunteerAgreement", models.PROTECT, null=True, blank=True, related_name="engagements", verbose_name=_("agreement")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # The engagement's own plan; amendments change these, never the opportunity.
    planned_end_on = models.DateField(_("planned end date"), null=True, blank=True)
    weekly_hours = models.DecimalField(_("weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    # The volunteer's last sign of life in the workspace (submission, report, comment).
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=15, choices=WithdrawalReason, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), max_length=500, blank=True)
    closing_note = models.TextField(_("closing note"), max_length=2000, blank=True)
    # Recorded by the organization when it closes the engagement; rolled up into the impact figures.
    outcome = models.TextField(_("what changed"), max_length=MAX_OUTCOME, blank=True)
    beneficiaries_reached = models.PositiveIntegerField(_("beneficiaries reached"), null=True, blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            # One live engagement per volunteer and opportunity.
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"], condition=Q(status="active"), name="engagement_one_active_per_volunteer"
            ),
            models.CheckConstraint(
                condition=Q(beneficiaries_reached__isnull=True) | Q(beneficiaries_reached__gte=0, beneficiaries_reached__lte=MAX_BENEFICIARIES),
                name="engagement_beneficiaries_range",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="engagement_volunteer_status"),
            models.Index(fields=["opportunity", "status"], name="engagement_opportunity_status"),
        ]

    @property
    def weekly_plan(self):
        """The hours a week this engagement plans: its own figure (an amendment lowers it), else
        the opportunity's for an engagement that never had one."""
        return self.weekly_hours if self.weekly_hours is not None else self.opportunity.hours_per_week


# --- Step 7: the workspace, weekly reports, care ------------------------------------------------


class WorkItemKind(models.TextChoices):
    TASK = "task", _("Task")
    DELIVERABLE = "deliverable", _("Final deliverable")


class WorkItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


class WorkItem(TimeStampedModel):
    """One task or final deliverable of the opportunity, as this engagement delivers it."""

    Kind = WorkItemKind
    Status = WorkItemStatus
    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="work_items", verbose_name=_("engagement"))
    task = models.ForeignKey(
        "opportunities.OpportunityTask", models.SET_NULL, null=True, blank=True, related_name="work_items", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=WorkItemKind, default=WorkItemKind.TASK)
    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details"), max_length=4000, blank=True)
    due_on = models.DateField(_("delivery date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkItemStatus, default=WorkItemStatus.NOT_STARTED)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["engagement", "kind", "due_on", "pk"]
        constraints = [
            # Each task of the opportunity appears once in an engagement's workspace.
            models.UniqueConstraint(fields=["engagement", "task"], condition=Q(task__isnull=False), name="workitem_task_once"),
            # One final-deliverable row per engagement.
            models.UniqueConstraint(fields=["engagement"], condition=Q(kind="deliverable"), name="workitem_one_deliverable"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == WorkItemStatus.ACCEPTED


def submission_path(instance, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"engagements/{instance.item.engagement_id}/{uuid.uuid4().hex}.{suffix}"


class Submission(TimeStampedModel):
    """What the volunteer handed in for a work item: a link, a file or both, with a note."""

    item = models.ForeignKey(WorkItem, models.CASCADE, related_name="submissions", verbose_name=_("work item"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=submission_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # Why the final deliverable came before every task had started (the volunteer's words).
    early_reason = models.TextField(_("why before the tasks"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(link="") | ~Q(file=""), name="submission_link_or_file"),
        ]


class WeeklyReport(TimeStampedModel):
    """The volunteer's weekly report; weeks start on Sunday, as the Saudi working week does."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="weekly_reports", verbose_name=_("engagement"))
    week_start = models.DateField(_("week starting"))
    done = models.TextField(_("done this week"), max_length=3000)
    next = models.TextField(_("planned next"), max_length=3000, blank=True)
    blockers = models.TextField(_("blockers"), max_length=3000, blank=True)
    hours_spent = models.DecimalField(_("hours spent"), max_digits=5, decimal_places=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "week_start"], name="weeklyreport_once_per_week"),
            models.CheckConstraint(condition=Q(hours_spent__gte=0, hours_spent__lte=168), name="weeklyreport_hours_range"),
        ]


class ReportReminder(models.Model):
    """A reminder sent for a missing weekly report: the row makes housekeeping idempotent."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="report_reminders")
    week_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["engagement", "week_start"], name="reportreminder_once_per_week")]


class Comment(TimeStampedModel):
    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="comments", verbose_name=_("engagement"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=3000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]


class OnboardingStep(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    INTRODUCTION = "introduction", _("Introduction to the organization")
    ACCESS = "access", _("Access to tools and accounts")
    TRAINING = "training", _("Required training")


class OnboardingItem(models.Model):
    """One step of the onboarding checklist: ticked by the organization, seen by the volunteer."""

    Step = OnboardingStep
    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="onboarding_items")
    step = models.CharField(_("step"), max_length=15, choices=OnboardingStep)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["engagement", "step"], name="onboarding_step_once")]


class Issue(TimeStampedModel):
    """An issue or conflict in an engagement, and how it was resolved."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="issues", verbose_name=_("engagement"))
    what = models.TextField(_("what happened"), max_length=3000)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("raised by"))
    resolution = models.TextField(_("how it was resolved"), max_length=3000, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A resolved issue says how.
            models.CheckConstraint(condition=Q(resolved_at__isnull=True) | ~Q(resolution=""), name="issue_resolved_says_how"),
        ]


class Amendment(TimeStampedModel):
    """A recorded flexible change: a later end date or fewer weekly hours, with who, when and why."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="amendments", verbose_name=_("engagement"))
    old_end_on = models.DateField(_("previous end date"), null=True, blank=True)
    new_end_on = models.DateField(_("new end date"), null=True, blank=True)
    old_weekly_hours = models.DecimalField(_("previous weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    new_weekly_hours = models.DecimalField(_("new weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(new_end_on__isnull=False) | Q(new_weekly_hours__isnull=False), name="amendment_changes_something"),
        ]


class CheckIn(TimeStampedModel):
    """A gentle check-in message the organization sent to the volunteer."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="check_ins")
    message = models.TextField(_("message"), max_length=2000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
