from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("organizations/<str:org_slug>/opportunities/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path(
        "organizations/<str:org_slug>/opportunities/<int:pk>/suggestions/<int:profile_pk>/invite/",
        views.invite,
        name="invite",
    ),
    path("volunteer/recommendations/", views.recommendations, name="recommendations"),
    path("volunteer/alerts/", views.alert_preferences, name="alert_preferences"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/settings/", views.notice_settings, name="notice_settings"),
]
