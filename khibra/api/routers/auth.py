"""Tokens, e-mail verification and organizations' API keys."""

import datetime as dt

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from khibra.api import services
from khibra.api.access import organization_for_api_keys
from khibra.api.auth import IpThrottle, SignInThrottle, require_personal
from khibra.api.errors import ERRORS, ApiError
from khibra.api.models import ApiKey, ApiToken, Scope

router = Router(tags=["auth"])


class TokenRequest(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=4096)
    name: str = Field("API", max_length=100, description="A label to recognise the token by later.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="The first characters of the secret, to tell tokens apart.")
    created_at: dt.datetime
    expires_at: dt.datetime = Field(..., description="The token stops working then (API_TOKEN_LIFETIME_DAYS after its issue).")
    last_used_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(..., description="The secret. It is shown only this once.")


class VerifyEmailIn(Schema):
    key: str = Field(..., max_length=200)


class Detail(Schema):
    detail: str


def _token_out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
    }


@router.post(
    "/auth/token/",
    auth=None,
    throttle=[SignInThrottle(), IpThrottle()],
    response={201: NewTokenOut, **ERRORS},
    summary="Exchange an e-mail and password for a bearer token",
)
def create_token(request, payload: TokenRequest):
    email = payload.email.strip().lower()
    user = authenticate(request, email=email, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise ApiError(429, "locked_out", _("Too many failed attempts for this account. Try again later."))
    if user is None:
        raise ApiError(400, "invalid_credentials", _("The e-mail or the password is not right."))
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        raise ApiError(403, "email_not_verified", _("Confirm your e-mail address first: open the link we sent you."))
    token, secret = services.issue_token(user=user, name=payload.name)
    return Status(201, {**_token_out(token), "token": secret})


@router.get("/auth/tokens/", response={200: list[TokenOut], **ERRORS}, summary="Your active tokens")
def list_tokens(request):
    require_personal(request)
    return [_token_out(token) for token in ApiToken.objects.current().filter(user=request.user)]


@router.delete("/auth/tokens/{token_id}/", response={204: None, **ERRORS}, summary="Revoke one of your tokens")
def revoke_token(request, token_id: int):
    require_personal(request)
    token = get_object_or_404(ApiToken.objects.current(), pk=token_id, user=request.user)
    services.revoke_token(token=token, by=request.user)
    return Status(204, None)


@router.post(
    "/auth/verify-email/",
    auth=None,
    throttle=[SignInThrottle(), IpThrottle()],
    response={200: Detail, **ERRORS},
    summary="Confirm an e-mail address with the key from the confirmation e-mail",
)
def verify_email(request, payload: VerifyEmailIn):
    confirmation = EmailConfirmationHMAC.from_key(payload.key.strip())
    if confirmation is None or confirmation.confirm(request) is None:
        raise ApiError(400, "invalid_key", _("This confirmation key is not valid or has expired."), {"key": [_("Check the key.")]})
    return Status(200, {"detail": _("Your e-mail address is confirmed.")})


# Organizations' keys ---------------------------------------------------------------------------


class ApiKeyIn(Schema):
    name: str = Field(..., max_length=100)
    scopes: list[Scope] = Field(..., max_length=len(Scope.values))


class ApiKeyOut(Schema):
    id: int
    name: str
    scopes: list[str]
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class NewApiKeyOut(ApiKeyOut):
    key: str = Field(..., description="The secret. It is shown only this once.")


def _key_out(key: ApiKey) -> dict:
    return {
        "id": key.pk,
        "name": key.name,
        "scopes": key.scopes,
        "prefix": key.prefix,
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
    }


@router.get(
    "/organizations/{organization_id}/api-keys/",
    response={200: list[ApiKeyOut], **ERRORS},
    summary="The organization's active API keys",
    tags=["organizations"],
)
def list_api_keys(request, organization_id: int):
    organization = organization_for_api_keys(request, organization_id)
    return [_key_out(key) for key in ApiKey.objects.active().filter(organization=organization)]


@router.post(
    "/organizations/{organization_id}/api-keys/",
    response={201: NewApiKeyOut, **ERRORS},
    summary="Create a scoped API key for an integration",
    tags=["organizations"],
)
def create_api_key(request, organization_id: int, payload: ApiKeyIn):
    organization = organization_for_api_keys(request, organization_id)
    key, secret = services.create_api_key(
        organization=organization, by=request.user, name=payload.name, scopes=[str(scope.value) for scope in payload.scopes]
    )
    return Status(201, {**_key_out(key), "key": secret})


@router.delete(
    "/organizations/{organization_id}/api-keys/{key_id}/",
    response={204: None, **ERRORS},
    summary="Revoke an API key",
    tags=["organizations"],
)
def revoke_api_key(request, organization_id: int, key_id: int):
    organization = organization_for_api_keys(request, organization_id)
    key = get_object_or_404(ApiKey.objects.active(), pk=key_id, organization=organization)
    services.revoke_api_key(key=key, by=request.user)
    return Status(204, None)
