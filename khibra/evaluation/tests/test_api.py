"""The reports API: the organization's hours and their value, its impact figures, a program's
evaluation; for the organization's managers (and keys with reports:read) only."""

import datetime as dt
from decimal import Decimal

import pytest

from khibra.api import services as api_services
from khibra.evaluation.models import HourlyValue, VolunteerSurvey
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import VolunteerProfileFactory, field

from .conftest import approved_hours, engagement_of

pytestmark = pytest.mark.django_db


def key_client(org, admin, scopes):
    _key, secret = api_services.create_api_key(organization=org, by=admin, name="BI", scopes=scopes)
    return ApiClient(secret=secret)


@pytest.fixture
def figures(opportunity, engagement):
    """Three engagements of the program: completed (10 h in March, 4 h in April), withdrawn (2 h),
    active; one pending entry that does not count."""
    from khibra.hours.models import HourEntry

    approved_hours(engagement, "10")
    approved_hours(engagement, "4", day=dt.date(2024, 4, 2))
    withdrawn = engagement_of(opportunity, status="withdrawn")
    approved_hours(withdrawn, "2")
    engagement_of(opportunity, status="active")
    pending = approved_hours(engagement, "7")
    HourEntry.objects.filter(pk=pending.pk).update(status="submitted", reviewed_by=None, reviewed_at=None)
    return engagement


class TestHoursReport:
    def test_hours_and_their_value(self, figures, org_a, manager_a, program):
        response = ApiClient(manager_a).get(f"/organizations/{org_a.pk}/reports/hours/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["total_hours"] == 16.0 and body["currency"] == "SAR"
        assert body["hourly_value"] == 138.0 and body["economic_value"] == 16 * 138.0
        assert body["rates"] == [{"field": None, "year": 2024, "value": 138.0}]
        assert body["by_program"] == [{"program": {"id": program.pk, "name": program.name}, "hours": 16.0, "economic_value": 2208.0}]
        assert body["by_month"] == [
            {"month": "2024-03", "hours": 12.0, "economic_value": 1656.0},
            {"month": "2024-04", "hours": 4.0, "economic_value": 552.0},
        ]
        assert body["volunteers"] == 2

    def test_period_program_and_field_rates(self, figures, org_a, manager_a, program):
        from khibra.hours.models import HourEntry

        finance = field("finance-accounting")
        HourlyValue.objects.create(field=finance, year=2024, value_sar=Decimal("200"))
        HourEntry.objects.filter(date=dt.date(2024, 4, 2)).update(field=finance)
        client = ApiClient(manager_a)
        body = client.get(f"/organizations/{org_a.pk}/reports/hours/", {"from": "2024-04-01", "to": "2024-04-30"}).json()
        assert body["total_hours"] == 4.0 and body["economic_value"] == 800.0 and body["hourly_value"] == 200.0
        assert body["by_field"] == [{"field": {"id": finance.pk, "name": str(finance.name)}, "hours": 4.0, "economic_value": 800.0}]
        whole = client.get(f"/organizations/{org_a.pk}/reports/hours/", {"program": program.pk}).json()
        assert whole["total_hours"] == 16.0 and whole["economic_value"] == 12 * 138.0 + 800.0 and whole["hourly_value"] is None
        assert len(whole["rates"]) == 2

    def test_bad_input_is_named(self, org_a, org_b, manager_a, manager_b):
        from khibra.programs import services as programs

        theirs = programs.create_program(organization=org_b, by=manager_b, name="برنامج", goal="هدف",
                                         starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 2, 1))
        client = ApiClient(manager_a)
        url = f"/organizations/{org_a.pk}/reports/hours/"
        for params, name in (({"program": theirs.pk}, "program"), ({"from": "2024-05-01", "to": "2024-04-01"}, "to"),
                             ({"from": "May"}, "from"), ({"program": 0}, "program")):
            response = client.get(url, params)
            assert response.status_code == 400 and name in error_of(response)["fields"], (params, response.content)

    def test_access(self, figures, org_a, org_b, admin_a, admin_b, supervisor_a, volunteer, staff):
        url = f"/organizations/{org_a.pk}/reports/hours/"
        assert ApiClient(admin_b).get(url).status_code == 404
        assert ApiClient(volunteer).get(url).status_code == 404
        assert ApiClient(staff).get(url).status_code == 404
        assert ApiClient(supervisor_a).get(url).status_code == 403
        assert ApiClient().get(url).status_code == 401
        assert key_client(org_a, admin_a, ["reports:read"]).get(url).json()["total_hours"] == 16.0
        assert key_client(org_a, admin_a, ["engagements:write"]).get(url).status_code == 403
        assert key_client(org_b, admin_b, ["reports:read"]).get(url).status_code == 404


