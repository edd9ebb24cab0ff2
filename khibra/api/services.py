"""Issuing, checking and revoking API credentials."""

from dataclasses import dataclass
from datetime import timedelta
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core import audit
from khibra.organizations.access import active_membership
from khibra.organizations.models import Organization

from .models import ApiKey, ApiToken, Scope, token_lifetime

TOKEN_PREFIX = "kht_"
KEY_PREFIX = "khk_"
MAX_TOKENS_PER_USER = 20
MAX_KEYS_PER_ORGANIZATION = 20
# A token that stopped working (revoked or expired) stays listed this long, so its owner can see
# what ended; then the row goes (its issue and revocation stay in the audit trail).
STALE_TOKEN_DAYS = 30
# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION_SECONDS = 60


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give it a name you will recognise later.")}, code="required")
    if len(name) > 100:
        raise ValidationError({"name": _("The name can be at most 100 characters.")}, code="max_length")
    return name


@transaction.atomic
def issue_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new personal token and its secret, which is never shown again."""
    name = _clean_name(name)
    if ApiToken.objects.current().filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You already have %(count)s active tokens. Revoke one you no longer use first."),
            code="too_many",
            params={"count": MAX_TOKENS_PER_USER},
        )
    secret = _new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:12], key_hash=_digest(secret))
    audit.record(actor=user, verb="api.token.issued", target=token)
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, by) -> ApiToken:
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=by, verb="api.token.revoked", target=token)
    return token


@transaction.atomic
def revoke_tokens_for_new_password(*, user) -> int:
    """A changed, reset or first-set password ends every token of the person: whoever took the
    account over (the reason for a reset) keeps no way in through the API."""
    revoked = ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
    if revoked:
        audit.record(actor=user, verb="api.tokens.revoked_on_new_password", target=user, count=revoked)
    return revoked


def forget_stale_tokens(now=None) -> int:
    """Delete personal tokens revoked or expired more than STALE_TOKEN_DAYS ago (the hourly job)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=STALE_TOKEN_DAYS)
    stale = ApiToken.objects.filter(Q(revoked_at__lt=cutoff) | Q(created_at__lt=cutoff - token_lifetime()))
    deleted, _by_model = stale.delete()
    return deleted


def _require_admin(organization: Organization, user) -> None:
    membership = active_membership(organization, user)
    if membership is None or not membership.is_admin:
        raise PermissionDenied(_("Only the organization's admins manage its API keys."))


def clean_scopes(scopes) -> list[str]:
    allowed = set(Scope.values)
    chosen = []
    for scope in scopes or ():
        if scope not in allowed:
            raise ValidationError({"scopes": _("“%(scope)s” is not a known scope.") % {"scope": scope}}, code="invalid_choice")
        if scope not in chosen:
            chosen.append(scope)
    if not chosen:
        raise ValidationError({"scopes": _("Choose at least one scope.")}, code="required")
    return chosen


@transaction.atomic
def create_api_key(*, organization: Organization, by, name: str, scopes) -> tuple[ApiKey, str]:
    _require_admin(organization, by)
    name = _clean_name(name)
    scopes = clean_scopes(scopes)
    if ApiKey.objects.active().filter(organization=organization).count() >= MAX_KEYS_PER_ORGANIZATION:
        raise ValidationError(
            _("The organization already has %(count)s active keys. Revoke one first."),
            code="too_many",
            params={"count": MAX_KEYS_PER_ORGANIZATION},
        )
    secret = _new_secret(KEY_PREFIX)
    key = ApiKey.objects.create(
        organization=organization, name=name, scopes=scopes, prefix=secret[:12], key_hash=_digest(secret), created_by=by
    )
    audit.record(actor=by, verb="api.key.created", target=key, organization=organization, scopes=scopes)
    return key, secret


@transaction.atomic
def revoke_api_key(*, key: ApiKey, by) -> ApiKey:
    _require_admin(key.organization, by)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit.record(actor=by, verb="api.key.revoked", target=key, organization=key.organization)
    return key


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user through a personal token, or a user through an organization's key."""

    user: object
    token: ApiToken | None = None
    key: ApiKey | None = None

    def __str__(self) -> str:  # the throttle's identity
        return f"key:{self.key.pk}" if self.key else f"token:{self.token.pk}"


def _touch(credential) -> None:
    now = timezone.now()
    if credential.last_used_at is None or (now - credential.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        type(credential).objects.filter(pk=credential.pk).update(last_used_at=now)


def principal_for(secret: str) -> Principal | None:
    """The caller behind a bearer secret, or None when it is unknown, revoked or no longer allowed."""
    digest = _digest(secret)
    if secret.startswith(KEY_PREFIX):
        key = ApiKey.objects.active().select_related("organization", "created_by").filter(key_hash=digest).first()
        if key is None or not key.created_by.is_active:
            return None
        membership = active_membership(key.organization, key.created_by)
        if membership is None or not membership.can_manage:
            return None
        _touch(key)
        return Principal(user=key.created_by, key=key)
    token = ApiToken.objects.current().select_related("user").filter(key_hash=digest).first()
    if token is None or not token.user.is_active:
        return None
    _touch(token)
    return Principal(user=token.user, token=token)


def revoke_tokens_of_erased(*, user, now) -> None:
    """An erased account keeps no working token (privacy.hooks.account_erased)."""
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def last_token_use():
    """The last use of any token of the user at OuterRef("pk") (privacy.hooks.last_activity)."""
    return (
        ApiToken.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(last=Max("last_used_at"))
        .values("last")
    )


def last_key_use():
    """The last use of any organization API key the user at OuterRef("pk") created: a key acts as
    its creator, so an admin whose only activity is an integration is active (privacy.hooks.last_activity)."""
    return (
        ApiKey.objects.filter(created_by=OuterRef("pk"))
        .order_by()
        .values("created_by")
        .annotate(last=Max("last_used_at"))
        .values("last")
    )
