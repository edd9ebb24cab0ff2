from django.urls import path

from . import views
from .main import api

app_name = "api"

# The API itself (/api/v1/…) is outside the language prefixes; see khibra/urls.py.
api_urls = api.urls

urlpatterns = [
    path("api/v1/docs/", views.docs, name="docs"),
]
