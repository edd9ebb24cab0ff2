"""The guide's own example, scores people can read, and lists that are never silently empty:
manager suggestions (near misses), volunteer recommendations and the alerts preview, in Arabic
and in English."""

from django.urls import reverse
from django.utils import translation
import pytest

from khibra.matching import misses, ranking
from khibra.matching.models import AlertPreference, Frequency
from khibra.testing.factories import OpportunityFactory, city, field, matching_opportunity, matching_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_example(org_a, admin_a):
    """Table 3 of the guide: the Jeddah orphan-care association's Python website developer,
    20 days × 5 hours, in person or remote."""
    return matching_opportunity(
        organization=org_a,
        by=admin_a,
        title=OpportunityFactory.title,
        requirements=OpportunityFactory.requirements,
        nature="both",
        city=city("jeddah"),
        duration_days=20,
        hours_per_day=5,
        hours_per_week=25,
        min_years_experience=3,
        fields=[field("digital-infrastructure")],
    )


def _python_developer(**values):
    values.setdefault("years_of_experience", 6)
    return matching_volunteer(
        fields=("digital-infrastructure",), profession_code="web-developer", headline="مطور مواقع بلغة بايثون وجانغو", **values
    )


def test_the_guides_example_suggests_the_python_developers_first_with_the_hours_gap(guide_example):
    six_hours = _python_developer(city_code="jeddah", hours_per_week=6, gender="female")
    full_time = _python_developer(city_code="riyadh", hours_per_week=25)
    unticked = matching_volunteer(  # the field not ticked: found by profession and words
        fields=(), profession_code="software-engineer", headline="Python developer", city_code="jeddah", hours_per_week=10
    )
    designer = matching_volunteer(fields=("digital-infrastructure",), profession_code="ux-designer", headline="مصمم تجربة مستخدم", hours_per_week=25)

    with translation.override("en"):
        suggestions = ranking.suggest_volunteers(opportunity=guide_example)
    order = [s.volunteer.pk for s in suggestions]

    assert order == [full_time.pk, six_hours.pk, unticked.pk]  # the designer has none of the skills asked: below the floor
    assert designer.pk not in order
    gap = next(s for s in suggestions if s.volunteer.pk == six_hours.pk)
    assert gap.parts["hours"] < ranking.WEIGHTS["hours"]
    assert any("6 hours a week of the 25 hours a week asked" in text and "4 times as long" in text for text in gap.shortfalls)
    with translation.override("ar"):
        arabic = ranking.suggest_volunteers(opportunity=guide_example)
    six = next(s for s in arabic if s.volunteer.pk == six_hours.pk)
    assert any(text.startswith("تقدّم 6 ساعات أسبوعيًا") for text in six.shortfalls)  # she, in Arabic
    assert any(reason.startswith("مهنتها") for reason in six.reasons)


def test_scores_are_out_of_100_with_the_scale_named(guide_example):
    _python_developer(city_code="jeddah", hours_per_week=25)
    suggestion = ranking.suggest_volunteers(opportunity=guide_example)[0]
    assert sum(ranking.WEIGHTS.values()) == 100
    assert all(0 <= suggestion.parts[name] <= most for name, most in ranking.WEIGHTS.items())
    assert ranking.SUGGEST_FLOOR <= suggestion.score <= 100
    assert set(ranking.part_labels()) == set(ranking.WEIGHTS)


def test_reasons_use_the_volunteers_grammatical_gender_or_a_neutral_form(guide_example):
    woman = _python_developer(city_code="jeddah", gender="female")
    man = _python_developer(city_code="jeddah", gender="male")
    unsaid = _python_developer(city_code="jeddah", gender="")
    with translation.override("ar"):
        reasons = {s.volunteer.pk: s.reasons[0] for s in ranking.suggest_volunteers(opportunity=guide_example)}
    assert reasons[woman.pk].startswith("مهنتها")
    assert reasons[man.pk].startswith("مهنته ")
    assert reasons[unsaid.pk].startswith("المهنة في الملف")


# --- never silent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("ar", "3 متطوعين ذوي صلة: العمل عن بُعد فقط"), ("en", "3 related volunteers: remote work only")])
def test_a_manager_sees_near_misses_grouped_by_the_limit_they_miss(client, org_a, admin_a, language, expected):
    opportunity = matching_opportunity(
        organization=org_a, by=admin_a, nature="in_person", city=city("jeddah"), fields=[field("digital-infrastructure")],
        hours_per_week=25, hours_per_day=5,
    )
    for _n in range(3):
        _python_developer(city_code="jeddah", work_mode="remote")
    _python_developer(city_code="jeddah", hours_per_week=2)

    found = {miss.limit: miss.count for miss in misses.near_misses(opportunity)}
    assert found == {"work_mode": 3, "hours": 1}

    client.force_login(admin_a)
    with translation.override(language):
        url = reverse("matching:suggestions", args=[org_a.slug, opportunity.pk])
    page = client.get(url).content.decode()
    assert 'id="suggestions-empty"' in page and 'id="near-miss-work_mode"' in page
    assert expected in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "حضورية فقط وملفك يذكر العمل عن بُعد فقط"), ("en", "is in person only, and your profile says you work remotely")],
)
def test_a_volunteers_empty_recommendations_say_why_and_what_would_change_it(client, org_a, admin_a, language, expected):
    matching_opportunity(organization=org_a, by=admin_a, nature="in_person", city=city("riyadh"), fields=[field("finance-accounting")])
    volunteer = matching_volunteer(work_mode="remote")

    assert ranking.recommend_opportunities(volunteer=volunteer) == []
    client.force_login(volunteer.user)
    with translation.override(language):
        url = reverse("matching:recommendations")
    page = client.get(url).content.decode()
    assert 'id="why-empty"' in page and expected in page
    assert "complete your profile" not in page.lower()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "لا توجد حاليًا فرصة متاحة في مجالاتك"), ("en", "No open opportunity is in your fields or asks for your profession")],
)
def test_nothing_in_the_volunteers_fields_is_said_as_such(client, language, expected):
    volunteer = matching_volunteer()
    client.force_login(volunteer.user)
    with translation.override(language):
        url = reverse("matching:recommendations")
    assert expected in client.get(url).content.decode()


def test_a_volunteer_below_the_hours_floor_is_told_to_offer_more_hours(org_a, admin_a):
    matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")], hours_per_week=40, hours_per_day=8)
    volunteer = matching_volunteer(hours_per_week=5)
    with translation.override("en"):
        reasons = misses.why_no_recommendations(volunteer)
    assert reasons == [
        "1 open opportunity in your fields: asks for more than five times your 5 weekly hours; offering more hours would bring them in."
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "المجالات أو المدن أو نوع العمل المختار أدناه يستبعدها"), ("en", "the fields, cities or kind of work chosen below leave them out")],
)
def test_the_alerts_preview_explains_an_empty_result(client, org_a, admin_a, language, expected):
    matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    volunteer = matching_volunteer()
    preference, _created = AlertPreference.objects.get_or_create(volunteer=volunteer)
    assert misses.alert_preview(volunteer, preference)[0] == 1
    preference.fields.set([field("marketing")])

    client.force_login(volunteer.user)
    with translation.override(language):
        url = reverse("matching:alert_preferences")
    page = client.get(url).content.decode()
    assert 'id="alert-preview-why"' in page and expected in page

    preference.fields.set([])
    preference.frequency = Frequency.OFF
    preference.save()
    assert misses.alert_preview(volunteer, preference)[0] == 0

