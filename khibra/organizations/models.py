import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.models import BilingualNameModel, TimeStampedModel


class OrganizationKind(models.TextChoices):
    NONPROFIT = "nonprofit", _("Non-profit organization")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government body")
    UNIVERSITY = "university", _("University")


PROVIDER_KINDS = (OrganizationKind.COMPANY, OrganizationKind.GOVERNMENT, OrganizationKind.UNIVERSITY)


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def nonprofits(self):
        return self.filter(kind=OrganizationKind.NONPROFIT)

    def providers(self):
        return self.filter(kind__in=PROVIDER_KINDS)


class Organization(BilingualNameModel, TimeStampedModel):
    """A beneficiary non-profit or a volunteer provider (company, government body, university)."""

    Kind = OrganizationKind
    Status = VerificationStatus

    kind = models.CharField(_("type"), max_length=20, choices=OrganizationKind)
    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True)
    registration_number = models.CharField(_("license or registration number"), max_length=40)
    city = models.ForeignKey("reference.City", models.PROTECT, related_name="organizations", verbose_name=_("city"))
    fields = models.ManyToManyField("reference.Field", related_name="organizations", blank=True, verbose_name=_("fields"))
    description = models.TextField(_("about the organization"), max_length=4000, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # Who signs the organization's certificates. The signature image is never public media: it is
    # only drawn into the certificates' PDFs (khibra.core.views serves logos/ alone to everyone).
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    signature = models.ImageField(_("signature"), upload_to="signatures/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)

    verification_status = models.CharField(
        _("verification"), max_length=10, choices=VerificationStatus, default=VerificationStatus.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ar"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "registration_number"], name="organization_registration_unique"),
            models.CheckConstraint(
                condition=~Q(verification_status="rejected") | ~Q(rejection_reason=""),
                name="organization_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "city"], name="organization_public", condition=Q(verification_status="verified")
            ),
            models.Index(fields=["verification_status", "created_at"], name="organization_review_queue"),
        ]

    @property
    def is_provider(self) -> bool:
        return self.kind in PROVIDER_KINDS

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def region(self):
        return self.city.region


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Organization admin")
    VOLUNTEER_MANAGER = "manager", _("Volunteer manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    COORDINATOR = "coordinator", _("Provider coordinator")


# Which roles exist in which kind of organization.
NONPROFIT_ROLES = (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER, MembershipRole.SUPERVISOR)
PROVIDER_ROLES = (MembershipRole.ADMIN, MembershipRole.COORDINATOR)


def roles_for(kind: str) -> tuple[MembershipRole, ...]:
    return NONPROFIT_ROLES if kind == OrganizationKind.NONPROFIT else PROVIDER_ROLES


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(TimeStampedModel):
    Role = MembershipRole
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships", verbose_name=_("organization"))
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_once_per_user"),
        ]
        indexes = [models.Index(fields=["organization", "role"], name="membership_org_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN

    @property
    def can_manage(self) -> bool:
        """Runs the volunteering program: admins and volunteer managers (coordinators for providers)."""
        return self.role in (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER, MembershipRole.COORDINATOR)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An invitation by e-mail to join an organization with a role; the link carries a random token."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="invitations", verbose_name=_("organization"))
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("accepted by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One pending invitation per address and organization: inviting again re-sends it.
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                name="invitation_one_pending_per_email",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
