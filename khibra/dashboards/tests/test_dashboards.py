"""The three dashboards checked figure by figure against the known world of conftest.py, their
access matrix (pages, API, downloads) and a fixed number of queries as the data grows."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from khibra.dashboards import selectors
from khibra.evaluation.models import VolunteerSurvey
from khibra.testing.api import ApiClient
from khibra.testing.factories import OpportunityFactory, VolunteerProfileFactory

from .conftest import _engagement, hours, month_start

pytestmark = pytest.mark.django_db

D = Decimal


def counts(rows) -> dict:
    return {row.key: row.count for row in rows}


# --- the organization ---------------------------------------------------------------------------


def test_it_computes_the_organization_figures(world):
    d = selectors.organization_dashboard(world.org_a)
    assert counts(d.programs) == {"upcoming": 0, "running": 1, "ended": 1}
    assert counts(d.opportunities) == {"draft": 1, "ready": 0, "published": 1, "closed": 1, "completed": 1, "cancelled": 0}
    r = d.recruitment
    assert (r.filled_opportunities, r.median_days_to_fill, r.average_days_to_fill) == (2, 4.5, 4.5)
    assert (r.seats_offered, r.seats_filled, r.fill_rate) == (5, 4, 80.0)
    assert (r.engagements_closed, r.engagements_completed, r.completion_rate) == (3, 2, 66.7)
    v = d.valuation
    assert (v.hours, v.professional_hours) == (D("18"), D("10"))
    assert v.national_value == 18 * D("150")
    assert v.market_value == 10 * D("450") + 8 * D("150")
    assert {(rate.value, rate.hours) for rate in v.market_rates} == {(D("450"), D("10"))}
    assert sum(rate.hours for rate in v.national_rates) == D("18")
    by_month = {m.label: m.hours for m in d.months}
    assert len(d.months) == 12 and d.months[-1].label == world.today.strftime("%Y-%m")
    assert by_month[d.months[-1].label] == D("10")
    assert by_month[month_start(world.today, 1).strftime("%Y-%m")] == D("5")
    assert by_month[month_start(world.today, 2).strftime("%Y-%m")] == D("3")
    assert d.beneficiaries.by_category()["individuals"] == 30 and d.beneficiaries.reached == 30
    assert d.care.active == 1
    assert not d.surveys.shown


def test_survey_scores_appear_only_from_the_minimum_number_of_answers(world, settings):
    settings.MIN_REVIEWS_TO_SHOW = 2
    e1, e2 = world.engagements["e1"], world.engagements["e2"]
    answers = dict(satisfaction=5, organization_quality=4, training=3, recommend=5)
    VolunteerSurvey.objects.create(volunteer=e1.volunteer, organization=world.org_a, engagement=e1, year=2025, answered_at=e1.created_at, **answers)
    assert not selectors.organization_dashboard(world.org_a).surveys.shown
    VolunteerSurvey.objects.create(volunteer=e2.volunteer, organization=world.org_a, engagement=e2, year=2025, answered_at=e2.created_at,
                                   **{**answers, "training": 4})
    surveys = selectors.organization_dashboard(world.org_a).surveys
    assert surveys.shown and surveys.count == 2
    assert surveys.averages == {"satisfaction": 5.0, "organization_quality": 4.0, "training": 3.5, "recommend": 5.0}


def test_the_organization_page_shows_the_figures_tables_charts_and_downloads(client, world, manager_a):
    client.force_login(manager_a)
    response = client.get("/en" + reverse("dashboards:organization", args=[world.org_a.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="figure-hours">18<' in content
    assert 'id="figure-value-national">2,700<' in content and 'id="figure-value-market">5,700<' in content
    assert 'id="figure-fill-rate">80%<' in content or 'id="figure-fill-rate">80.0%<' in content
    assert 'id="definition-time-to-fill"' in content
    for name in ("programs", "opportunities", "recruitment", "value", "rates", "beneficiaries", "months"):
        assert f'id="table-dashboard_org_{name}"' in content
        assert f'id="export-dashboard_org_{name}-xlsx"' in content and f'id="export-dashboard_org_{name}-csv"' in content
    assert content.count('role="img"') >= 4
    assert 'id="surveys-hidden"' in content


def test_the_organization_page_links_to_the_dashboard(client, world, manager_a):
    client.force_login(manager_a)
    content = client.get(reverse("organizations:detail", args=[world.org_a.slug])).content.decode()
    assert reverse("dashboards:organization", args=[world.org_a.slug]) in content and 'id="dashboard-link"' in content


def test_other_organizations_and_other_roles_cannot_see_the_dashboard(client, world, manager_b, supervisor_a, volunteer):
    url = reverse("dashboards:organization", args=[world.org_a.slug])
    for user, status in ((manager_b, 404), (volunteer, 404), (world.coordinator_p, 404), (supervisor_a, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(world.coordinator_p)  # a provider has its own dashboard, not this one
    assert client.get(reverse("dashboards:organization", args=[world.provider_p.slug])).status_code == 404
    assert ApiClient(manager_b).get(f"/organizations/{world.org_a.pk}/dashboard/").status_code == 404
    assert ApiClient(supervisor_a).get(f"/organizations/{world.org_a.pk}/dashboard/").status_code == 403


def test_the_organization_api_gives_the_same_figures(world, manager_a):
    body = ApiClient(manager_a, language="en").get(f"/organizations/{world.org_a.pk}/dashboard/").json()
    assert body["organization"]["id"] == world.org_a.pk
    assert body["recruitment"]["median_days_to_fill"] == 4.5 and body["recruitment"]["fill_rate"] == 80.0
    assert body["recruitment"]["completion_rate"] == 66.7
    assert body["value"]["hours"] == 18.0 and body["value"]["economic_value"] == 2700.0
    assert body["value"]["economic_value_market"] == 5700.0 and body["value"]["currency"] == "SAR"
    assert {(r["kind"], r["value"]) for r in body["value"]["rates"]} >= {("market", 450.0), ("national", 150.0)}
    assert len(body["months"]) == 12 and body["months"][-1]["hours"] == 10.0
    assert body["beneficiaries_reached"] == 30
    assert {row["key"]: row["count"] for row in body["programs"]} == {"upcoming": 0, "running": 1, "ended": 1}
    assert body["surveys"]["shown"] is False and body["surveys"]["satisfaction"] is None


def test_organization_downloads_follow_the_page_rules(client, world, manager_a, manager_b):
    client.force_login(manager_a)
    data = {"kind": "dashboard_org_months", "organization": world.org_a.slug, "params": "{}", "format": "csv"}
    response = client.post("/en" + reverse("exports:new"), data)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Month,Approved hours") and len(lines) == 13
    client.force_login(manager_b)
    assert client.post("/en" + reverse("exports:new"), data).status_code in (400, 404)
    from django.http import Http404

    from khibra.exports import services as export_services

    with pytest.raises(Http404):
        export_services.prepare(kind="dashboard_org_months", params={}, by=manager_b, organization=world.org_a)
    with pytest.raises(Http404):
        export_services.prepare(kind="dashboard_provider_months", params={}, by=manager_a, organization=world.org_a)


# --- the provider -------------------------------------------------------------------------------


def test_it_computes_the_provider_figures(world):
    d = selectors.provider_dashboard(world.provider_p)
    assert d.summary.members_verified == 2 and d.members_active == 1
    assert d.valuation.hours == D("10") and d.summary.paid_hours == D("10")
    assert d.valuation.national_value == D("1500") and d.valuation.market_value == D("4500")
    assert [(row.organization_id, row.hours, row.partner) for row in d.partners] == [(world.org_a.pk, D("10"), False)]
    assert d.months[-1].hours == D("10") and sum(m.hours for m in d.months) == D("10")
    q = selectors.provider_dashboard(world.provider_q)
    assert q.valuation.hours == D("7") and q.valuation.market_value == D("1050") and q.members_active == 0
    assert [row.organization_id for row in q.partners] == [world.org_b.pk]


def test_a_coordinator_sees_only_their_own_provider(client, world):
    client.force_login(world.coordinator_q)
    assert client.get(reverse("dashboards:provider", args=[world.provider_p.slug])).status_code == 404
    response = client.get("/en" + reverse("dashboards:provider", args=[world.provider_q.slug]))
    assert response.status_code == 200
    assert 'id="figure-hours">7<' in response.content.decode()
    api = ApiClient(world.coordinator_q)
    assert api.get(f"/organizations/{world.provider_p.pk}/provider/dashboard/").status_code == 404
    body = api.get(f"/organizations/{world.provider_q.pk}/provider/dashboard/").json()
    assert body["value"]["hours"] == 7.0 and [o["organization"]["id"] for o in body["organizations"]] == [world.org_b.pk]


def test_the_provider_page_and_api_give_the_figures(client, world, manager_a):
    client.force_login(world.coordinator_p)
    content = client.get("/en" + reverse("dashboards:provider", args=[world.provider_p.slug])).content.decode()
    assert 'id="figure-members-active">1<' in content and 'id="figure-paid-hours">10<' in content
    assert 'id="figure-value-market">4,500<' in content
    for name in ("figures", "organizations", "months", "rates"):
        assert f'id="export-dashboard_provider_{name}-xlsx"' in content
    assert 'id="nav-dashboard"' in content
    body = ApiClient(world.coordinator_p).get(f"/organizations/{world.provider_p.pk}/provider/dashboard/").json()
    assert (body["members_verified"], body["members_active"], body["paid_hours"]) == (2, 1, 10.0)
    assert body["value"]["economic_value"] == 1500.0 and body["value"]["economic_value_market"] == 4500.0
    # A non-profit has no provider dashboard.
    client.force_login(manager_a)
    assert client.get(reverse("dashboards:provider", args=[world.org_a.slug])).status_code == 404
    assert ApiClient(manager_a).get(f"/organizations/{world.org_a.pk}/provider/dashboard/").status_code == 404


# --- the sector ---------------------------------------------------------------------------------


def test_it_computes_the_sector_figures(world):
    d = selectors.sector_dashboard()
    assert d.volunteers == 5
    assert counts(d.levels) == {"general": 2, "skilled": 1, "professional": 2}
    assert counts(d.genders) == {"female": 2, "male": 2}
    assert counts(d.ages) == {"0": 0, "1": 1, "2": 1, "3": 1, "4": 1, "5": 0, "6": 0, "unknown": 1}  # 18–24 … 45–54, not given
    assert sum(row.count for row in d.ages) == 5
    cities = {row.pk: row.volunteers for row in d.cities}
    assert sorted(cities.values()) == [2, 2]
    fields = {row.pk: row for row in d.fields}
    finance = fields[world.opportunities["o1"].fields.get().pk]
    digital = fields[world.opportunities["o2"].fields.get().pk]
    assert (finance.volunteers, finance.open_opportunities, finance.open_seats, finance.demand, finance.shortage) == (3, 2, 3, 3, False)
    assert (finance.opportunities, finance.hours) == (2, D("17"))
    assert (digital.volunteers, digital.open_needs, digital.needed_by_needs, digital.demand, digital.shortage) == (2, 1, 4, 4, True)
    assert (digital.opportunities, digital.hours) == (2, D("8"))
    assert [row.pk for row in d.shortages] == [digital.pk]
    assert d.valuation.hours == D("25")
    assert d.valuation.national_value == D("3750") and d.valuation.market_value == D("4500") + 15 * D("150")
    assert sum(m.new_volunteers for m in d.months) == 5
    assert sum(m.opportunities_published for m in d.months) == 4
    assert d.months[-1].hours == D("17")
    assert [(row.pk, row.hours, row.volunteers) for row in d.top_organizations] == [(world.org_a.pk, D("18"), 3), (world.org_b.pk, D("7"), 1)]
    assert [(row.pk, row.hours) for row in d.top_providers] == [(world.provider_p.pk, D("10")), (world.provider_q.pk, D("7"))]
    assert d.verification_queue == 1
    regions = {row.pk: row for row in d.regions}
    assert sum(row.volunteers for row in d.regions) == 4
    assert sum(row.opportunities for row in d.regions) == 4  # o3 was never published
    assert sum(row.hours for row in regions.values()) == D("25")


def test_only_staff_see_the_sector(client, world, staff, manager_a, plain_user):
    url = reverse("dashboards:sector")
    for user in (manager_a, plain_user, world.coordinator_p):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert ApiClient(user).get("/sector/dashboard/").status_code == 404
    client.force_login(staff)
    content = client.get("/en" + url).content.decode()
    assert 'id="figure-volunteers">5<' in content and 'id="figure-verification-queue">1<' in content
    assert reverse("organizations:review_queue") in content
    for name in ("levels", "genders", "ages", "regions", "cities", "fields", "needs", "months", "top_organizations", "top_providers", "rates"):
        assert f'id="export-dashboard_sector_{name}-xlsx"' in content
    assert 'id="nav-sector"' in content
    assert client.get(url).status_code == 200  # and in Arabic (right to left)
    body = ApiClient(staff).get("/sector/dashboard/").json()
    assert body["volunteers"] == 5 and body["verification_queue"] == 1
    assert body["value"]["economic_value"] == 3750.0
    assert [f["field"]["id"] for f in body["fields"] if f["shortage"]] == [world.opportunities["o2"].fields.get().pk]


def test_sector_downloads_are_for_staff_only(client, world, staff, manager_a):
    data = {"kind": "dashboard_sector_levels", "params": "{}", "format": "csv"}
    client.force_login(staff)
    response = client.post("/en" + reverse("exports:new"), data)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode("utf-8-sig")
    assert body.strip().splitlines() == ["Volunteering level,Volunteers", "General volunteering,2", "Skilled volunteering,1", "Professional volunteering,2"]
    client.force_login(manager_a)
    assert client.post("/en" + reverse("exports:new"), data).status_code in (400, 404)


# --- queries do not grow with the data ----------------------------------------------------------


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def _more_data(world):
    org_a, org_b = world.org_a, world.org_b
    for index in range(4):
        profile = VolunteerProfileFactory(gender="female", birth_date=dt.date(1990, 1, 1))
        opportunity = OpportunityFactory(organization=org_a if index % 2 else org_b, status="published",
                                         published_at=world.opportunities["o1"].published_at, created_by=world.opportunities["o1"].created_by)
        engagement = _engagement(opportunity, profile, "completed", reached=index)
        hours(engagement, "2", month_start(world.today, index), provider=world.provider_p if index % 2 else world.provider_q)


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    before = [
        _queries(lambda: selectors.organization_dashboard(world.org_a)),
        _queries(lambda: selectors.provider_dashboard(world.provider_p)),
        _queries(lambda: selectors.sector_dashboard()),
    ]
    _more_data(world)
    after = [
        _queries(lambda: selectors.organization_dashboard(world.org_a)),
        _queries(lambda: selectors.provider_dashboard(world.provider_p)),
        _queries(lambda: selectors.sector_dashboard()),
    ]
    assert before == after


# --- the demo world -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_the_demo_world_fills_every_dashboard():
    from khibra.demo import loader
    from khibra.organizations.models import Organization

    loader.load()
    nonprofit = Organization.objects.get(memberships__user__email=loader.data.email("rabee.admin"))
    company = Organization.objects.get(kind="company", registration_number="2051048327")
    org = selectors.organization_dashboard(nonprofit)
    assert org.opportunities_total > 0 and org.programs_total > 0 and org.valuation.hours > 0
    assert org.valuation.national_value > 0 and org.valuation.market_value >= org.valuation.national_value
    assert any(month.hours for month in org.months)
    provider = selectors.provider_dashboard(company)
    assert provider.summary.members_verified > 0 and provider.valuation.hours > 0 and provider.partners
    assert any(month.hours for month in provider.months)
    sector = selectors.sector_dashboard()
    assert sector.volunteers >= 40 and sector.valuation.hours > 0 and sector.top_organizations and sector.top_providers
    assert any(row.volunteers for row in sector.fields) and any(month.new_volunteers for month in sector.months)
    assert sum(row.count for row in sector.genders) > 0
