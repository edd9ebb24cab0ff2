from functools import wraps

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404
from django.urls import reverse
import jwt


class NationalSsoAdapter(OpenIDConnectOAuth2Adapter):
    provider_id = "national_sso"

    def __init__(self, request, provider_id: str = "national_sso") -> None:
        super().__init__(request, provider_id)

    def _decode_id_token(self, app, id_token: str) -> dict:
        """Always check the signature (with the issuer's published keys), the issuer, the
        audience and the expiry; only the algorithms the settings allow."""
        header = jwt.get_unverified_header(id_token)
        if header.get("alg") not in settings.NATIONAL_SSO_ALGORITHMS:
            raise OAuth2Error(f"ID token signed with {header.get('alg')!r}, not an allowed algorithm")
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The provider answered without an ID token")
        return super().complete_login(request, app, token, **kwargs)

    def get_callback_url(self, request, app):
        return build_absolute_uri(request, reverse("national_sso_callback"), self.redirect_uri_protocol)


def _unless_configured(view):
    """Without NATIONAL_SSO_ISSUER and NATIONAL_SSO_CLIENT_ID the provider's pages do not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SocialApp.DoesNotExist:
            raise Http404 from None

    return wrapper


oauth2_login = _unless_configured(OAuth2LoginView.adapter_view(NationalSsoAdapter))
oauth2_callback = _unless_configured(OAuth2CallbackView.adapter_view(NationalSsoAdapter))
