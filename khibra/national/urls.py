from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("national/hours/", views.reconciliation, name="reconciliation"),
    path("national/hours/export.<str:fmt>", views.export_hours, name="export_hours"),
    path("national/hours/<int:pk>/resend/", views.resend, name="resend"),
    path("figures/", views.open_figures, name="figures"),
    path("figures/open-data.<str:fmt>", views.open_data, name="open_data"),
]
