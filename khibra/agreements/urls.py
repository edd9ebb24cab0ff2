from django.urls import path

from . import views

app_name = "agreements"
org = "organizations/<str:org_slug>/"
urlpatterns = [
    # The organization's side: the agreement of one opportunity, its PDFs and the shortlists.
    path(org + "opportunities/<int:pk>/agreement/", views.opportunity_agreement, name="opportunity"),
    path(org + "opportunities/<int:pk>/agreement/generate/", views.generate, name="generate"),
    path(org + "opportunities/<int:pk>/agreement/pdf/", views.opportunity_pdf, name="opportunity_pdf"),
    path(org + "opportunities/<int:pk>/agreement/statements/", views.statements_pdf, name="statements_pdf"),
    path(org + "opportunities/<int:pk>/shortlist/", views.shortlist_add, name="shortlist_add"),
    path(org + "opportunities/<int:pk>/shortlist/<int:entry_pk>/remove/", views.shortlist_remove, name="shortlist_remove"),
    # Partnership agreements, seen from either party.
    path(org + "partner-agreements/", views.partner_list, name="partner_list"),
    path(org + "partner-agreements/new/", views.partner_create, name="partner_create"),
    path(org + "partner-agreements/<int:pk>/", views.partner_detail, name="partner_detail"),
    path(org + "partner-agreements/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path(org + "partner-agreements/<int:pk>/propose/", views.partner_propose, name="partner_propose"),
    path(org + "partner-agreements/<int:pk>/accept/", views.partner_accept, name="partner_accept"),
    path(org + "partner-agreements/<int:pk>/withdraw/", views.partner_withdraw, name="partner_withdraw"),
    path(org + "partner-agreements/<int:pk>/pdf/", views.partner_pdf, name="partner_pdf"),
    # The volunteer's side: one version of an agreement.
    path("agreements/<int:pk>/", views.detail, name="detail"),
    path("agreements/<int:pk>/accept/", views.accept, name="accept"),
    path("agreements/<int:pk>/pdf/", views.pdf, name="pdf"),
]
