"""The volunteer survey: sent when an engagement closes and yearly, answered once by its volunteer."""

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
import pytest

from khibra.core.models import Notification
from khibra.evaluation import services
from khibra.evaluation.models import VolunteerSurvey

from .conftest import engagement_of

pytestmark = pytest.mark.django_db

ANSWERS = {"satisfaction": "5", "organization_quality": "4", "training": "3", "recommend": "5",
           "recommend_reason": "فريق متعاون ومهام واضحة.", "suggestions": "تدريب أطول في البداية.", "exhaustion": "clashes"}


def test_it_invites_the_volunteer_once_when_the_engagement_closes(engagement, volunteer):
    survey = services.on_engagement_closed(engagement=engagement)
    assert services.on_engagement_closed(engagement=engagement) is None
    assert VolunteerSurvey.objects.filter(engagement=engagement).count() == 1
    assert survey.program == engagement.opportunity.program
    assert survey.year == 2024
    notification = Notification.objects.get(user=volunteer, kind="evaluation.survey")
    assert notification.url == reverse("evaluation:survey", args=[survey.pk])


def test_the_volunteer_answers_the_survey_once(client, engagement, volunteer):
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    url = reverse("evaluation:survey", args=[survey.pk])
    assert b'id="survey-form"' in client.get(url).content
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.satisfaction, survey.organization_quality, survey.training, survey.recommend) == (5, 4, 3, 5)
    assert survey.answered_at is not None
    assert b'id="survey-answered"' in client.get(url).content
    with pytest.raises(ValidationError):
        services.answer_survey(survey=survey, by=volunteer, satisfaction=1, organization_quality=1, training=1, recommend=1)
    survey.refresh_from_db()
    assert survey.satisfaction == 5


def test_a_rating_out_of_range_is_refused_and_nothing_is_written(client, engagement, volunteer):
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(volunteer)
    response = client.post(reverse("evaluation:survey", args=[survey.pk]), {**ANSWERS, "satisfaction": "9"})
    assert response.status_code == 400
    assert "satisfaction" in response.context["form"].errors
    survey.refresh_from_db()
    assert survey.answered_at is None


@pytest.mark.parametrize("persona", ["other_volunteer", "manager_a", "staff"])
def test_nobody_else_sees_a_volunteers_survey(client, engagement, persona, request):
    survey = services.on_engagement_closed(engagement=engagement)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("evaluation:survey", args=[survey.pk])).status_code == 404
    assert client.post(reverse("evaluation:survey", args=[survey.pk]), ANSWERS).status_code == 404
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_yearly_surveys_are_sent_once_per_year_and_organization(opportunity, capsys):
    first = engagement_of(opportunity)
    engagement_of(opportunity, first.volunteer, status="withdrawn")
    engagement_of(opportunity)
    call_command("send_yearly_surveys", "--year", "2024", "--dry-run")
    assert VolunteerSurvey.objects.count() == 0
    assert "2 yearly" in capsys.readouterr().out
    call_command("send_yearly_surveys", "--year", "2024")
    call_command("send_yearly_surveys", "--year", "2024")
    assert VolunteerSurvey.objects.filter(kind="yearly", year=2024).count() == 2
    assert services.send_yearly_surveys(year=2023) == 0
