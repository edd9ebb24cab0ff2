"""The program evaluation (step 8): five axes, figures checked against the data."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
import pytest

from khibra.core import audit
from khibra.engagements.models import Engagement, WithdrawalReason
from khibra.evaluation import services
from khibra.evaluation.models import HourlyValue, ProgramEvaluation
from khibra.evaluation.selectors import hourly_value, program_evaluation
from khibra.testing.factories import field

from .conftest import approved_hours, engagement_of

pytestmark = pytest.mark.django_db


def answer(engagement, **ratings):
    survey = services.on_engagement_closed(engagement=engagement)
    values = {"satisfaction": 5, "organization_quality": 5, "training": 5, "recommend": 5, **ratings}
    return services.answer_survey(survey=survey, by=engagement.volunteer.user, **values)


@pytest.fixture
def data(opportunity, manager_a, admin_a):
    done_1 = engagement_of(opportunity)
    done_2 = engagement_of(opportunity)
    left = engagement_of(opportunity, status="withdrawn")
    audit.record(actor=left.volunteer.user, verb="engagement.withdrawn", target=left, reason="ظروف عائلية")
    engagement_of(opportunity, status="active")
    approved_hours(done_1, "10")
    approved_hours(done_2, "5.5")
    approved_hours(left, "2")
    answer(done_1, satisfaction=5, training=3, recommend_reason="تجربة مفيدة")
    answer(done_2, satisfaction=3, training=3, suggestions="وضوح أكبر في المهام")
    services.on_engagement_closed(engagement=left)  # invited, not answered
    services.answer_stakeholder_survey(program=opportunity.program, by=manager_a, role="department", goals_met=4,
                                       work_quality=5, coordination=3, continue_program=5)
    services.answer_stakeholder_survey(program=opportunity.program, by=admin_a, role="leadership", goals_met=2,
                                       work_quality=4, coordination=3, continue_program=4, comments="نريد المزيد")
    services.save_program_evaluation(program=opportunity.program, by=manager_a, staff_hours=Decimal("20"))
    return opportunity.program


def test_the_national_default_hourly_value_is_loaded():
    assert HourlyValue.objects.get(field=None, year=2024).value_sar == Decimal("138.00")
    assert hourly_value(None, 2026) == Decimal("138.00")


def test_each_hour_is_valued_by_the_year_of_its_date(engagement):
    """2023: SAR 92.41; 2024: SAR 138; a later year with no row takes the latest earlier year."""
    from khibra.evaluation.selectors import value_hours
    from khibra.hours.models import HourEntry

    assert hourly_value(None, 2023) == Decimal("92.41")
    assert hourly_value(None, 2024) == Decimal("138.00")
    assert hourly_value(None, 2027) == Decimal("138.00")
    approved_hours(engagement, "10", day=dt.date(2023, 12, 31))
    approved_hours(engagement, "2", day=dt.date(2024, 1, 1))
    valuation = value_hours(HourEntry.objects.filter(engagement=engagement))
    assert valuation.national_value == 10 * Decimal("92.41") + 2 * Decimal("138.00")
    assert {(rate.year, rate.value) for rate in valuation.national_rates} == {(2023, Decimal("92.41")), (2024, Decimal("138.00"))}
    HourlyValue.objects.create(field=None, year=2026, value_sar=Decimal("150"))
    assert hourly_value(None, 2027) == Decimal("150")


def test_a_fields_own_value_wins_over_the_default():
    finance = field("finance-accounting")
    HourlyValue.objects.create(field=finance, year=2024, value_sar=Decimal("200"))
    assert hourly_value(finance.pk, 2024) == Decimal("200")
    assert hourly_value(finance.pk, 2025) == Decimal("138.00")


def test_the_figures_match_the_data(data):
    figures = program_evaluation(data)
    assert figures.engagements == 4
    assert (figures.completed, figures.withdrawn, figures.active, figures.closed) == (2, 1, 1, 3)
    assert figures.completion_rate == pytest.approx(66.7)
    assert figures.withdrawal_rate == pytest.approx(33.3)
    assert figures.hours == Decimal("17.5")
    assert figures.economic_value == Decimal("17.5") * Decimal("138")
    assert figures.staff_hours == Decimal("20")
    assert figures.value_per_staff_hour == (Decimal("17.5") * 138 / 20).quantize(Decimal("0.01"))
    assert (figures.surveys_sent, figures.surveys_answered) == (3, 2)
    assert figures.satisfaction.average == 4
    assert figures.satisfaction.counts == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert figures.training.counts[3] == 2
    assert figures.recommend_reasons == ["تجربة مفيدة"]
    assert figures.suggestions == ["وضوح أكبر في المهام"]
    assert figures.stakeholder_responses == 2
    assert figures.stakeholders["goals_met"].average == 3
    assert figures.stakeholder_comments == ["نريد المزيد"]
    assert figures.withdrawal_reasons == [("ظروف عائلية", 1)]


def test_withdrawal_reasons_recorded_on_the_engagement_are_counted(opportunity):
    for _index in range(2):
        left = engagement_of(opportunity, status="withdrawn")
        Engagement.objects.filter(pk=left.pk).update(withdrawal_reason=WithdrawalReason.choices[0][0])
    label = str(WithdrawalReason.choices[0][1])
    assert program_evaluation(opportunity.program).withdrawal_reasons == [(label, 2)]


def test_the_economic_value_uses_the_opportunitys_field(data, opportunity):
    own = opportunity.fields.order_by("pk").first()
    HourlyValue.objects.create(field=own, year=2024, value_sar=Decimal("100"))
    assert program_evaluation(data).economic_value == Decimal("1750.00")


def test_the_page_shows_the_five_axes_with_the_figures(client, data, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("evaluation:program", args=[data.organization.slug, data.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="program-evaluation"' in content
    for axis in range(1, 6):
        assert f'id="axis-{axis}"' in content
    # Numbers follow the Arabic locale's formats (decimal comma).
    assert 'id="figure-hours">17.50<' in content
    assert 'id="figure-value">2415.00<' in content
    assert 'id="figure-completion">66.7%<' in content
    assert 'id="chart-satisfaction"' in content
    assert "style=" not in content.split('id="program-evaluation"')[1]


def test_a_manager_completes_the_evaluation(client, program, manager_a):
    client.force_login(manager_a)
    url = reverse("evaluation:program", args=[program.organization.slug, program.pk])
    response = client.post(url, {"goal_summary": "تحقق ٨٠٪ من الأهداف", "staff_hours": "١٢", "complete": "1"})
    assert response.status_code == 302
    evaluation = ProgramEvaluation.objects.get(program=program)
    assert evaluation.staff_hours == 12
    assert evaluation.completed_at is not None


def test_negative_staff_hours_are_refused_and_nothing_is_written(client, program, manager_a):
    client.force_login(manager_a)
    url = reverse("evaluation:program", args=[program.organization.slug, program.pk])
    response = client.post(url, {"staff_hours": "-3"})
    assert response.status_code == 400
    assert "staff_hours" in response.context["form"].errors
    assert not ProgramEvaluation.objects.exists()


def test_a_supervisor_reads_but_cannot_write(client, program, opportunity, supervisor_a):
    client.force_login(supervisor_a)
    url = reverse("evaluation:program", args=[program.organization.slug, program.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="evaluation-form"' not in response.content.decode()
    assert client.post(url, {"staff_hours": "5"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_program_evaluation(program=program, by=supervisor_a, staff_hours=5)
    assert not ProgramEvaluation.objects.exists()


@pytest.mark.parametrize("persona", ["manager_b", "volunteer", "plain_user"])
def test_outsiders_get_404(client, program, persona, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("evaluation:program", args=[program.organization.slug, program.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"staff_hours": "5"}).status_code == 404
