from django.urls import path

from . import views

app_name = "teams"
_T = "teams/<int:pk>/"
_O = "organizations/<str:slug>/opportunities/<int:pk>/teams/"
urlpatterns = [
    path("teams/", views.my_teams, name="mine"),
    path(_T, views.detail, name="detail"),
    path(_T + "invite/", views.invite, name="invite"),
    path(_T + "lead/", views.hand_over, name="hand_over"),
    path(_T + "members/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path(_T + "invitation/accept/", views.respond, {"answer": "accept"}, name="accept_invitation"),
    path(_T + "invitation/decline/", views.respond, {"answer": "decline"}, name="decline_invitation"),
    path(_T + "leave/", views.respond, {"answer": "leave"}, name="leave"),
    path(_T + "apply/", views.choose_opportunity, name="choose_opportunity"),
    path(_T + "apply/<int:opportunity_pk>/", views.apply, name="apply"),
    path(_T + "applications/<int:assignment_pk>/withdraw/", views.withdraw, name="withdraw"),
    path(_O, views.opportunity_teams, name="opportunity_teams"),
    path(_O + "<int:assignment_pk>/accept/", views.decide, {"decision": "accept"}, name="accept"),
    path(_O + "<int:assignment_pk>/decline/", views.decide, {"decision": "decline"}, name="decline"),
    path("organizations/<str:slug>/provider/teams/", views.provider_teams, name="provider_teams"),
]
