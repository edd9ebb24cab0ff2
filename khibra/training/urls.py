from django.urls import path

from . import views

app_name = "training"
_ORG = "organizations/<str:org_slug>/training/"
urlpatterns = [
    path("training/", views.catalogue, name="catalogue"),
    path("training/mine/", views.my_training, name="mine"),
    path("training/<int:pk>/", views.course_detail, name="detail"),
    # The platform's catalogue, kept by platform staff.
    path("training/manage/", views.manage, name="manage"),
    path("training/manage/new/", views.manage_new, name="manage_new"),
    path("training/manage/<int:pk>/edit/", views.manage_edit, name="manage_edit"),
    path("training/manage/<int:pk>/deactivate/", views.manage_deactivate, name="manage_deactivate"),
    path("training/manage/completions/<int:pk>/confirm/", views.manage_completion_confirm, name="manage_confirm"),
    path("training/manage/completions/<int:pk>/reject/", views.manage_completion_reject, name="manage_reject"),
    # An organization's own courses.
    path(_ORG, views.org_courses, name="org_courses"),
    path(_ORG + "new/", views.org_course_new, name="org_course_new"),
    path(_ORG + "<int:pk>/edit/", views.org_course_edit, name="org_course_edit"),
    path(_ORG + "<int:pk>/deactivate/", views.org_course_deactivate, name="org_course_deactivate"),
    path(_ORG + "completions/<int:pk>/confirm/", views.org_completion_confirm, name="org_confirm"),
    path(_ORG + "completions/<int:pk>/reject/", views.org_completion_reject, name="org_reject"),
    # The courses an opportunity requires before applying.
    path("organizations/<str:org_slug>/opportunities/<int:pk>/training/", views.opportunity_training, name="opportunity"),
    path(
        "organizations/<str:org_slug>/opportunities/<int:pk>/training/<int:course_pk>/remove/",
        views.opportunity_training_remove,
        name="opportunity_remove",
    ),
]
