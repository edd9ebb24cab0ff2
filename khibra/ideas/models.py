"""The ideas bank (opportunity bank): volunteers and staff propose ideas for opportunities, others
support them, and a verified non-profit adopts one into a draft opportunity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class IdeaStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class IdeaQuerySet(models.QuerySet):
    def visible(self):
        """What the public list shows: open and adopted ideas (closed ones are withdrawn)."""
        return self.exclude(status=IdeaStatus.CLOSED)


class Idea(TimeStampedModel):
    Status = IdeaStatus
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    field = models.ForeignKey("reference.Field", models.PROTECT, related_name="ideas", verbose_name=_("field"))
    city = models.ForeignKey("reference.City", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city"))
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="ideas", verbose_name=_("proposed by"))
    status = models.CharField(_("status"), max_length=10, choices=IdeaStatus, default=IdeaStatus.OPEN)
    # Kept by support_idea / withdraw_support with F() so the list sorts by it with an index.
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    adopted_opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("adopted as")
    )
    adopted_by_organization = models.ForeignKey(
        "organizations.Organization", models.SET_NULL, null=True, blank=True, related_name="adopted_ideas", verbose_name=_("adopted by")
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_by_organization__isnull=False, adopted_at__isnull=False),
                name="idea_adopted_has_organization",
            ),
        ]
        indexes = [
            # The public list: newest or most supported, filtered by field.
            models.Index(fields=["status", "-support_count"], name="idea_by_support"),
            models.Index(fields=["field", "status"], name="idea_field_status"),
        ]

    def __str__(self) -> str:
        return self.title


class IdeaSupport(models.Model):
    idea = models.ForeignKey(Idea, models.CASCADE, related_name="supports", verbose_name=_("idea"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_support_once_per_user")]
