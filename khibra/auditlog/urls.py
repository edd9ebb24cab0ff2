from django.urls import path

from . import views

app_name = "auditlog"
urlpatterns = [
    path("audit/", views.platform_log, name="platform"),
    path("organizations/<str:slug>/audit/", views.organization_log, name="organization"),
]
