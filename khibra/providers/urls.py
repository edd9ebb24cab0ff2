from django.urls import path

from . import views

app_name = "providers"
_P = "organizations/<str:slug>/provider/"
urlpatterns = [
    path(_P, views.overview, name="overview"),
    path(_P + "programs/", views.programs, name="programs"),
    path(_P + "programs/<int:pk>/close/", views.close_program, name="close_program"),
    path(_P + "members/", views.members, name="members"),
    path(_P + "members/<int:pk>/", views.member_record, name="member"),
    path(_P + "members/<int:pk>/program/", views.set_member_program, name="member_program"),
    path(_P + "members/<int:pk>/verify/", views.verify_member, name="verify"),
    path(_P + "members/<int:pk>/decline/", views.decline_member, name="decline"),
    path(_P + "members/<int:pk>/revoke/", views.revoke_invitation, name="revoke"),
    path(_P + "requests/", views.requests, name="requests"),
    path(_P + "domains/", views.domains, name="domains"),
    path(_P + "domains/<int:pk>/remove/", views.remove_domain, name="remove_domain"),
    path(_P + "participations/", views.participations, name="participations"),
    path(_P + "participations/<int:pk>/approve/", views.decide_participation, {"decision": "approve"}, name="approve"),
    path(_P + "participations/<int:pk>/decline/", views.decide_participation, {"decision": "decline"}, name="decline_participation"),
    path("organizations/<str:slug>/provider-suggestions/", views.nonprofit_suggestions, name="nonprofit_suggestions"),
    path("volunteer/employers/", views.employers, name="employers"),
    path("volunteer/employers/<int:pk>/share/", views.share, name="share"),
    path("volunteer/employers/<int:pk>/leave/", views.leave, name="leave"),
    path("volunteer/employers/invitations/<str:token>/", views.invitation, name="invitation"),
]
