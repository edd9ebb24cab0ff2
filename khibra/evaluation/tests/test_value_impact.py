"""Issue 7, parts 5 and 6: the economic value at two rates (national value of an hour, market rates
for professional work) and the beneficiaries reached, checked against the data on every report."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.engagements import services as engagement_services
from khibra.engagements.models import Engagement
from khibra.evaluation import services
from khibra.evaluation.models import HourlyValue, MarketRate
from khibra.evaluation.selectors import beneficiaries, program_evaluation, value_hours
from khibra.hours.models import HourEntry
from khibra.opportunities.forms import OpportunityForm
from khibra.testing.api import ApiClient
from khibra.testing.factories import OpportunityFactory, VolunteerProfileFactory, accept_agreement, field, profession

from .conftest import approved_hours, engagement_of

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def valued(program, opportunity, supervisor_a):
    """In 2025 (national value 150): a chartered accountant gives 10 professional hours (profession
    rate 450), a volunteer without a profession 4 professional hours in finance (field rate 350),
    another 6 skilled hours in finance (national value); in 2024 2 professional hours (no market
    rate that year: national 138)."""
    finance = field("finance-accounting")
    opportunity.fields.set([finance])
    skilled = OpportunityFactory(organization=opportunity.organization, program=program, supervisor=supervisor_a, level="skilled",
                                 status="published", published_at=opportunity.published_at)
    skilled.fields.set([finance])
    HourlyValue.objects.create(field=None, year=2025, value_sar=D("150"))
    MarketRate.objects.create(profession=profession("chartered-accountant"), year=2025, value_sar=D("450"))
    MarketRate.objects.create(field=finance, year=2025, value_sar=D("350"))
    MarketRate.objects.create(field=finance, year=2026, value_sar=D("999"))  # another year: not used
    accountant = engagement_of(opportunity, VolunteerProfileFactory(profession=profession("chartered-accountant")))
    plain = engagement_of(opportunity, VolunteerProfileFactory(profession=None))
    approved_hours(accountant, "10", day=dt.date(2025, 3, 1))
    approved_hours(plain, "4", day=dt.date(2025, 3, 2))
    approved_hours(engagement_of(skilled), "6", day=dt.date(2025, 3, 3))
    approved_hours(plain, "2", day=dt.date(2024, 12, 30))
    return program


NATIONAL = 20 * D("150") + 2 * D("138")  # 3276
MARKET = 10 * D("450") + 4 * D("350") + 6 * D("150") + 2 * D("138")  # 7076


def test_market_rate_needs_a_subject_and_is_unique_per_key():
    finance = field("finance-accounting")
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketRate.objects.create(year=2025, value_sar=D("100"))
    MarketRate.objects.create(field=finance, year=2025, value_sar=D("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketRate.objects.create(field=finance, year=2025, value_sar=D("120"))
    MarketRate.objects.create(field=finance, profession=profession("chartered-accountant"), year=2025, value_sar=D("120"))


def test_both_values_match_the_data(valued):
    figures = program_evaluation(valued)
    assert figures.hours == D("22")
    assert figures.professional_hours == D("16")
    assert figures.economic_value == NATIONAL
    assert figures.market_value == MARKET
    national = {(r.year, r.field): (r.value, r.hours) for r in figures.national_rates}
    assert national == {(2024, None): (D("138.00"), D("2")), (2025, None): (D("150"), D("20"))}
    market = {(r.year, r.profession and r.profession.code, r.field and r.field.code): (r.value, r.hours) for r in figures.market_rates}
    assert market == {(2025, "chartered-accountant", None): (D("450"), D("10")), (2025, None, "finance-accounting"): (D("350"), D("4"))}


def test_the_most_specific_market_rate_wins(valued):
    MarketRate.objects.create(profession=profession("chartered-accountant"), field=field("finance-accounting"), year=2025, value_sar=D("500"))
    valuation = value_hours(HourEntry.objects.approved().filter(program=valued))
    assert valuation.market_value == MARKET + 10 * D("50")
    assert valuation.national_value == NATIONAL


def test_the_valuation_is_one_grouped_query(valued, django_assert_max_num_queries):
    entries = HourEntry.objects.approved().filter(program=valued)
    # The grouped sum, the national values, the market rates, then the names of fields and professions.
    with django_assert_max_num_queries(5):
        value_hours(entries)


def test_the_evaluation_page_shows_both_values_and_the_rates(client, valued, manager_a):
    client.force_login(manager_a)
    content = client.get("/en" + reverse("evaluation:program", args=[valued.organization.slug, valued.pk])).content.decode()
    assert 'id="figure-value">3,276.00<' in content or 'id="figure-value">3276.00<' in content
    assert 'id="figure-value-market">7,076.00<' in content or 'id="figure-value-market">7076.00<' in content
    assert 'id="rates-used"' in content and 'id="rates-rule"' in content
    for rate in MarketRate.objects.filter(year=2025):
        assert f'id="rate-market-{rate.pk}"' in content
    assert 'id="rate-national-2025-all"' in content and 'id="rate-national-2024-all"' in content
    assert f'id="rate-market-{MarketRate.objects.get(year=2026).pk}"' not in content


def test_the_api_reports_show_both_values(valued, org_a, manager_a):
    client = ApiClient(manager_a)
    hours = client.get(f"/organizations/{org_a.pk}/reports/hours/").json()
    assert hours["economic_value"] == float(NATIONAL) and hours["economic_value_market"] == float(MARKET)
    assert hours["professional_hours"] == 16.0
    assert {(r["year"], r["value"]) for r in hours["rates"]} == {(2024, 138.0), (2025, 150.0)}
    assert sorted((r["year"], r["value"], r["hours"]) for r in hours["market_rates"]) == [(2025, 350.0, 4.0), (2025, 450.0, 10.0)]
    levels = {row["level"]: row for row in hours["by_level"]}
    assert levels["skilled"]["economic_value"] == levels["skilled"]["economic_value_market"] == 900.0
    assert levels["professional"]["economic_value_market"] == float(10 * 450 + 4 * 350 + 2 * 138)
    only_2025 = client.get(f"/organizations/{org_a.pk}/reports/hours/", {"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert only_2025["economic_value"] == 3000.0 and only_2025["economic_value_market"] == 6800.0
    impact = client.get(f"/organizations/{org_a.pk}/reports/impact/").json()
    assert impact["economic_value"] == float(NATIONAL) and impact["economic_value_market"] == float(MARKET)
    assert len(impact["market_rates"]) == 2
    evaluation = client.get(f"/programs/{valued.pk}/evaluation/").json()
    assert evaluation["economic_value"] == float(NATIONAL) and evaluation["economic_value_market"] == float(MARKET)


# --- beneficiaries ------------------------------------------------------------------------------


@pytest.fixture
def reached(program, opportunity, supervisor_a, manager_a):
    """Individuals: two engagements closed with 30 and 20 reached, one closed without a count;
    non-profits: one closed with 1; an active engagement that does not count yet."""
    type(opportunity).objects.filter(pk=opportunity.pk).update(beneficiary_category="individuals", beneficiaries_expected=100)
    other = OpportunityFactory(organization=opportunity.organization, program=program, supervisor=supervisor_a,
                               beneficiary_category="nonprofits", status="published", published_at=opportunity.published_at)
    for target, count, text in ((opportunity, 30, "وصل ٣٠ يتيمًا إلى خدمات الكفالة"), (opportunity, 20, ""), (opportunity, None, ""),
                                (other, 1, "قوائم مالية مراجعة")):
        engagement = engagement_of(target, status="active")
        Engagement.objects.filter(pk=engagement.pk).update(created_by=manager_a)  # as recruitment creates it
        accept_agreement(engagement)  # completion waits for the accepted agreement
        engagement_services.close_engagement(engagement=engagement, by=supervisor_a, completed=True, outcome=text, beneficiaries_reached=count)
    engagement_of(opportunity, status="active")
    return program


def test_beneficiaries_roll_up_by_category(reached):
    figures = program_evaluation(reached)
    rows = {row.category: row for row in figures.beneficiaries.rows}
    assert (rows["individuals"].engagements, rows["individuals"].reported, rows["individuals"].reached) == (3, 2, 50)
    assert (rows["nonprofits"].engagements, rows["nonprofits"].reached) == (1, 1)
    assert rows["government"].reached == rows["environment"].reached == 0
    assert figures.beneficiaries.reached == 51
    assert [text for _title, text in figures.outcomes] == ["وصل ٣٠ يتيمًا إلى خدمات الكفالة", "قوائم مالية مراجعة"]
    event = AuditEvent.objects.filter(verb="engagement.closed").order_by("pk").first()
    assert event.data["beneficiaries_reached"] == 30


def test_beneficiaries_on_the_public_impact_page_and_the_api(client, reached, manager_a, org_a):
    services.save_lessons(program=reached, by=manager_a, impact_examples="وصلت الكفالة إلى ثلاثين يتيمًا.")
    services.set_public_impact(program=reached, by=manager_a, public=True)
    content = client.get("/en" + reverse("evaluation:impact", args=[reached.pk])).content.decode()
    assert 'id="impact-beneficiaries"' in content
    assert 'id="beneficiaries-individuals"' in content and 'data-reached="50"' in content
    assert "وصل ٣٠ يتيمًا" not in content  # the engagement-level outcomes stay on the organization's page
    body = ApiClient(manager_a).get(f"/organizations/{org_a.pk}/reports/impact/").json()
    assert body["beneficiaries_reached"] == 51
    assert {row["category"]: row["reached"] for row in body["beneficiaries"]} == {
        "individuals": 50, "nonprofits": 1, "government": 0, "environment": 0,
    }
    evaluation = ApiClient(manager_a).get(f"/programs/{reached.pk}/evaluation/").json()
    assert evaluation["beneficiaries_reached"] == 51


def test_old_opportunities_without_a_category_are_listed_as_not_recorded(opportunity):
    engagement_of(opportunity)
    rows = beneficiaries(Engagement.objects.filter(opportunity=opportunity)).rows
    assert [row.category for row in rows][-1] == "" and rows[-1].engagements == 1


def test_another_organization_cannot_read_the_reports(reached, org_a, manager_b):
    response = ApiClient(manager_b).get(f"/organizations/{org_a.pk}/reports/impact/")
    assert response.status_code in (403, 404)
    assert ApiClient(manager_b).get(f"/programs/{reached.pk}/evaluation/").status_code in (403, 404)


def test_the_close_form_records_the_outcome_and_refuses_bad_counts(client, opportunity, supervisor_a):
    engagement = engagement_of(opportunity, status="active")
    Engagement.objects.filter(pk=engagement.pk).update(created_by=supervisor_a)
    client.force_login(supervisor_a)
    url = reverse("engagements:close", args=[engagement.pk])
    for bad in ("-1", "10000001", "كثير"):
        response = client.post(url, {"outcome": "not_completed", "note": "", "what_changed": "x", "beneficiaries_reached": bad})
        assert response.status_code == 400
        engagement.refresh_from_db()
        assert engagement.status == "active" and engagement.outcome == ""
    response = client.post(url, {"outcome": "not_completed", "note": "", "what_changed": "تحسن التواصل مع المستفيدين",
                                 "beneficiaries_reached": "١٢"})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.status, engagement.outcome, engagement.beneficiaries_reached) == ("not_completed", "تحسن التواصل مع المستفيدين", 12)


def test_the_design_form_asks_for_a_count_only_for_individuals(org_a):
    base = {"title": "محاسب", "level": "professional", "execution_mode": "individual", "team_size": "1", "seats": "1",
            "nature": "remote", "duration_days": "1", "hours_per_day": "1", "hours_per_week": "1", "min_years_experience": "0"}
    form = OpportunityForm({**base, "beneficiary_category": "individuals"}, organization=org_a)
    assert not form.is_valid() and "beneficiaries_expected" in form.errors
    form = OpportunityForm({**base, "beneficiary_category": "nonprofits", "beneficiaries_expected": "40"}, organization=org_a)
    assert form.is_valid(), form.errors
    assert form.changes()["beneficiaries_expected"] is None
    form = OpportunityForm({**base, "beneficiary_category": "individuals", "beneficiaries_expected": "٤٠"}, organization=org_a)
    assert form.is_valid(), form.errors
    assert form.changes()["beneficiaries_expected"] == 40


def test_the_public_opportunity_shows_who_benefits(client, opportunity):
    type(opportunity).objects.filter(pk=opportunity.pk).update(beneficiary_category="individuals", beneficiaries_expected=40)
    response = client.get("/en" + reverse("opportunities:public_detail", args=[opportunity.pk]))
    assert 'id="opportunity-beneficiaries"' in response.content.decode()


# --- the rates page (platform staff) --------------------------------------------------------------


def test_staff_set_both_rates_on_the_page(client, staff):
    client.force_login(staff)
    url = reverse("evaluation:rates")
    page = client.get("/en" + url).content.decode()
    assert 'id="national-rates"' in page and 'id="market-rates"' in page
    assert 'id="national-rate-' in page  # the seeded 2024 value
    response = client.post(url, {"kind": "national", "national-year": "2025", "national-value_sar": "150"})
    assert response.status_code == 302 and HourlyValue.objects.get(field=None, year=2025).value_sar == D("150")
    response = client.post(url, {"kind": "market", "market-profession": profession("lawyer").pk, "market-year": "٢٠٢٦",
                                 "market-value_sar": "600"})
    assert response.status_code == 302
    rate = MarketRate.objects.get(profession=profession("lawyer"), field=None, year=2026)
    assert rate.value_sar == D("600")
    client.post(url, {"kind": "market", "market-profession": profession("lawyer").pk, "market-year": "2026", "market-value_sar": "650"})
    assert MarketRate.objects.get(pk=rate.pk).value_sar == D("650") and MarketRate.objects.count() == 1
    assert AuditEvent.objects.filter(verb="market_rate.set").count() == 2
    response = client.post(url, {"kind": "market", "market-year": "2026", "market-value_sar": "600"})
    assert response.status_code == 400 and MarketRate.objects.count() == 1
    response = client.post(url, {"kind": "market", "market-field": field("legal-affairs").pk, "market-year": "2026", "market-value_sar": "-5"})
    assert response.status_code == 400 and MarketRate.objects.count() == 1
    client.post(reverse("evaluation:rate_delete", args=[rate.pk]))
    assert not MarketRate.objects.exists()


def test_the_rates_page_does_not_exist_for_others(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("evaluation:rates")).status_code == 404
    assert client.post(reverse("evaluation:rates"), {"kind": "national", "national-year": "2025", "national-value_sar": "1"}).status_code == 404
    assert not HourlyValue.objects.filter(year=2025).exists()


# --- demo -------------------------------------------------------------------------------------


def test_the_demo_has_market_rates_and_beneficiaries():
    from khibra.demo import evaluation as demo, loader
    from khibra.opportunities.models import Opportunity

    report = loader.load()
    demo.load(report)
    demo.load(report)  # idempotent
    assert MarketRate.objects.count() == len(demo.MARKET_RATES)
    assert MarketRate.objects.filter(field__code="finance-accounting", year__in=[2025, 2026]).count() == 2
    categorized = Opportunity.objects.exclude(beneficiary_category="").filter(organization__registration_number__in=demo.BENEFICIARIES)
    assert categorized.exists()
    assert not Engagement.objects.filter(status="completed", outcome="",
                                         opportunity__organization__registration_number__in=demo.DEMO_ORGANIZATIONS).exists()
