from django.urls import path

from . import hooks, views

app_name = "programs"
base = "organizations/<str:org_slug>/programs/"
program = base + "<int:pk>/"
urlpatterns = [
    path(base, views.program_list, name="list"),
    path(base + "new/", views.program_create, name="create"),
    path(program, views.program_detail, name="detail"),
    path(program + "edit/", views.program_edit, name="edit"),
    path(program + "plan/<int:step>/", views.plan_step, name="plan_step"),
    path(program + "needs/", views.needs, name="needs"),
    path(program + "needs/add/", views.need_add, name="need_add"),
    path(program + "needs/submit/", views.need_submit, name="need_submit"),
    path(program + "needs/order/", views.needs_reorder, name="needs_reorder"),
    path(program + "needs/complete/", views.needs_complete, name="needs_complete"),
    path(program + "needs/<int:need_pk>/edit/", views.need_edit, name="need_edit"),
    path(program + "needs/<int:need_pk>/accept/", views.need_accept, name="need_accept"),
    path(program + "needs/<int:need_pk>/merge/", views.need_merge, name="need_merge"),
    path(program + "needs/<int:need_pk>/decline/", views.need_decline, name="need_decline"),
    path(program + "readiness/", views.readiness_check, name="readiness"),
]
# Pages a higher app serves under a program's address, in this namespace (hooks.program_urls).
for patterns in hooks.program_urls(program):
    urlpatterns += patterns
