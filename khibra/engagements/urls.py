from django.urls import path

from . import views

app_name = "engagements"
_E = "engagements/<int:pk>/"
urlpatterns = [
    path("volunteer/engagements/", views.my_engagements, name="mine"),
    path(_E, views.workspace, name="workspace"),
    path(_E + "items/<int:item_pk>/start/", views.start_item, name="start_item"),
    path(_E + "items/<int:item_pk>/submit/", views.submit_item, name="submit"),
    path(_E + "items/<int:item_pk>/review/", views.review_item, name="review"),
    path(_E + "items/<int:item_pk>/calendar.ics", views.task_calendar, name="task_ics"),
    path(_E + "submissions/<int:submission_pk>/file/", views.submission_file, name="submission_file"),
    path(_E + "reports/", views.weekly_report, name="report"),
    path(_E + "comments/", views.comment, name="comment"),
    path(_E + "onboarding/<int:item_pk>/", views.onboarding, name="onboarding"),
    path(_E + "check-in/", views.check_in, name="check_in"),
    path(_E + "issues/", views.issue, name="issue"),
    path(_E + "issues/<int:issue_pk>/resolve/", views.resolve_issue, name="resolve_issue"),
    path(_E + "amendments/", views.amend, name="amend"),
    path(_E + "close/", views.close, name="close"),
    path(_E + "withdraw/", views.withdraw, name="withdraw"),
    path("organizations/<str:org_slug>/care/", views.care, name="care"),
]
