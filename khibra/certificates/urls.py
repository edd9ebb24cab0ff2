"""Certificates: public verification, the volunteer's certificates and portfolio, and the
organization's recognition page (thanks, credit, issue, revoke)."""

from django.urls import path

from . import views

_ORG = "organizations/<str:org_slug>/"
app_name = "certificates"
urlpatterns = [
    # Public, no login.
    path("certificates/", views.lookup, name="lookup"),
    path("certificates/<str:code>/", views.verify, name="verify"),
    path("volunteers/<slug:slug>/", views.portfolio_public, name="portfolio_public"),
    # The volunteer.
    path("volunteer/certificates/", views.my_certificates, name="mine"),
    path("volunteer/certificates/<int:pk>/<str:language>.pdf", views.download, name="download"),
    path("volunteer/portfolio/", views.portfolio, name="portfolio"),
    path("volunteer/portfolio/public/", views.portfolio_toggle, name="portfolio_toggle"),
    path("volunteer/thanks/<int:pk>/public/", views.thanks_toggle, name="thanks_toggle"),
    # The organization.
    path(_ORG + "engagements/<int:pk>/recognition/", views.recognition, name="recognition"),
    path(_ORG + "certificates/<int:pk>/<str:language>.pdf", views.org_download, name="org_download"),
    path(_ORG + "certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
]
