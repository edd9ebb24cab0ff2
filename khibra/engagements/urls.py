from django.urls import path

from . import views

app_name = "engagements"
urlpatterns = [
    path("volunteer/engagements/", views.my_engagements, name="mine"),
]
