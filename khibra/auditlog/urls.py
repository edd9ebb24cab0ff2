from django.urls import path

app_name = "auditlog"
urlpatterns: list = []
