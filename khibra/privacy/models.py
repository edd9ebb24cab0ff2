"""Personal data under the PDPL: consents with their purpose, erasures, and the warnings sent
before an inactive account is anonymised."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why the platform processes a person's data. PROCESSING is the privacy notice itself (a
    policy version is attached); the others are optional and can be withdrawn on their own."""

    PROCESSING = "processing", _("Running my account under the privacy notice")
    ALERTS = "alerts", _("Opportunity alerts matched to my profile")


# Purposes a person may withdraw while keeping the account; PROCESSING ends with the account.
OPTIONAL_PURPOSES = (Purpose.ALERTS,)


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Sign-up form")
    WEB = "web", _("Website")
    API = "api", _("API")
    SYSTEM = "system", _("Recorded by the platform")


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One consent for one purpose, from when it was given until it was withdrawn.

    Giving again after a withdrawal adds a new row, so the rows are the person's consent history.
    """

    Purpose = Purpose
    Source = ConsentSource

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="consents", verbose_name=_("user"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    policy = models.ForeignKey(
        "accounts.Policy", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("policy version")
    )
    source = models.CharField(_("given through"), max_length=10, choices=ConsentSource, default=ConsentSource.WEB)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            # The privacy-notice consent names the version agreed to; the optional ones have none.
            models.CheckConstraint(
                condition=Q(purpose="processing", policy__isnull=False)
                | (~Q(purpose="processing") & Q(policy__isnull=True)),
                name="consent_policy_only_for_processing",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            # One live consent per optional purpose, and per policy version for the notice.
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True, policy__isnull=True),
                name="consent_one_live_per_purpose",
            ),
            models.UniqueConstraint(
                fields=["user", "policy"],
                condition=Q(withdrawn_at__isnull=True, policy__isnull=False),
                name="consent_one_live_per_policy",
            ),
        ]
        indexes = [models.Index(fields=["user", "purpose"], name="consent_user_purpose")]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("The person asked for it")
    INACTIVE = "inactive", _("The account was inactive")


class Erasure(models.Model):
    """The account was anonymised: when and why. Its presence makes erasure idempotent."""

    Reason = ErasureReason
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="erasure", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=10, choices=ErasureReason)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]


class InactivityWarning(models.Model):
    """The e-mail telling a person their inactive account will be anonymised.

    Keyed by the last sign of life it was about: signing in again makes a new period, and the
    account is only anonymised once a warning for the current period is old enough.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    last_seen_at = models.DateTimeField(_("last seen at"))
    warned_at = models.DateTimeField(_("warned at"))

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")
        constraints = [
            models.UniqueConstraint(fields=["user", "last_seen_at"], name="inactivity_warning_once_per_period"),
        ]