class TestImpact:
    def test_the_figures(self, figures, org_a, manager_a, opportunity):
        VolunteerSurvey.objects.create(volunteer=figures.volunteer, organization=org_a, engagement=figures, year=2024,
                                       answered_at=dt.datetime(2024, 5, 2, tzinfo=dt.UTC), satisfaction=5,
                                       organization_quality=4, training=3, recommend=5)
        VolunteerSurvey.objects.create(volunteer=VolunteerProfileFactory(), organization=org_a, year=2024)
        response = ApiClient(manager_a).get(f"/organizations/{org_a.pk}/reports/impact/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["engagements"], body["completed"], body["withdrawn"], body["active"]) == (3, 1, 1, 1)
        assert body["volunteers"] == 3 and body["completion_rate"] == 50.0 and body["withdrawal_rate"] == 50.0
        assert body["hours"] == 16.0 and body["economic_value"] == 2208.0
        assert body["surveys_sent"] == 2 and body["surveys_answered"] == 1 and body["response_rate"] == 50.0
        assert body["satisfaction"]["average"] == 5.0 and body["satisfaction"]["counts"]["5"] == 1
        assert body["organization_rating"] is None  # too few reviews to stay anonymous
        assert sum(row["count"] for row in body["withdrawal_reasons"]) == 1

    def test_access(self, org_a, admin_b, supervisor_a, org_b, admin_a):
        url = f"/organizations/{org_a.pk}/reports/impact/"
        assert ApiClient(admin_b).get(url).status_code == 404
        assert ApiClient(supervisor_a).get(url).status_code == 403
        assert ApiClient().get(url).status_code == 401
        assert ApiClient(admin_a).get(url).json()["engagements"] == 0
        assert key_client(org_b, admin_b, ["reports:read"]).get(url).status_code == 404


class TestProgramEvaluation:
    def test_the_figures(self, figures, program, manager_a, supervisor_a):
        for user in (manager_a, supervisor_a):  # the supervisor takes part in the program
            response = ApiClient(user).get(f"/programs/{program.pk}/evaluation/")
            assert response.status_code == 200, response.content
            body = response.json()
            assert body["program"] == {"id": program.pk, "name": program.name}
            assert body["hours"] == 16.0 and body["economic_value"] == 2208.0
            assert (body["engagements"], body["closed"], body["completed"]) == (3, 2, 1)
            assert body["evaluation"] is None and body["value_per_staff_hour"] is None

    def test_access(self, program, org_a, admin_b, volunteer, admin_a, org_b):
        from khibra.organizations.models import Membership
        from khibra.testing.factories import MembershipFactory

        url = f"/programs/{program.pk}/evaluation/"
        assert ApiClient(admin_b).get(url).status_code == 404
        assert ApiClient(volunteer).get(url).status_code == 404
        outsider_supervisor = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
        assert ApiClient(outsider_supervisor).get(url).status_code == 404  # not part of this program
        assert ApiClient().get(url).status_code == 401
        assert ApiClient(admin_a).get("/programs/999999/evaluation/").status_code == 404
        assert key_client(org_a, admin_a, ["reports:read"]).get(url).status_code == 200
        assert key_client(org_a, admin_a, ["programs:read"]).get(url).status_code == 403
        assert key_client(org_b, admin_b, ["reports:read"]).get(url).status_code == 404
