from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from . import claims
from .views import NationalSsoAdapter


class NationalSsoAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        return claims.full_name(self.account.extra_data) or super().to_str()


class NationalSsoProvider(OpenIDConnectProvider):
    id = "national_sso"
    name = "National single sign-on"
    account_class = NationalSsoAccount
    oauth2_adapter_class = NationalSsoAdapter
    supports_token_authentication = False
    pkce_enabled_default = True

    def __init__(self, *args, **kwargs) -> None:
        OAuth2Provider.__init__(self, *args, **kwargs)
        self.name = str(settings.NATIONAL_SSO_NAME)

    def get_login_url(self, request, **kwargs):
        url = reverse("national_sso_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("national_sso_callback")

    def get_default_scope(self):
        return list(settings.NATIONAL_SSO_SCOPES)

    def sociallogin_from_response(self, request, response):
        """Keep only the mapped claims on the account (SocialAccount.extra_data): data minimisation."""
        wanted = {
            settings.NATIONAL_SSO_UID_CLAIM,
            settings.NATIONAL_SSO_NATIONAL_ID_CLAIM,
            settings.NATIONAL_SSO_NAME_CLAIM,
            settings.NATIONAL_SSO_EMAIL_CLAIM,
            *settings.NATIONAL_SSO_NAME_PART_CLAIMS,
        }
        kept = {key: value for key, value in claims.pick(response).items() if key in wanted}
        return super().sociallogin_from_response(request, {"userinfo": kept})

    def extract_uid(self, data):
        return str(claims.pick(data)[settings.NATIONAL_SSO_UID_CLAIM])

    def extract_common_fields(self, data):
        return {"email": claims.email(data) or None, "name": claims.full_name(data)}

    def extract_email_addresses(self, data):
        # An address from the provider is never taken as verified here: the person confirms it
        # (ACCOUNT_EMAIL_VERIFICATION), and an existing account is never linked through it.
        address = claims.email(data)
        return [EmailAddress(email=address, verified=False, primary=True)] if address else []


provider_classes = [NationalSsoProvider]
