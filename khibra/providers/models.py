"""Provider programs: a company, government body or university runs a pro bono program for its
people, verifies who belongs to it, approves their participation in engagements and follows
their hours. The partnership with a non-profit is agreements.PartnerAgreement."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class Audience(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    FACULTY = "faculty", _("Faculty members")
    GRADUATE_STUDENTS = "graduate_students", _("Graduate students")
    MEMBERS = "members", _("Members")


class ProviderProgram(TimeStampedModel):
    Audience = Audience

    provider = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="provider_programs", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("who takes part"), max_length=20, choices=Audience)
    # The employer counts pro bono hours as paid work time (then participations may be paid time).
    counts_as_work_time = models.BooleanField(_("counts as paid work time"), default=False)
    max_hours_per_month = models.PositiveSmallIntegerField(_("at most hours a month"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("provider program")
        verbose_name_plural = _("provider programs")
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="provider_program_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="provider_program_period_order"
            ),
            models.CheckConstraint(
                condition=Q(max_hours_per_month__isnull=True) | Q(max_hours_per_month__gte=1, max_hours_per_month__lte=744),
                name="provider_program_max_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProviderDomain(models.Model):
    """An e-mail domain of the provider: a volunteer with a verified address there joins at once."""

    provider = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="provider_domains", verbose_name=_("provider")
    )
    domain = models.CharField(_("e-mail domain"), max_length=253)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]
        constraints = [
            # A domain vouches for one employer only.
            models.UniqueConstraint(Lower("domain"), name="provider_domain_unique"),
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="provider_domain_lowercase"),
        ]

    def __str__(self) -> str:
        return self.domain


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class JoinedBy(models.TextChoices):
    DOMAIN = "domain", _("Work e-mail address")
    INVITATION = "invitation", _("Invitation")
    REQUEST = "request", _("Request to join")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class ProviderMemberQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=MemberStatus.VERIFIED)


class ProviderMember(TimeStampedModel):
    """A person's membership in a provider's pro bono program. An invitation to an address that
    has no account yet has no user until it is accepted."""

    Status = MemberStatus
    How = JoinedBy

    provider = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="provider_members", verbose_name=_("provider")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="provider_memberships", verbose_name=_("user")
    )
    program = models.ForeignKey(
        ProviderProgram, models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("program")
    )
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus)
    how = models.CharField(_("joined by"), max_length=10, choices=JoinedBy)
    department = models.CharField(_("department"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    # The volunteer's own permission to show this employer to non-profits (see selectors.visible_provider).
    share_with_nonprofits = models.BooleanField(_("show my employer to non-profits"), default=False)
    invited_email = models.EmailField(_("invited address"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invitation_expires_at = models.DateTimeField(_("invitation expires at"), null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("verified by")
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ProviderMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider member")
        verbose_name_plural = _("provider members")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "user"], name="provider_member_once"),
            models.UniqueConstraint(
                Lower("invited_email"), "provider", condition=Q(status="invited"), name="provider_member_one_open_invitation"
            ),
            # Only an invitation may wait for its person; everybody else is a user.
            models.CheckConstraint(condition=Q(status="invited") | Q(user__isnull=False), name="provider_member_has_user"),
            models.CheckConstraint(condition=~Q(status="invited") | ~Q(invited_email=""), name="provider_member_invited_has_email"),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False), name="provider_member_verified_has_time"
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="provider_member_status")]

    def __str__(self) -> str:
        return f"{self.user or self.invited_email} — {self.provider}"

    @property
    def is_verified(self) -> bool:
        return self.status == MemberStatus.VERIFIED

    @property
    def invitation_is_open(self) -> bool:
        return (
            self.status == MemberStatus.INVITED
            and self.invitation_expires_at is not None
            and self.invitation_expires_at > timezone.now()
        )


class ParticipationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Participation(TimeStampedModel):
    """The employer's approval of one engagement of its member (and whether it is paid time)."""

    Status = ParticipationStatus

    member = models.ForeignKey(ProviderMember, models.CASCADE, related_name="participations", verbose_name=_("member"))
    engagement = models.ForeignKey(
        "engagements.Engagement", models.PROTECT, related_name="provider_participations", verbose_name=_("engagement")
    )
    status = models.CharField(_("status"), max_length=10, choices=ParticipationStatus, default=ParticipationStatus.PENDING)
    paid_time = models.BooleanField(_("counts as paid work time"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "engagement"], name="participation_once"),
            models.CheckConstraint(condition=Q(status="pending") | Q(decided_at__isnull=False), name="participation_decided_has_time"),
            models.CheckConstraint(condition=Q(status="approved") | Q(paid_time=False), name="participation_paid_only_approved"),
        ]
        indexes = [models.Index(fields=["engagement", "status"], name="participation_engagement")]


class ProviderSuggestion(models.Model):
    """A provider suggests one of its members to an open opportunity of a partner non-profit."""

    provider = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="provider_suggestions", verbose_name=_("provider")
    )
    member = models.ForeignKey(ProviderMember, models.CASCADE, related_name="suggestions", verbose_name=_("member"))
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.CASCADE, related_name="provider_suggestions", verbose_name=_("opportunity")
    )
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("suggested at"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["member", "opportunity"], name="provider_suggestion_once")]
        indexes = [models.Index(fields=["opportunity", "created_at"], name="provider_suggestion_opp")]
