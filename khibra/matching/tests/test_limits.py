"""Every hard limit, in both directions, read by all four consumers of "fits": suggestions (and
invitations and alerts, which read the same `fitting_volunteers`) for an opportunity, and
recommendations for a volunteer. Weekly hours are scored, not filtered, down to a fifth."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
import pytest

from khibra.accounts.models import PolicyAcceptance
from khibra.matching import invitations, limits, ranking
from khibra.matching.alerts import alert_recipients
from khibra.matching.selectors import fitting_volunteers
from khibra.testing.factories import city, field, matching_opportunity, matching_volunteer
from khibra.volunteers.models import GuardianConsent

pytestmark = pytest.mark.django_db


def _years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


def _opportunity(org, by, **values):
    values.setdefault("title", "مراجع قوائم مالية")
    values.setdefault("requirements", "محاسب قانوني (SOCPA أو CPA) بخبرة في إعداد القوائم المالية.")
    values.setdefault("fields", [field("finance-accounting")])
    values.setdefault("min_years_experience", 3)
    if values.get("nature") in ("in_person", "both"):
        values.setdefault("city", city("riyadh"))
    return matching_opportunity(organization=org, by=by, **values)


def _volunteer(**values):
    values.setdefault("headline", "محاسب قانوني")
    values.setdefault("years_of_experience", 6)
    values.setdefault("birth_date", _years_ago(35))
    values.setdefault("gender", "male")
    return matching_volunteer(fields=("finance-accounting",), **values)


CASES = [
    # (opportunity, volunteer, fits)
    pytest.param({"nature": "in_person"}, {"work_mode": "remote"}, False, id="in-person work, remote-only volunteer"),
    pytest.param({"nature": "in_person"}, {"work_mode": "in_person"}, True, id="in-person work, in-person volunteer"),
    pytest.param({"nature": "remote"}, {"work_mode": "in_person"}, False, id="remote work, in-person-only volunteer"),
    pytest.param({"nature": "remote"}, {"work_mode": "remote"}, True, id="remote work, remote volunteer"),
    pytest.param({"nature": "in_person"}, {"city_code": "jeddah"}, False, id="in person in another city"),
    pytest.param({"nature": "both"}, {"city_code": "jeddah", "work_mode": "in_person"}, False, id="both, in-person-only elsewhere"),
    pytest.param({"nature": "both"}, {"city_code": "jeddah", "work_mode": "remote"}, True, id="both, remote volunteer elsewhere"),
    pytest.param({}, {"languages": ("en",)}, False, id="Arabic work, English-only volunteer"),
    pytest.param({"english_allowed": True, "english_supervisor": "Sara"}, {"languages": ("en",)}, True, id="English allowed"),
    pytest.param({"min_years_experience": 8}, {}, False, id="years required, fewer years"),
    pytest.param({"min_years_experience": 8, "experience_rule": "preferred"}, {}, True, id="years preferred, fewer years"),
    pytest.param({"age_min": 40}, {}, False, id="under the minimum age"),
    pytest.param({"age_max": 30}, {}, False, id="over the maximum age"),
    pytest.param({"age_min": 30, "age_max": 40}, {}, True, id="inside the age range"),
    pytest.param({"age_min": 18}, {"birth_date": None}, False, id="age limit, no date of birth"),
    pytest.param({"gender": "female"}, {}, False, id="women only, a man"),
    pytest.param({"gender": "female"}, {"gender": "female"}, True, id="women only, a woman"),
    pytest.param({"gender": "male"}, {"gender": ""}, False, id="men only, gender not given"),
    pytest.param({"hours_per_week": 25, "hours_per_day": 5}, {"hours_per_week": 6}, True, id="fewer hours: scored, not filtered"),
    pytest.param({"hours_per_week": 25, "hours_per_day": 5}, {"hours_per_week": 4}, False, id="under a fifth of the hours"),
    pytest.param({}, {"charter": False}, False, id="charter not accepted"),
    pytest.param({}, {"identity_status": "rejected"}, False, id="identity rejected"),
]


def _consumers(opportunity, volunteer) -> dict[str, bool]:
    return {
        "fitting": fitting_volunteers(opportunity).filter(pk=volunteer.pk).exists(),
        "alerts": alert_recipients(opportunity).filter(pk=volunteer.pk).exists(),
        "recommendable": ranking.fitting_opportunities(volunteer).filter(pk=opportunity.pk).exists(),
    }


@pytest.mark.parametrize(("opportunity_values", "volunteer_values", "fits"), CASES)
def test_each_hard_limit_holds_both_ways_everywhere(org_a, admin_a, opportunity_values, volunteer_values, fits):
    opportunity = _opportunity(org_a, admin_a, **opportunity_values)
    volunteer = _volunteer(**volunteer_values)

    assert _consumers(opportunity, volunteer) == {"fitting": fits, "alerts": fits, "recommendable": fits}
    suggested = [s.volunteer.pk for s in ranking.suggest_volunteers(opportunity=opportunity)]
    recommended = [r.opportunity.pk for r in ranking.recommend_opportunities(volunteer=volunteer)]
    if fits:
        assert suggested == [volunteer.pk] and recommended == [opportunity.pk]
        invitations.invite_to_apply(opportunity=opportunity, volunteer=volunteer, by=admin_a)
    else:
        assert suggested == [] and recommended == []
        with pytest.raises(ValidationError) as error:
            invitations.invite_to_apply(opportunity=opportunity, volunteer=volunteer, by=admin_a)
        assert error.value.code == "not_fitting"


def test_a_minor_needs_a_guardians_consent(org_a, admin_a):
    opportunity = _opportunity(org_a, admin_a)
    minor = _volunteer(birth_date=_years_ago(16))
    assert _consumers(opportunity, minor) == {"fitting": False, "alerts": False, "recommendable": False}

    GuardianConsent.objects.create(
        profile=minor, guardian_name="فهد العتيبي", relationship="الأب", guardian_phone="0501112222", consented_at=timezone.now()
    )
    assert _consumers(opportunity, minor) == {"fitting": True, "alerts": True, "recommendable": True}


def test_a_withdrawn_charter_stops_matching(org_a, admin_a):
    opportunity = _opportunity(org_a, admin_a)
    volunteer = _volunteer()
    PolicyAcceptance.objects.filter(user=volunteer.user).update(withdrawn_at=timezone.now())
    assert _consumers(opportunity, volunteer) == {"fitting": False, "alerts": False, "recommendable": False}


def test_required_courses_are_a_hard_limit_both_ways(org_a, admin_a, staff):
    from khibra.training.models import CourseCompletion, OpportunityCourse
    from khibra.training.services import create_course

    course = create_course(
        by=staff, title_ar="حماية البيانات الشخصية", title_en="Personal data protection", description="مبادئ.",
        field=field("data-management"), specialty="", delivery="external", url="https://academy.example/pdp",
        duration_hours=Decimal("3"),
    )
    opportunity = _opportunity(org_a, admin_a)
    OpportunityCourse.objects.create(opportunity=opportunity, course=course)
    volunteer = _volunteer()
    assert limits.missed_limits(opportunity, volunteer) == ["courses"]
    assert _consumers(opportunity, volunteer) == {"fitting": False, "alerts": False, "recommendable": False}

    CourseCompletion.objects.create(course=course, volunteer=volunteer, completed_on=timezone.localdate())
    assert limits.missed_limits(opportunity, volunteer) == []
    assert _consumers(opportunity, volunteer) == {"fitting": True, "alerts": True, "recommendable": True}
