from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("ideas/", views.idea_list, name="list"),
    path("ideas/new/", views.idea_new, name="new"),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/support/", views.idea_support, name="support"),
    path("ideas/<int:pk>/adopt/", views.idea_adopt, name="adopt"),
]
