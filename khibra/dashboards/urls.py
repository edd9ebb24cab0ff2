from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("organizations/<str:slug>/dashboard/", views.organization, name="organization"),
    path("organizations/<str:slug>/provider/dashboard/", views.provider, name="provider"),
    path("sector/", views.sector, name="sector"),
]
