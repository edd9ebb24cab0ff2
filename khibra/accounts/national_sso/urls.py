from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import NationalSsoProvider

urlpatterns = default_urlpatterns(NationalSsoProvider)
