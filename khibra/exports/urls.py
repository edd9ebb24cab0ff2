from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("exports/", views.my_exports, name="list"),
    path("exports/new/", views.new_export, name="new"),
    path("exports/<int:pk>/row/", views.export_row, name="row"),
    path("exports/<int:pk>/download/", views.download, name="download"),
]
