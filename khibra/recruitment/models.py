"""Step 6: the recruitment plan (Table 6), sharing links, applications, selection and interviews,
the ideas bank and imports of an organization's existing volunteers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


def new_code() -> str:
    return secrets.token_urlsafe(9)


class RecruitmentPlan(TimeStampedModel):
    """Table 6 for one opportunity: whom to reach, how, when, with which message, and who does it."""

    opportunity = models.OneToOneField("opportunities.Opportunity", models.CASCADE, related_name="recruitment_plan")
    target_group = models.TextField(_("target group"), max_length=2000, blank=True)
    incentives = models.JSONField(_("incentives"), default=list, blank=True)  # codes of Incentive
    tools = models.JSONField(_("recruitment tools and channels"), default=list, blank=True)  # MarketingChannel codes
    best_time = models.CharField(_("best time to reach them"), max_length=200, blank=True)
    message = models.TextField(_("marketing message"), max_length=3000, blank=True)
    publisher = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("publishes and follows up"))
    assistant = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assistant"))
    screening_on = models.DateField(_("screening date"), null=True, blank=True)
    interviews_on = models.DateField(_("interview date"), null=True, blank=True)

    class Meta:
        verbose_name = _("recruitment plan")
        verbose_name_plural = _("recruitment plans")


class ShareLink(TimeStampedModel):
    """A link to an opportunity for one channel (or one referring volunteer), so applicants'
    sources can be counted."""

    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="share_links")
    channel = models.CharField(_("channel"), max_length=40)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="share_links", verbose_name=_("referring volunteer")
    )
    code = models.CharField(max_length=20, unique=True, default=new_code, editable=False)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "channel"], condition=Q(referred_by__isnull=True), name="share_link_one_per_channel"),
            models.UniqueConstraint(fields=["opportunity", "referred_by"], condition=Q(referred_by__isnull=False), name="share_link_one_per_referrer"),
        ]


class ScreeningQuestion(TimeStampedModel):
    opportunity = models.ForeignKey("opportunities.Opportunity", models.CASCADE, related_name="screening_questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("answer required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        ordering = ["opportunity", "order", "pk"]


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application still waiting for a decision counts towards the volunteer's cap.
PENDING_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW)


class PassReason(models.TextChoices):
    """Why a manager passes on an applicant. Internal: never shown to the volunteer; matching learns from it."""

    EXPERIENCE = "experience", _("Not enough experience")
    SKILLS = "skills", _("Skills don't match")
    AVAILABILITY = "availability", _("Availability")
    LOCATION = "location", _("Location")
    SEATS_FILLED = "seats_filled", _("Seats filled")
    OTHER = "other", _("Other")


# Which statuses each decision starts from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "screening": frozenset({ApplicationStatus.APPLIED}),
    # Scheduling again (a new date) is allowed while the interview is pending.
    "interview": frozenset({ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW}),
    "accept": frozenset(
        {ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW, ApplicationStatus.WAITLISTED}
    ),
    "waitlist": frozenset({ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW}),
    "reject": frozenset(
        {ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW, ApplicationStatus.WAITLISTED}
    ),
    "withdraw": frozenset(
        {
            ApplicationStatus.APPLIED,
            ApplicationStatus.SCREENING,
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.ACCEPTED,
        }
    ),
}


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class Application(TimeStampedModel):
    Status = ApplicationStatus
    opportunity = models.ForeignKey("opportunities.Opportunity", models.PROTECT, related_name="applications", verbose_name=_("opportunity"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="applications", verbose_name=_("volunteer"))
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus, default=ApplicationStatus.APPLIED)
    motivation = models.TextField(_("why you"), max_length=3000)
    answers = models.JSONField(_("answers to the screening questions"), default=dict, blank=True)
    availability_confirmed = models.BooleanField(_("availability confirmed"), default=False)
    source = models.ForeignKey(ShareLink, models.SET_NULL, null=True, blank=True, related_name="applications", verbose_name=_("came through"))
    # The organization's first answer of any kind (screening, interview, decision): responsiveness.
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # Internal: never shown to the volunteer. `pass_reason` is a code matching learns from.
    pass_reason = models.CharField(_("reason (internal)"), max_length=30, blank=True)
    pass_note = models.TextField(_("note (internal)"), max_length=2000, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "volunteer"], name="application_once_per_volunteer"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(pass_reason=""), name="application_rejection_has_reason"),
        ]
        indexes = [
            models.Index(fields=["opportunity", "status"], name="application_opp_status"),
            models.Index(fields=["volunteer", "status"], name="application_volunteer_status"),
            models.Index(fields=["status", "created_at"], name="application_waiting", condition=Q(status__in=["applied", "screening", "interview"])),
        ]


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online meeting")


class Interview(TimeStampedModel):
    Mode = InterviewMode
    application = models.ForeignKey(Application, models.CASCADE, related_name="interviews", verbose_name=_("application"))
    scheduled_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("how"), max_length=10, choices=InterviewMode, default=InterviewMode.ONLINE)
    location = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["scheduled_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(mode="online") | ~Q(meeting_link=""), name="interview_online_has_link"),
            models.CheckConstraint(condition=~Q(mode="in_person") | ~Q(location=""), name="interview_in_person_has_place"),
        ]


class VolunteerImport(TimeStampedModel):
    """One confirmed upload of an organization's existing volunteers (XLSX or CSV).

    Written only when the manager confirms the preview; a rejected file leaves no row. The import
    only sends invitations: it creates no account and links nobody (see ImportedVolunteer).
    """

    organization = models.ForeignKey("organizations.Organization", models.CASCADE, related_name="volunteer_imports", verbose_name=_("organization"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("imported by"))
    filename = models.CharField(_("file name"), max_length=200)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    invited_count = models.PositiveIntegerField(_("invitations sent"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)

    class Meta:
        verbose_name = _("volunteer import")
        verbose_name_plural = _("volunteer imports")
        ordering = ["-created_at"]


class ImportedVolunteer(TimeStampedModel):
    """An invitation an organization sent to an address from its own records, once per
    organization and address. Nobody is linked until the person accepts it while logged in to
    their own account (`user` and `accepted_at` are set together); the organization never learns
    whether the address already had an account."""

    organization = models.ForeignKey("organizations.Organization", models.CASCADE, related_name="imported_volunteers", verbose_name=_("organization"))
    volunteer_import = models.ForeignKey(VolunteerImport, models.CASCADE, related_name="volunteers", verbose_name=_("import"))
    email = models.EmailField(_("e-mail address"), max_length=254)  # stored lower-cased
    name = models.CharField(_("name"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("user"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported volunteer")
        verbose_name_plural = _("imported volunteers")
        constraints = [
            models.UniqueConstraint(fields=["organization", "email"], name="imported_volunteer_once_per_address"),
            models.UniqueConstraint(fields=["organization", "user"], name="imported_volunteer_once_per_org"),
            # A link to a person exists only together with their acceptance.
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) | models.Q(accepted_at__isnull=False),
                name="imported_volunteer_user_only_when_accepted",
            ),
        ]


class InactivityNotice(TimeStampedModel):
    """A published opportunity with no activity for settings.OPPORTUNITY_INACTIVE_DAYS: flagged
    (its managers are told), then closed after the grace period unless something happens."""

    opportunity = models.OneToOneField("opportunities.Opportunity", models.CASCADE, related_name="inactivity_notice", verbose_name=_("opportunity"))
    flagged_at = models.DateTimeField(_("flagged at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inactivity notice")
        verbose_name_plural = _("inactivity notices")
