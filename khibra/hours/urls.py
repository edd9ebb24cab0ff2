from django.urls import path

from . import views

app_name = "hours"
urlpatterns = [
    path("volunteer/engagements/<int:pk>/hours/", views.engagement_hours, name="engagement"),
    path("volunteer/hours/<int:pk>/edit/", views.edit_entry, name="edit"),
    path("volunteer/hours/<int:pk>/delete/", views.delete_entry, name="delete"),
    path("organizations/<str:org_slug>/hours/", views.queue, name="queue"),
    path("organizations/<str:org_slug>/hours/engagements/<int:pk>/", views.queue, name="engagement_queue"),
    path("organizations/<str:org_slug>/hours/review/", views.review_selected, name="review"),
    path("organizations/<str:org_slug>/hours/<int:pk>/approve/", views.approve_entry, name="approve"),
    path("organizations/<str:org_slug>/hours/<int:pk>/return/", views.return_entry, name="return"),
]
