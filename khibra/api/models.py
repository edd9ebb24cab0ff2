"""Credentials for the REST API. Only a SHA-256 of each secret is stored; the secret is shown once."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What an organization's API key may do. Personal tokens act with their owner's full rights."""

    OPPORTUNITIES_READ = "opportunities:read", _("Read the organization's opportunities and their matches")
    OPPORTUNITIES_WRITE = "opportunities:write", _("Create, edit and publish opportunities")
    APPLICATIONS_READ = "applications:read", _("Read applications")
    APPLICATIONS_WRITE = "applications:write", _("Accept, reject or wait-list applications")
    ENGAGEMENTS_WRITE = "engagements:write", _("Approve or return hours and complete engagements")
    PROGRAMS_READ = "programs:read", _("Read programs, needs and readiness")
    PROGRAMS_WRITE = "programs:write", _("Create programs and record needs")
    REPORTS_READ = "reports:read", _("Read hours and impact reports")


class CredentialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


def token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


class TokenQuerySet(CredentialQuerySet):
    def current(self, now=None):
        """Not revoked and not expired: a personal token works API_TOKEN_LIFETIME_DAYS from its issue."""
        return self.active().filter(created_at__gt=(now or timezone.now()) - token_lifetime())


class ApiToken(models.Model):
    """A personal bearer token: acts as its owner, with the owner's permissions, for a fixed time
    from its issue (API_TOKEN_LIFETIME_DAYS); a new password revokes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("first characters"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="api_token_named")]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_owner")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expires_at(self):
        return self.created_at + token_lifetime()


class ApiKey(models.Model):
    """An organization's key for an integration (an HR system, a dashboard).

    It acts as the member who created it, limited to its scopes and to its organization, and stops
    working when that member leaves the organization or loses the right to manage it.
    """

    organization = models.ForeignKey(
        "organizations.Organization", models.CASCADE, related_name="api_keys", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("first characters"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="api_key_named")]
        indexes = [models.Index(fields=["organization", "revoked_at"], name="api_key_organization")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
