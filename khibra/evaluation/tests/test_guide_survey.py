"""The volunteer survey asks the guide's questions with their verbal anchors, speaks of this
opportunity at the end of an engagement, asks when volunteers feel exhausted and the
organization's own questions; bad answers are refused and nothing is written."""

from django.urls import reverse
import pytest

from khibra.evaluation import services
from khibra.evaluation.models import QuestionSet, SurveyKind, SurveyQuestion, VolunteerSurvey
from khibra.evaluation.selectors import program_evaluation

from .conftest import engagement_of

pytestmark = pytest.mark.django_db

ANSWERS = {"satisfaction": "5", "organization_quality": "4", "training": "3", "recommend": "4",
           "recommend_reason": "مهام واضحة.", "suggestions": "تدريب أطول.", "exhaustion": "over_10"}


def test_the_end_of_engagement_survey_asks_about_this_opportunity_with_anchors(client, engagement, volunteer):
    from django.utils import translation

    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    with translation.override("en"):
        url = reverse("evaluation:survey", args=[survey.pk])
    body = client.get(url).content.decode()
    for text in ("this professional volunteering opportunity", "How well was this opportunity organized?",
                 "5 — Very satisfied", "1 — Very dissatisfied", "5 — Very good", "1 — Very poor", "4 — To some extent",
                 "4 — Yes, with some reservations", "2 — I am not sure", "At what point did you start to feel exhausted?"):
        assert text in body, text
    assert "this year" not in body


def test_the_yearly_survey_asks_about_the_year(engagement):
    from django.utils import translation

    from khibra.evaluation.forms import SurveyForm

    with translation.override("en"):
        form = SurveyForm(kind=SurveyKind.YEARLY)
        assert "this year" in str(form.fields["satisfaction"].label)
        assert str(form.fields["organization_quality"].label) == "How well were the professional volunteering opportunities organized?"


def test_the_survey_in_arabic_shows_anchors(client, engagement, volunteer):
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    body = client.get(reverse("evaluation:survey", args=[survey.pk])).content.decode()
    assert "راضٍ جدًا" in body and "غير راضٍ إطلاقًا" in body


def test_the_organizations_own_questions_are_asked_and_kept_with_their_text(client, engagement, volunteer, manager_a):
    organization = engagement.opportunity.organization
    scale = services.add_survey_question(organization=organization, by=manager_a, text="هل كانت أدوات العمل كافية؟", kind="scale")
    text = services.add_survey_question(organization=organization, by=manager_a, text="ما أكثر ما أعجبك؟", kind="text")
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    url = reverse("evaluation:survey", args=[survey.pk])
    assert f'name="custom_{scale.pk}"'.encode() in client.get(url).content
    # A scale question left unanswered is refused, and nothing is written.
    response = client.post(url, {**ANSWERS, f"custom_{text.pk}": "روح الفريق"})
    assert response.status_code == 400
    assert VolunteerSurvey.objects.get(pk=survey.pk).answered_at is None
    response = client.post(url, {**ANSWERS, f"custom_{scale.pk}": "4", f"custom_{text.pk}": "روح الفريق"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.exhaustion == "over_10"
    assert survey.question_set == QuestionSet.GUIDE
    assert survey.custom_answers == [
        {"question": scale.pk, "text": "هل كانت أدوات العمل كافية؟", "kind": "scale", "answer": 4},
        {"question": text.pk, "text": "ما أكثر ما أعجبك؟", "kind": "text", "answer": "روح الفريق"},
    ]
    figures = program_evaluation(engagement.opportunity.program)
    assert figures.exhaustion[0][1] == 1
    assert [row["text"] for row in figures.custom] == ["هل كانت أدوات العمل كافية؟", "ما أكثر ما أعجبك؟"]


def test_an_unknown_exhaustion_answer_is_refused(client, engagement, volunteer):
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    response = client.post(reverse("evaluation:survey", args=[survey.pk]), {**ANSWERS, "exhaustion": "always"})
    assert response.status_code == 400
    assert VolunteerSurvey.objects.get(pk=survey.pk).answered_at is None


def test_survey_questions_are_bounded_and_only_managers_add_them(client, manager_a, manager_b, supervisor_a, org_a):
    url = reverse("evaluation:survey_questions", args=[org_a.slug])
    client.force_login(supervisor_a)
    assert client.post(url, {"text": "سؤال", "kind": "text"}).status_code == 403
    client.force_login(manager_b)
    assert client.get(url).status_code == 404
    client.force_login(manager_a)
    assert client.post(url, {"text": "", "kind": "text"}).status_code == 400
    assert client.post(url, {"text": "سؤال", "kind": "choice"}).status_code == 400
    for index in range(5):
        assert client.post(url, {"text": f"سؤال {index}", "kind": "text"}).status_code == 302
    assert client.post(url, {"text": "سؤال سادس", "kind": "text"}).status_code == 400
    assert SurveyQuestion.objects.filter(organization=org_a).count() == 5
    first = SurveyQuestion.objects.filter(organization=org_a).first()
    client.force_login(manager_b)
    assert client.post(reverse("evaluation:survey_question_stop", args=[org_a.slug, first.pk])).status_code == 404
    assert SurveyQuestion.objects.get(pk=first.pk).active


def test_answers_given_before_the_guides_wording_are_counted_apart(opportunity, manager_a):
    engagement = engagement_of(opportunity)
    survey = services.on_engagement_closed(engagement=engagement)
    services.answer_survey(survey=survey, by=engagement.volunteer.user, satisfaction=4, organization_quality=4, training=4, recommend=4)
    VolunteerSurvey.objects.filter(pk=survey.pk).update(question_set=QuestionSet.EARLIER)
    assert program_evaluation(opportunity.program).earlier_answers == 1


def test_the_migration_marks_earlier_answers():
    from importlib import import_module

    migration = import_module("khibra.evaluation.migrations.0004_guide_survey_evidence_lessons")
    assert callable(migration.mark_earlier_answers)
