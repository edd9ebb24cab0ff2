from django.urls import path

from . import views, views_learning

app_name = "evaluation"
program = "organizations/<str:org_slug>/programs/<int:pk>/"
urlpatterns = [
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("engagements/<int:pk>/review/volunteer/", views.review_volunteer, name="review_volunteer"),
    path("engagements/<int:pk>/review/organization/", views.review_organization, name="review_organization"),
    path("report/volunteer/<int:pk>/", views.report_volunteer, name="report_volunteer"),
    path("report/organization/<str:slug>/", views.report_organization, name="report_organization"),
    path("staff/reports/", views.report_queue, name="report_queue"),
    path("staff/reports/<int:pk>/close/", views.report_close, name="report_close"),
    path(program + "stakeholder-survey/", views.stakeholder_survey, name="stakeholder_survey"),
    path(program + "evaluation/", views.program_evaluation, name="program"),
    path(program + "lessons/", views.lessons, name="lessons"),
    path(program + "lessons/public/", views.public_impact_toggle, name="public_impact_toggle"),
    path(program + "plan-again/", views.plan_again, name="plan_again"),
    path(program + "evaluation/evidence/", views_learning.evidence, name="evidence"),
    path(program + "evaluation/evidence/<int:evidence_pk>/file/", views_learning.evidence_file, name="evidence_file"),
    path(program + "evaluation/evidence/<int:evidence_pk>/delete/", views_learning.evidence_delete, name="evidence_delete"),
    path(program + "previous/", views_learning.previous_cycle, name="previous_cycle"),
    path(program + "previous/lessons/<int:lesson_pk>/", views_learning.lesson_mark, name="lesson_mark"),
    path("organizations/<str:org_slug>/survey-questions/", views_learning.survey_questions, name="survey_questions"),
    path("organizations/<str:org_slug>/survey-questions/<int:question_pk>/stop/", views_learning.survey_question_stop, name="survey_question_stop"),
    path("organizations/<str:org_slug>/relationships/", views.relationships, name="relationships"),
    path("organizations/<str:org_slug>/relationships/<int:user_pk>/invite/", views.relationship_invite, name="relationship_invite"),
    path("impact/<int:pk>/", views.public_impact, name="impact"),
    path("evaluation/rates/", views.rates, name="rates"),
    path("evaluation/rates/<int:pk>/delete/", views.rate_delete, name="rate_delete"),
]
