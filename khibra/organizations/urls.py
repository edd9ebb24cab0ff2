from django.urls import path

from . import views

app_name = "organizations"
# Fixed paths come before "<slug>/"; services.RESERVED_SLUGS keeps slugs from shadowing them.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/edit/", views.edit, name="edit"),
    path("<str:slug>/members/", views.members, name="members"),
    path("<str:slug>/members/<int:pk>/role/", views.change_role, name="change_role"),
    path("<str:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("<str:slug>/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
]
