from django.urls import path

from . import views
from .main import api

app_name = "api"

# The API itself (/api/v1/…) is outside the language prefixes; see khibra/urls.py.
api_urls = api.urls

urlpatterns = [
    path("api/v1/docs/", views.docs, name="docs"),
    path("organizations/<str:org_slug>/api-keys/", views.api_keys, name="api_keys"),
    path("organizations/<str:org_slug>/api-keys/<int:pk>/revoke/", views.revoke_api_key, name="revoke_api_key"),
    path("accounts/api-tokens/", views.api_tokens, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
]
