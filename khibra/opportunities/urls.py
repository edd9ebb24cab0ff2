from django.urls import path

from . import proposal_views, template_views, views

app_name = "opportunities"
# Included at the site root. Management pages live under the organization; "templates/" and
# "new/" come before "<int:pk>/" (they cannot clash: pk is a number).
_ORG = "organizations/<str:org_slug>/opportunities/"
urlpatterns = [
    path(_ORG, views.opportunity_list, name="list"),
    path(_ORG + "new/", views.create, name="create"),
    path(_ORG + "from-need/<int:need_pk>/", views.from_need, name="from_need"),
    path(_ORG + "templates/", template_views.template_library, name="templates"),
    path(_ORG + "templates/<slug:code>/", template_views.template_detail, name="template_detail"),
    path(_ORG + "<int:pk>/", views.detail, name="detail"),
    path(_ORG + "<int:pk>/edit/", views.edit, name="edit"),
    path(_ORG + "<int:pk>/service-model/", views.service_model, name="service_model"),
    path(_ORG + "<int:pk>/publish/", views.publish, name="publish"),
    path(_ORG + "<int:pk>/readiness-override/", views.override_readiness, name="override_readiness"),
    path(_ORG + "<int:pk>/status/<slug:action>/", views.transition, name="transition"),
    path("organizations/<str:org_slug>/proposals/", proposal_views.proposal_list, name="proposals"),
    path("organizations/<str:org_slug>/proposals/new/", proposal_views.propose, name="propose"),
    path("organizations/<str:org_slug>/proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("organizations/<str:org_slug>/proposals/<int:pk>/adopt/", proposal_views.adopt, name="proposal_adopt"),
    path("organizations/<str:org_slug>/proposals/<int:pk>/decline/", proposal_views.decline, name="proposal_decline"),
    path("organizations/<str:org_slug>/proposals/<int:pk>/send/", proposal_views.send, name="proposal_send"),
    path("organizations/<str:org_slug>/proposals/<int:pk>/withdraw/", proposal_views.withdraw, name="proposal_withdraw"),
    path("opportunities/", views.search_page, name="search"),
    path("opportunities/<int:pk>/", views.public_detail, name="public_detail"),
]


def program_patterns(program: str) -> list:
    """Served under a program's address (`program`), in the programs namespace
    (programs.hooks.program_urls)."""
    from . import program_steps

    return [
        path(program + "needs/<int:need_pk>/start-opportunity/", views.start_from_program_need, name="need_start_opportunity"),
        *program_steps.patterns(program),
    ]
