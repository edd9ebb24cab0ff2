"""Hours a volunteer gives to an engagement, reviewed by the organization.

Each row carries copies of the facts every report cuts by (level, field, city, organization,
provider, program), taken when the hours are logged, so reports read one table without joins and
an opportunity edited later does not rewrite history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel
from khibra.volunteers.models import Level

MAX_HOURS_PER_DAY = Decimal("24")


class HourStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class HourEntryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=HourStatus.APPROVED)

    def pending(self):
        return self.filter(status=HourStatus.SUBMITTED)


class HourEntry(TimeStampedModel):
    Status = HourStatus

    engagement = models.ForeignKey("engagements.Engagement", models.PROTECT, related_name="hour_entries", verbose_name=_("engagement"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    # A task deleted from the opportunity leaves the hours in place, without the task.
    task = models.ForeignKey(
        "opportunities.OpportunityTask", models.SET_NULL, null=True, blank=True, related_name="hour_entries", verbose_name=_("task")
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HourStatus, default=HourStatus.SUBMITTED)
    return_reason = models.TextField(_("reason for returning"), max_length=1000, blank=True)
    # More than twice the weekly plan, logged anyway after the volunteer confirmed it.
    over_plan = models.BooleanField(_("over the plan"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    # Tags copied from the engagement when the hours are logged (see the module docstring).
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="hour_entries", verbose_name=_("volunteer"))
    opportunity = models.ForeignKey("opportunities.Opportunity", models.PROTECT, related_name="hour_entries", verbose_name=_("opportunity"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="hour_entries", verbose_name=_("organization"))
    level = models.CharField(_("volunteering level"), max_length=15, choices=Level)
    field = models.ForeignKey("reference.Field", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field"))
    city = models.ForeignKey("reference.City", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city"))
    # The volunteer's provider employer (company, government body, university); issue 7 fills it.
    provider = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="provided_hour_entries", verbose_name=_("provider")
    )
    program = models.ForeignKey("programs.Program", models.PROTECT, null=True, blank=True, related_name="hour_entries", verbose_name=_("program"))

    objects = HourEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="hourentry_hours_range"),
            # Approved hours are final and audited: who approved them, and when.
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="hourentry_approved_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | (Q(reviewed_by__isnull=False) & ~Q(return_reason="")),
                name="hourentry_returned_has_reason",
            ),
        ]
        indexes = [
            # Reports: an organization's hours over a period; the sector cut by field and city.
            models.Index(fields=["organization", "date"], name="hourentry_org_date"),
            models.Index(fields=["status"], name="hourentry_status"),
            models.Index(fields=["engagement", "status"], name="hourentry_engagement_status"),
            models.Index(fields=["field"], name="hourentry_field"),
            models.Index(fields=["city"], name="hourentry_city"),
            # The 24-hour day limit sums one volunteer's day across engagements.
            models.Index(fields=["volunteer", "date"], name="hourentry_volunteer_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} — {self.hours}"

    @property
    def is_final(self) -> bool:
        return self.status == HourStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (HourStatus.SUBMITTED, HourStatus.RETURNED)

    def clean(self):
        errors = {}
        if self.hours is not None and not (Decimal("0") < self.hours <= MAX_HOURS_PER_DAY):
            errors["hours"] = _("Hours must be more than 0 and at most 24.")
        if self.task_id and self.engagement_id and self.task.opportunity_id != self.engagement.opportunity_id:
            errors["task"] = _("Choose a task of this opportunity.")
        if errors:
            raise ValidationError(errors)
