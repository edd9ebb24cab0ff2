"""Selection: applying, the volunteer's applications, the organization's selection board."""

from django.urls import path

from .views import selection

_ORG = "organizations/<str:org_slug>/"
urlpatterns = [
    path("opportunities/<int:pk>/apply/", selection.apply, name="apply"),
    path("volunteer/applications/", selection.my_applications, name="my_applications"),
    path("volunteer/applications/<int:pk>/withdraw/", selection.withdraw, name="withdraw"),
    path(_ORG + "opportunities/<int:pk>/applications/", selection.board, name="board"),
    path(_ORG + "applications/<int:pk>/<slug:action>/", selection.decide, name="decide"),
]
