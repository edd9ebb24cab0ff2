"""Suggestions for an opportunity and recommendations for a volunteer: hard filters, parts, reasons."""

import pytest

from khibra.engagements.models import Engagement
from khibra.matching import index, ranking
from khibra.opportunities.models import Opportunity
from khibra.recruitment.models import Application
from khibra.testing.factories import OpportunityFactory, city, field, matching_opportunity, matching_volunteer

pytestmark = pytest.mark.django_db


def _suggested(opportunity):
    return [s.volunteer.pk for s in ranking.suggest_volunteers(opportunity=opportunity)]


def test_it_shows_a_finance_newcomer_in_riyadh_finance_opportunities_first(org_a, admin_a, finance_opportunity, newcomer):
    marketing = matching_opportunity(
        organization=org_a, by=admin_a, title="أخصائي تسويق رقمي", requirements="خبرة في التسويق الرقمي.", fields=[field("marketing")]
    )
    matching_opportunity(organization=org_a, by=admin_a, fields=[field("digital-infrastructure")])  # another field: not shown

    recommendations = ranking.recommend_opportunities(volunteer=newcomer)

    assert [r.opportunity.pk for r in recommendations] == [finance_opportunity.pk, marketing.pk]
    best = recommendations[0]
    assert best.reasons and all(isinstance(reason, str) for reason in best.reasons)
    assert best.parts["relevance"] > 0
    assert best.parts["fields"] > 0


def test_it_suggests_the_fitting_volunteer_with_parts_that_add_up(finance_opportunity, newcomer):
    suggestions = ranking.suggest_volunteers(opportunity=finance_opportunity)

    assert [s.volunteer.pk for s in suggestions] == [newcomer.pk]
    suggestion = suggestions[0]
    assert set(suggestion.parts) == set(ranking.WEIGHTS)
    assert suggestion.score == pytest.approx(sum(suggestion.parts.values()), abs=0.5)
    assert 0 < suggestion.score <= 100
    # The opportunity names no profession; a chartered accountant's fits its finance field.
    assert suggestion.parts["profession"] == ranking.WEIGHTS["profession"] * ranking.FITTING_PROFESSION_SHARE
    assert suggestion.parts["experience"] == ranking.experience_points(6, 3) == 13  # the minimum, and 3 years beyond
    assert suggestion.parts["load"] == ranking.WEIGHTS["load"]
    assert suggestion.reasons


@pytest.mark.parametrize(
    "change",
    [
        {"charter": False},
        {"languages": ("en",)},
        {"hours_per_week": 0},
        {"fields": ("legal-affairs",), "profession_code": None},
    ],
    ids=["no-charter", "no-arabic", "too-few-hours", "no-shared-field"],
)
def test_it_leaves_out_volunteers_who_fail_a_hard_filter(finance_opportunity, change):
    volunteer = matching_volunteer(**change)

    assert volunteer.pk not in _suggested(finance_opportunity)
    assert finance_opportunity.pk not in [r.opportunity.pk for r in ranking.recommend_opportunities(volunteer=volunteer)]


def test_it_lets_english_speakers_in_only_when_english_is_allowed(org_a, admin_a):
    english = matching_volunteer(languages=("en",))
    closed_to_english = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    open_to_english = matching_opportunity(
        organization=org_a, by=admin_a, fields=[field("finance-accounting")], english_allowed=True, english_supervisor="Sara"
    )

    assert english.pk not in _suggested(closed_to_english)
    assert english.pk in _suggested(open_to_english)


def test_in_person_work_needs_the_city_and_the_work_mode(org_a, admin_a):
    in_jeddah = matching_opportunity(
        organization=org_a, by=admin_a, nature="in_person", city=city("jeddah"), venue="مقر الجمعية", fields=[field("finance-accounting")]
    )
    riyadh_only = matching_volunteer()
    works_in_jeddah = matching_volunteer()
    works_in_jeddah.work_cities.set([city("jeddah")])
    index.refresh_volunteer(works_in_jeddah)  # what the profile service does after a change
    remote_only_in_jeddah = matching_volunteer(city_code="jeddah", work_mode="remote")

    assert _suggested(in_jeddah) == [works_in_jeddah.pk]
    assert riyadh_only.pk not in _suggested(in_jeddah)
    assert remote_only_in_jeddah.pk not in _suggested(in_jeddah)


def test_remote_work_fits_every_city(org_a, admin_a):
    remote = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    in_tabuk = matching_volunteer(city_code="tabuk", work_mode="remote")

    assert in_tabuk.pk in _suggested(remote)


def test_it_leaves_out_who_already_applied_and_unopen_opportunities(org_a, admin_a, finance_opportunity, newcomer):
    Application.objects.create(opportunity=finance_opportunity, volunteer=newcomer, motivation="أرغب في المساهمة.")
    assert newcomer.pk not in _suggested(finance_opportunity)
    assert ranking.recommend_opportunities(volunteer=newcomer) == []

    draft = OpportunityFactory(organization=org_a, fields=[field("finance-accounting")])
    assert ranking.suggest_volunteers(opportunity=draft) == []
    full = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    Opportunity.objects.filter(pk=full.pk).update(seats_filled=1)
    assert ranking.suggest_volunteers(opportunity=full) == []


def test_a_synonym_finds_the_other_language(org_a, admin_a):
    """The opportunity asks for a CPA; the profile only says محاسب قانوني."""
    opportunity = matching_opportunity(
        organization=org_a, by=admin_a, title="Auditor", requirements="A CPA is required.", fields=[field("finance-accounting")]
    )
    chartered = matching_volunteer(profession_code=None, headline="محاسب قانوني")
    designer = matching_volunteer(profession_code=None, headline="مصمم جرافيك")

    suggestions = ranking.suggest_volunteers(opportunity=opportunity)

    assert [s.volunteer.pk for s in suggestions] == [chartered.pk]  # the designer is below the floor
    assert suggestions[0].parts["relevance"] > 0
    assert designer.pk not in _suggested(opportunity)


