from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from khibra.api.main import api
from khibra.core import views as core_views

admin.site.site_header = _("Khibra administration")
admin.site.site_title = _("Khibra")
admin.site.index_title = _("Platform data")

# A body over the limit found by a middleware (CSRF reading the fields): 413, not a bare 400.
handler400 = "khibra.core.bodies.bad_request"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.health, name="health"),
    # The JSON API is one interface for every language (Accept-Language picks the messages).
    path("api/v1/", api.urls),
    path("favicon.ico", core_views.favicon),
    # Public uploads (logos) in every mode; the rest of MEDIA_ROOT only in development (core.views.media).
    path(settings.MEDIA_URL.strip("/") + "/<path:path>", core_views.media, name="media"),
]

# Arabic is the default and lives at "/"; English is the same paths under "/en/".
urlpatterns += i18n_patterns(
    path("", include("khibra.site.urls")),
    path("", include("khibra.api.urls")),
    path("accounts/", include("allauth.urls")),
    # These apps own their URL shapes (organization-scoped pages and public pages alike).
    path("", include("khibra.programs.urls")),
    path("", include("khibra.opportunities.urls")),
    path("", include("khibra.agreements.urls")),
    path("", include("khibra.recruitment.urls")),
    path("", include("khibra.engagements.urls")),
    path("", include("khibra.hours.urls")),
    path("", include("khibra.matching.urls")),
    path("", include("khibra.ideas.urls")),
    path("", include("khibra.evaluation.urls")),
    path("", include("khibra.certificates.urls")),
    path("", include("khibra.training.urls")),
    path("", include("khibra.providers.urls")),
    path("", include("khibra.exports.urls")),
    path("", include("khibra.teams.urls")),
    path("", include("khibra.dashboards.urls")),
    path("", include("khibra.national.urls")),
    path("", include("khibra.privacy.urls")),
    path("", include("khibra.auditlog.urls")),
    path("organizations/", include("khibra.organizations.urls")),
    path("volunteer/", include("khibra.volunteers.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
