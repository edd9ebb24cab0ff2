"""The database holds the evaluation's rules."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
import pytest

from khibra.evaluation import services
from khibra.evaluation.models import HourlyValue, MisconductReport, VolunteerSurvey
from khibra.testing.factories import field

pytestmark = pytest.mark.django_db


def test_one_default_hourly_value_per_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyValue.objects.create(field=None, year=2024, value_sar=Decimal("150"))


def test_one_hourly_value_per_field_and_year():
    finance = field("finance-accounting")
    HourlyValue.objects.create(field=finance, year=2025, value_sar=Decimal("150"))
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyValue.objects.create(field=finance, year=2025, value_sar=Decimal("160"))


def test_an_answered_survey_has_every_rating(engagement):
    survey = services.on_engagement_closed(engagement=engagement)
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerSurvey.objects.filter(pk=survey.pk).update(answered_at=timezone.now())


def test_a_rating_stays_between_one_and_five(engagement):
    survey = services.on_engagement_closed(engagement=engagement)
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerSurvey.objects.filter(pk=survey.pk).update(training=6)


def test_a_report_has_exactly_one_subject(org_a, plain_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        MisconductReport.objects.create(reporter=plain_user, reason="other", details="تفاصيل")
