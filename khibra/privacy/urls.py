from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.page, name="page"),
    path("privacy/my-data/", views.my_data, name="my_data"),
    path("privacy/my-data/khibra-my-data.json", views.export_json, name="export_json"),
    path("privacy/my-data/readable/", views.export_html, name="export_html"),
    path("privacy/my-data/khibra-my-data.pdf", views.export_pdf, name="export_pdf"),
    path("privacy/consents/", views.consents, name="consents"),
    path("privacy/erase/", views.erase, name="erase"),
]
