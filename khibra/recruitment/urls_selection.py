"""Selection: applying, the volunteer's applications, the organization's selection board."""

from django.urls import path

from .views import board, selection

_ORG = "organizations/<str:org_slug>/"
urlpatterns = [
    path("opportunities/<int:pk>/apply/", selection.apply, name="apply"),
    path("volunteer/applications/", selection.my_applications, name="my_applications"),
    path("volunteer/applications/<int:pk>/withdraw/", selection.withdraw, name="withdraw"),
    path("interviews/<int:pk>/calendar.ics", selection.interview_calendar, name="interview_ics"),
    path(_ORG + "opportunities/<int:pk>/applications/", board.board, name="board"),
    path(_ORG + "opportunities/<int:pk>/applications/compare/", board.compare, name="compare"),
    path(_ORG + "opportunities/<int:pk>/applications/bulk/", board.bulk, name="bulk"),
    path(_ORG + "applications/<int:pk>/<slug:action>/", board.decide, name="decide"),
]
