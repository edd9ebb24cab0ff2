"""An engagement: one accepted volunteer on one opportunity. Steps 7–9 build on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_COMPLETED = "not_completed", _("Closed without completion")


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

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            # One live engagement per volunteer and opportunity.
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"], condition=Q(status="active"), name="engagement_one_active_per_volunteer"
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="engagement_volunteer_status"),
            models.Index(fields=["opportunity", "status"], name="engagement_opportunity_status"),
        ]
