from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/qualifications/add/", views.qualification_add, name="qualification_add"),
    path("profile/qualifications/<int:pk>/delete/", views.qualification_delete, name="qualification_delete"),
    path("profile/identity/", views.identity, name="identity"),
    path("profile/phone/", views.phone, name="phone"),
    path("profile/guardian/", views.guardian, name="guardian"),
    path("charter/", views.charter, name="charter"),
    path("charter/accept/", views.charter_accept, name="charter_accept"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/accept/", views.privacy_accept, name="privacy_accept"),
    path("identity-review/", views.identity_queue, name="identity_queue"),
    path("identity-review/<int:pk>/", views.identity_review, name="identity_review"),
]