def test_synonym_groups_are_data_with_a_starter_set(db):
    from khibra.matching.models import SynonymGroup, SynonymTerm

    assert SynonymGroup.objects.count() >= 30
    cpa = SynonymTerm.objects.get(key="cpa").group
    assert cpa.term_rows.filter(key="محاسب قانوني").exists()

    group = index.save_synonym_group(group=SynonymGroup(name="Actuary", terms="خبير اكتواري\nactuary"))
    assert set(group.term_rows.values_list("key", flat=True)) == {"خبير اكتواري", "actuary"}


def test_the_profession_asked_for_scores(org_a, admin_a):
    from khibra.testing.factories import profession

    opportunity = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    opportunity.required_professions.set([profession("chartered-accountant")])
    cpa = matching_volunteer(headline="", profession_code="chartered-accountant")
    lawyer = matching_volunteer(headline="", profession_code="lawyer")

    suggestions = ranking.suggest_volunteers(opportunity=opportunity)

    assert suggestions[0].volunteer.pk == cpa.pk
    assert suggestions[0].parts["profession"] == ranking.WEIGHTS["profession"]
    assert lawyer.pk not in [s.volunteer.pk for s in suggestions]  # shares a field only: below the floor


def test_current_load_lowers_the_score(org_a, admin_a, finance_opportunity):
    free = matching_volunteer(headline="محاسب قانوني")
    busy = matching_volunteer(headline="محاسب قانوني")
    for _n in range(2):
        other = matching_opportunity(organization=org_a, by=admin_a, fields=[field("marketing")])
        Engagement.objects.create(opportunity=other, volunteer=busy)

    suggestions = {s.volunteer.pk: s for s in ranking.suggest_volunteers(opportunity=finance_opportunity)}

    assert suggestions[free.pk].parts["load"] == ranking.WEIGHTS["load"]
    assert suggestions[busy.pk].parts["load"] == 0
    assert suggestions[free.pk].score > suggestions[busy.pk].score
    assert list(suggestions) == [free.pk, busy.pk]


def test_completed_engagements_raise_the_track_record(org_a, admin_a, finance_opportunity):
    experienced = matching_volunteer(headline="محاسب قانوني")
    other = matching_opportunity(organization=org_a, by=admin_a, fields=[field("marketing")])
    Engagement.objects.create(opportunity=other, volunteer=experienced, status="completed")

    parts = {s.volunteer.pk: s.parts for s in ranking.suggest_volunteers(opportunity=finance_opportunity)}

    assert parts[experienced.pk]["track_record"] > 0


def test_it_learns_from_managers_pass_reasons_on_similar_opportunities(org_a, admin_a, finance_opportunity):
    passed = matching_volunteer(headline="محاسب قانوني")
    fresh = matching_volunteer(headline="محاسب قانوني")
    similar = matching_opportunity(organization=org_a, by=admin_a, fields=[field("finance-accounting")])
    Application.objects.create(
        opportunity=similar, volunteer=passed, motivation="أرغب.", status="rejected", pass_reason="experience"
    )

    suggestions = {s.volunteer.pk: s for s in ranking.suggest_volunteers(opportunity=finance_opportunity)}
    assert suggestions[passed.pk].parts["experience"] < suggestions[fresh.pk].parts["experience"]
    assert list(suggestions) == [fresh.pk, passed.pk]

    recommended = {r.opportunity.pk: r for r in ranking.recommend_opportunities(volunteer=passed)}
    assert recommended[finance_opportunity.pk].parts["experience"] < ranking.WEIGHTS["experience"]


def test_refresh_keeps_term_keys_in_step(newcomer):
    from khibra.matching.models import VolunteerTerm

    newcomer.headline = "مطور مواقع"
    newcomer.profession = None
    newcomer.save()
    index.refresh_volunteer(newcomer)

    keys = set(VolunteerTerm.objects.filter(profile=newcomer).values_list("key", flat=True))
    assert "t:مطور" in keys
    assert "t:قانوني" not in keys


def _reviewed(volunteer, organization, by, rating: int):
    from khibra.evaluation.models import VolunteerReview

    other = matching_opportunity(organization=organization, by=by, fields=[field("marketing")])
    engagement = Engagement.objects.create(opportunity=other, volunteer=volunteer, status="completed")
    VolunteerReview.objects.create(
        engagement=engagement, volunteer=volunteer, organization=organization, quality=rating, timeliness=rating, communication=rating
    )


def test_good_ratings_of_past_work_raise_the_track_record_both_ways(org_a, admin_a, finance_opportunity):
    praised = matching_volunteer(headline="محاسب قانوني")
    criticised = matching_volunteer(headline="محاسب قانوني")
    _reviewed(praised, org_a, admin_a, 5)
    _reviewed(criticised, org_a, admin_a, 1)

    suggestions = {s.volunteer.pk: s for s in ranking.suggest_volunteers(opportunity=finance_opportunity)}
    recommended = ranking.recommend_opportunities(volunteer=praised)[0]

    assert suggestions[praised.pk].parts["track_record"] > suggestions[criticised.pk].parts["track_record"]
    assert any("5.0" in reason for reason in suggestions[praised.pk].reasons)
    assert recommended.parts["track_record"] == pytest.approx(suggestions[praised.pk].parts["track_record"])
