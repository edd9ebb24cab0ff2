from django.urls import path

from . import views

# The names keep their "core:" namespace ("core:home", "core:dashboard"): templates, settings
# (LOGIN_REDIRECT_URL) and the permission matrix refer to them.
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/notifications/", views.activity_emails, name="activity_emails"),
    path("dashboard/waiting/", views.waiting_badge, name="waiting_badge"),
    path("dates/hint/", views.date_hint, name="date_hint"),
]
