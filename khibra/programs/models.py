"""A professional volunteering program and its first and fifth steps (needs, readiness).

The nine steps and their action plan (Table 1) hang off the program; opportunities (step 2)
and agreements (step 4) live in their own apps and point back here.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class ProgramQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)


class Program(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="programs", verbose_name=_("organization")
    )
    name = models.CharField(_("program name"), max_length=200)
    goal = models.TextField(_("goal"), max_length=3000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Step 9 starts the next cycle from a finished one.
    previous = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="next_cycles", verbose_name=_("previous cycle")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="program_period_order"),
        ]
        indexes = [models.Index(fields=["organization", "-starts_on"], name="program_org_recent")]

    def __str__(self) -> str:
        return self.name


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionPlanStep(TimeStampedModel):
    """One row of the action plan (Table 1): who, how and when for one of the nine steps."""

    Status = StepStatus
    program = models.ForeignKey(Program, models.CASCADE, related_name="plan_steps", verbose_name=_("program"))
    step = models.PositiveSmallIntegerField(_("step"))
    responsible = models.CharField(_("who is responsible"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("responsible member")
    )
    method = models.TextField(_("method or tool"), max_length=2000, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    # Set by hand only for steps whose state the data cannot tell yet.
    manual_status = models.CharField(_("status"), max_length=12, choices=StepStatus, blank=True)

    class Meta:
        verbose_name = _("action plan step")
        verbose_name_plural = _("action plan steps")
        ordering = ["program", "step"]
        constraints = [
            models.UniqueConstraint(fields=["program", "step"], name="plan_step_once_per_program"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=9), name="plan_step_one_to_nine"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="plan_step_period_order",
            ),
        ]


class NeedsAssessment(TimeStampedModel):
    """Step 1's guiding questions, answered once per program."""

    program = models.OneToOneField(Program, models.CASCADE, related_name="needs_assessment", verbose_name=_("program"))
    stalled_work = models.TextField(_("Which projects or tasks are stalled?"), max_length=4000, blank=True)
    capability_gaps = models.TextField(
        _("What can the current team not do, for lack of time, skills or expertise?"), max_length=4000, blank=True
    )
    development_roles = models.TextField(
        _("Which roles could develop the organization that nobody has taken on yet?"), max_length=4000, blank=True
    )
    initiatives = models.TextField(_("Which initiatives exist or are planned?"), max_length=4000, blank=True)
    # Set when the volunteer manager declares the list assessed and prioritised.
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")


class Suitability(models.TextChoices):
    UNDECIDED = "undecided", _("Not decided yet")
    VOLUNTEER = "volunteer", _("Suits a professional volunteer")
    PAID_STAFF = "paid_staff", _("Better done by paid staff or a consultant")


class PaidStaffReason(models.TextChoices):
    URGENT = "urgent", _("Urgent: cannot wait for recruiting")
    INTERNAL_KNOWLEDGE = "internal_knowledge", _("Needs deep knowledge of the organization")
    ONGOING = "ongoing", _("An ongoing core role, not a bounded project")
    CONFIDENTIAL = "confidential", _("Involves highly confidential information")
    OTHER = "other", _("Another reason")


class ExecutionMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Team")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted by a department")
    ACCEPTED = "accepted", _("On the needs list")
    MERGED = "merged", _("Merged into another need")
    DECLINED = "declined", _("Declined")


class NeedQuerySet(models.QuerySet):
    def on_list(self):
        return self.filter(status=NeedStatus.ACCEPTED)


class Need(TimeStampedModel):
    """One row of Table 2: a need or gap, its priority and the skills it calls for."""

    Status = NeedStatus
    Suitability = Suitability
    program = models.ForeignKey(Program, models.CASCADE, related_name="needs", verbose_name=_("program"))
    title = models.CharField(_("need or gap"), max_length=200)
    description = models.TextField(_("details"), max_length=4000, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    field = models.ForeignKey("reference.Field", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=0, help_text=_("1 is the most important."))
    skills_required = models.TextField(_("skills required"), max_length=2000, blank=True)
    suitability = models.CharField(_("who should do it"), max_length=12, choices=Suitability, default=Suitability.UNDECIDED)
    paid_staff_reason = models.CharField(_("why paid staff"), max_length=20, choices=PaidStaffReason, blank=True)
    suitability_note = models.CharField(_("note"), max_length=500, blank=True)
    volunteers_needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=1)
    execution_mode = models.CharField(_("individual or team"), max_length=12, choices=ExecutionMode, default=ExecutionMode.INDIVIDUAL)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus, default=NeedStatus.ACCEPTED)
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="merged_needs", verbose_name=_("merged into")
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["program", "priority", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(volunteers_needed__gte=1, volunteers_needed__lte=100), name="need_volunteers_range"),
            models.CheckConstraint(
                condition=~Q(suitability="paid_staff") | ~Q(paid_staff_reason=""), name="need_paid_staff_has_reason"
            ),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False), name="need_merged_has_target"),
        ]
        indexes = [models.Index(fields=["program", "status", "priority"], name="need_program_list")]

    def __str__(self) -> str:
        return self.title


class ReadinessAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ReadinessAssessment(TimeStampedModel):
    """Step 5: the eight readiness criteria for one program (answers in ReadinessItem)."""

    program = models.OneToOneField(Program, models.CASCADE, related_name="readiness", verbose_name=_("program"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")


class ReadinessItem(models.Model):
    Answer = ReadinessAnswer
    assessment = models.ForeignKey(ReadinessAssessment, models.CASCADE, related_name="items")
    criterion = models.CharField(_("criterion"), max_length=30)  # a code from programs.readiness.CRITERIA
    answer = models.CharField(_("answer"), max_length=6, choices=ReadinessAnswer)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("readiness answer")
        verbose_name_plural = _("readiness answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="readiness_item_once"),
        ]
