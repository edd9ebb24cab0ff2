"""Completion and recognition: certificates, public thanks, credit lines and the portfolio.

A certificate is issued in the name of the receiving organization (a volunteer's right under the
Volunteer Work Law). What it says is frozen at issue time, so later renames or edits of the
opportunity, the organization or the volunteer's name never change a certificate already given.
"""

from decimal import ROUND_HALF_UP
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy as _

from khibra.core.models import TimeStampedModel

# No 0/O, 1/I/L or U: a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 16  # 30**16 ≈ 2**78: not guessable, not enumerable.


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_portfolio_slug() -> str:
    return secrets.token_urlsafe(12).replace("_", "x").replace("-", "y").lower()


class CertificateKind(models.TextChoices):
    PARTICIPATION = "participation", _("Certificate of participation")
    ACHIEVEMENT = "achievement", _("Certificate of achievement")


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(TimeStampedModel):
    Kind = CertificateKind

    kind = models.CharField(_("kind"), max_length=15, choices=CertificateKind)
    engagement = models.ForeignKey("engagements.Engagement", models.PROTECT, related_name="certificates", verbose_name=_("engagement"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="certificates", verbose_name=_("volunteer"))
    # The receiving organization: the certificate is issued in its name.
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="certificates", verbose_name=_("issuing organization")
    )

    # Frozen at issue time.
    volunteer_name = models.CharField(_("volunteer name"), max_length=150)
    opportunity_title = models.CharField(_("opportunity"), max_length=200)
    organization_name_ar = models.CharField(_("organization name (Arabic)"), max_length=200)
    organization_name_en = models.CharField(_("organization name (English)"), max_length=200, blank=True)
    # The organization's logo and signatory as they were when the certificate was issued: the same
    # stored files (already checked and re-encoded when the organization uploaded them).
    organization_logo = models.ImageField(_("organization logo"), blank=True, editable=False)
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    signature = models.ImageField(_("signature"), blank=True, editable=False)
    hours = models.DecimalField(_("approved hours"), max_digits=7, decimal_places=2)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_certificate_code, editable=False)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by"))
    revoke_reason = models.TextField(_("reason for revoking"), max_length=1000, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One certificate of each kind per engagement; a revoked one is not silently replaced.
            models.UniqueConstraint(fields=["engagement", "kind"], name="certificate_once_per_kind"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="certificate_hours_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=["participation", "achievement"]), name="certificate_kind_valid"),
            # A revocation always says when; the reason is required by the service.
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""), name="certificate_revoked_with_reason"),
        ]
        indexes = [models.Index(fields=["volunteer", "issued_at"], name="certificate_volunteer_issued")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.volunteer_name} ({self.code})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def whole_hours(self) -> int:
        """Hours rounded to a whole number, to choose the plural form of a sentence."""
        return int(self.hours.to_integral_value(rounding=ROUND_HALF_UP))

    @property
    def organization_name(self) -> str:
        if (get_language() or "ar").startswith("ar"):
            return self.organization_name_ar or self.organization_name_en
        return self.organization_name_en or self.organization_name_ar

    @property
    def display_code(self) -> str:
        """The code in groups of four, as printed: ABCD-EFGH-JKMN-PQRS."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('certificates:verify', args=[self.code])}"


class Thanks(TimeStampedModel):
    """A thank-you from the organization. Shown on the public portfolio only once the volunteer
    has allowed it (`shown_publicly`), and only while the portfolio itself is public."""

    engagement = models.ForeignKey("engagements.Engagement", models.PROTECT, related_name="thanks", verbose_name=_("engagement"))
    volunteer = models.ForeignKey("volunteers.VolunteerProfile", models.PROTECT, related_name="thanks", verbose_name=_("volunteer"))
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="thanks_given", verbose_name=_("organization"))
    message = models.TextField(_("message"), max_length=1500)
    shown_publicly = models.BooleanField(_("shown on my public portfolio"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("thanks")
        verbose_name_plural = _("thanks")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(message=""), name="thanks_message_not_empty")]


class Credit(TimeStampedModel):
    """The volunteer credited on the delivered work: one credit line per engagement."""

    engagement = models.OneToOneField("engagements.Engagement", models.PROTECT, related_name="credit", verbose_name=_("engagement"))
    text = models.CharField(_("credit line"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="credit_text_not_empty")]


class Portfolio(TimeStampedModel):
    """The volunteer's shareable page. Private until the volunteer turns it on; the address is a
    random slug, so it says nothing about who it belongs to and cannot be guessed."""

    volunteer = models.OneToOneField("volunteers.VolunteerProfile", models.CASCADE, related_name="portfolio", verbose_name=_("volunteer"))
    slug = models.SlugField(_("address"), max_length=40, unique=True, default=new_portfolio_slug, editable=False)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def get_absolute_url(self) -> str:
        return reverse("certificates:portfolio_public", args=[self.slug])
