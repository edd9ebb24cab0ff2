"""Step 6 outreach: the recruitment plan, share links, referrals and volunteer imports."""

from django.urls import path

from .views import outreach

_OPP = "organizations/<str:org_slug>/opportunities/<int:pk>/"
urlpatterns = [
    path(_OPP + "recruitment-plan/", outreach.plan, name="plan"),
    path("r/<str:code>/", outreach.share, name="share"),
    path("opportunities/<int:pk>/invite/", outreach.invite, name="invite"),
    path("organizations/<str:org_slug>/volunteers/import/", outreach.import_volunteers, name="import_volunteers"),
    path("organizations/<str:org_slug>/volunteers/import/confirm/", outreach.import_confirm, name="import_confirm"),
    path("organizations/<str:org_slug>/volunteers/import/preview/", outreach.import_preview_page, name="import_preview_page"),
    path("volunteer-invitations/<str:token>/", outreach.import_invitation, name="import_invitation"),
    path(
        "organizations/<str:org_slug>/volunteers/import/template.<str:fmt>",
        outreach.import_template,
        name="import_template",
    ),
]
