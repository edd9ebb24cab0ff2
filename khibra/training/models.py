"""Training (issue 7, part 3): a catalogue of courses per field and specialty, the volunteers'
completion records, and the courses an opportunity requires before anyone may apply."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy as _

from khibra.core.models import TimeStampedModel

MIN_DURATION_HOURS = 0.5
MAX_DURATION_HOURS = 1000


class CourseDelivery(models.TextChoices):
    INTERNAL = "internal", _("Given by the organization")
    EXTERNAL = "external", _("External course (a link to another provider)")


class CompletionStatus(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Declared by the volunteer")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")


# A completion that counts for an opportunity's requirement; a rejected one does not.
COUNTING_STATUSES = (CompletionStatus.SELF_DECLARED, CompletionStatus.CONFIRMED)


class CourseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def catalogue(self):
        """The public catalogue: active courses of the platform or of a verified organization."""
        return self.active().filter(Q(provider__isnull=True) | Q(provider__verification_status="verified"))

    def platform(self):
        return self.filter(provider__isnull=True)


class Course(TimeStampedModel):
    Delivery = CourseDelivery

    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    field = models.ForeignKey("reference.Field", models.PROTECT, related_name="courses", verbose_name=_("field"))
    specialty = models.CharField(_("specialty"), max_length=120, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=CourseDelivery, default=CourseDelivery.INTERNAL)
    url = models.URLField(_("course link"), max_length=500, blank=True)
    duration_hours = models.DecimalField(_("duration in hours"), max_digits=5, decimal_places=1)
    # Null: the platform's own catalogue, kept by platform staff.
    provider = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("organization")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Both titles, the specialty and the description, folded by core.arabic.normalize (set by the services).
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_ar", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_ar=""), name="course_has_title"),
            models.CheckConstraint(condition=~Q(delivery="external") | ~Q(url=""), name="course_external_has_url"),
            models.CheckConstraint(
                condition=Q(duration_hours__gte=MIN_DURATION_HOURS, duration_hours__lte=MAX_DURATION_HOURS),
                name="course_duration_range",
            ),
        ]
        indexes = [
            # The catalogue filters active courses by field.
            models.Index(fields=["field", "title_ar"], name="course_active_field", condition=Q(is_active=True)),
            models.Index(fields=["provider", "is_active"], name="course_provider"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if (get_language() or "ar").startswith("ar"):
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar

    @property
    def is_platform(self) -> bool:
        return self.provider_id is None


class CourseCompletion(TimeStampedModel):
    """A volunteer's record of finishing a course: declared by them, then confirmed or not by the
    course's organization (platform staff for platform courses)."""

    Status = CompletionStatus

    course = models.ForeignKey(Course, models.PROTECT, related_name="completions", verbose_name=_("course"))
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", models.PROTECT, related_name="course_completions", verbose_name=_("volunteer")
    )
    completed_on = models.DateField(_("completed on"))
    status = models.CharField(_("status"), max_length=15, choices=CompletionStatus, default=CompletionStatus.SELF_DECLARED)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    confirmed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "volunteer"], name="course_completion_once"),
            models.CheckConstraint(
                condition=Q(status="self_declared") | Q(confirmed_at__isnull=False), name="course_completion_decided_has_time"
            ),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(note=""), name="course_completion_rejection_has_note"),
        ]
        indexes = [
            # The review queue: declarations awaiting a decision, per course.
            models.Index(fields=["course", "created_at"], name="course_completion_queue", condition=Q(status="self_declared")),
            models.Index(fields=["volunteer", "status"], name="course_completion_volunteer"),
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.volunteer}"

    @property
    def counts(self) -> bool:
        return self.status in COUNTING_STATUSES


class OpportunityCourse(models.Model):
    """This opportunity requires this course before applying."""

    opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.CASCADE, related_name="course_requirements", verbose_name=_("opportunity")
    )
    course = models.ForeignKey(Course, models.PROTECT, related_name="opportunity_requirements", verbose_name=_("course"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")
        constraints = [models.UniqueConstraint(fields=["opportunity", "course"], name="opportunity_course_once")]

    def __str__(self) -> str:
        return f"{self.opportunity} — {self.course}"
