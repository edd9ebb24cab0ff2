"""The hours API: logging, correcting and deleting (the volunteer), approving and returning (the
organization), the review queue; with the web's access rules."""

import datetime as dt
from decimal import Decimal

import pytest

from khibra.api import services as api_services
from khibra.hours.models import HourEntry
from khibra.testing.api import ApiClient, error_of

from .conftest import TODAY, log

pytestmark = pytest.mark.django_db


def day(days_ago: int = 1) -> str:
    return (TODAY() - dt.timedelta(days=days_ago)).isoformat()


def key_client(org, admin, scopes):
    _key, secret = api_services.create_api_key(organization=org, by=admin, name="HR", scopes=scopes)
    return ApiClient(secret=secret)


class TestLog:
    def test_the_volunteer_logs_hours(self, engagement, volunteer):
        task = engagement.opportunity.tasks.first()
        response = ApiClient(volunteer).post(
            f"/engagements/{engagement.pk}/hours/", {"date": day(2), "hours": "٢٫٥", "task": task.pk, "note": "تحليل"}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["hours"] == 2.5 and body["status"] == "submitted" and body["task"]["id"] == task.pk and body["editable"]
        entry = HourEntry.objects.get(pk=body["id"])
        assert entry.organization_id == engagement.opportunity.organization_id

    def test_bad_input_names_the_field_and_writes_nothing(self, engagement, volunteer):
        client = ApiClient(volunteer, language="en")
        url = f"/engagements/{engagement.pk}/hours/"
        future = (TODAY() + dt.timedelta(days=3)).isoformat()
        cases = [
            ({"date": future, "hours": 2}, "date"),
            ({"date": day(), "hours": 30}, "hours"),
            ({"date": day(), "hours": 2, "task": 999999}, "task"),
            ({"date": "yesterday", "hours": 2}, "date"),
            ({"hours": 2}, "date"),
            ({"date": day(), "hours": "x" * 50}, "hours"),
        ]
        for payload, field in cases:
            response = client.post(url, payload)
            assert response.status_code == 400, (payload, response.content)
            assert field in error_of(response)["fields"], (payload, response.json())
        assert not HourEntry.objects.exists()

    def test_far_over_the_plan_needs_a_confirmation(self, engagement, volunteer):
        # The plan is 5 hours a week: 11 hours in one day is more than twice that.
        client = ApiClient(volunteer)
        response = client.post(f"/engagements/{engagement.pk}/hours/", {"date": day(7), "hours": 11})
        assert response.status_code == 400 and "hours" in error_of(response)["fields"]
        response = client.post(f"/engagements/{engagement.pk}/hours/", {"date": day(7), "hours": 11, "confirm_over_plan": True})
        assert response.status_code == 201 and response.json()["over_plan"] is True

    def test_only_the_volunteer_logs(self, engagement, supervisor_a, manager_b, other_volunteer):
        url = f"/engagements/{engagement.pk}/hours/"
        assert ApiClient(supervisor_a).post(url, {"date": day(), "hours": 1}).status_code == 403
        assert ApiClient(manager_b).post(url, {"date": day(), "hours": 1}).status_code == 404
        assert ApiClient(other_volunteer).post(url, {"date": day(), "hours": 1}).status_code == 404
        assert ApiClient().post(url, {"date": day(), "hours": 1}).status_code == 401
        assert not HourEntry.objects.exists()

    def test_parties_read_the_hours(self, entry, engagement, volunteer, supervisor_a, manager_a, manager_b, other_volunteer):
        for user in (volunteer, supervisor_a, manager_a):
            response = ApiClient(user).get(f"/engagements/{engagement.pk}/hours/")
            assert response.status_code == 200 and [row["id"] for row in response.json()["results"]] == [entry.pk]
        for user in (manager_b, other_volunteer):
            assert ApiClient(user).get(f"/engagements/{engagement.pk}/hours/").status_code == 404


class TestCorrect:
    def test_the_volunteer_corrects_returned_hours(self, entry, volunteer, supervisor_a):
        from khibra.hours import services

        services.return_hours(entry=entry, by=supervisor_a, reason="التاريخ غير صحيح")
        response = ApiClient(volunteer).patch(f"/hours/{entry.pk}/", {"hours": 3, "date": day(3)})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["hours"] == 3.0 and body["status"] == "submitted" and body["return_reason"] == ""
        assert body["note"] == entry.note  # what was not sent is kept

    def test_bad_correction_changes_nothing(self, entry, volunteer):
        response = ApiClient(volunteer).patch(f"/hours/{entry.pk}/", {"hours": 0})
        assert response.status_code == 400 and "hours" in error_of(response)["fields"]
        assert HourEntry.objects.get(pk=entry.pk).hours == Decimal("2")

    def test_approved_hours_are_final(self, entry, volunteer, supervisor_a):
        from khibra.hours import services

        services.approve_hours(entry=entry, by=supervisor_a)
        client = ApiClient(volunteer)
        assert client.patch(f"/hours/{entry.pk}/", {"hours": 3}).status_code == 400
        assert client.delete(f"/hours/{entry.pk}/").status_code == 400
        assert HourEntry.objects.get(pk=entry.pk).hours == Decimal("2")

    def test_delete(self, entry, volunteer):
        assert ApiClient(volunteer).delete(f"/hours/{entry.pk}/").status_code == 204
        assert not HourEntry.objects.exists()

    def test_others_cannot_correct(self, entry, supervisor_a, manager_b, other_volunteer):
        assert ApiClient(supervisor_a).patch(f"/hours/{entry.pk}/", {"hours": 3}).status_code == 403
        assert ApiClient(supervisor_a).delete(f"/hours/{entry.pk}/").status_code == 403
        for user in (manager_b, other_volunteer):
            assert ApiClient(user).patch(f"/hours/{entry.pk}/", {"hours": 3}).status_code == 404
            assert ApiClient(user).delete(f"/hours/{entry.pk}/").status_code == 404
            assert ApiClient(user).get(f"/hours/{entry.pk}/").status_code == 404
        assert ApiClient().delete(f"/hours/{entry.pk}/").status_code == 401
        assert HourEntry.objects.get(pk=entry.pk).hours == Decimal("2")


class TestReview:
    def test_approve(self, entry, supervisor_a):
        response = ApiClient(supervisor_a).post(f"/hours/{entry.pk}/approve/")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "approved" and not response.json()["editable"]
        again = ApiClient(supervisor_a).post(f"/hours/{entry.pk}/approve/")
        assert again.status_code == 400

    def test_return_needs_a_reason(self, entry, manager_a):
        client = ApiClient(manager_a)
        response = client.post(f"/hours/{entry.pk}/return/", {"reason": "  "})
        assert response.status_code == 400 and "reason" in error_of(response)["fields"]
        assert HourEntry.objects.get(pk=entry.pk).status == "submitted"
        response = client.post(f"/hours/{entry.pk}/return/", {"reason": "الساعات أكثر من المتفق"})
        assert response.status_code == 200 and response.json()["status"] == "returned"

    def test_who_reviews(self, entry, volunteer, manager_b, other_volunteer):
        assert ApiClient(volunteer).post(f"/hours/{entry.pk}/approve/").status_code == 403
        assert ApiClient(manager_b).post(f"/hours/{entry.pk}/approve/").status_code == 404
        assert ApiClient(other_volunteer).post(f"/hours/{entry.pk}/return/", {"reason": "لا"}).status_code == 404
        assert ApiClient().post(f"/hours/{entry.pk}/approve/").status_code == 401
        assert HourEntry.objects.get(pk=entry.pk).status == "submitted"

    def test_api_keys(self, entry, org_a, org_b, admin_a, admin_b):
        reader = key_client(org_a, admin_a, ["reports:read"])
        assert reader.get(f"/organizations/{org_a.pk}/hours/", {"status": "pending"}).json()["count"] == 1
        assert reader.post(f"/hours/{entry.pk}/approve/").status_code == 403
        writer = key_client(org_a, admin_a, ["engagements:write"])
        assert writer.post(f"/hours/{entry.pk}/approve/").json()["status"] == "approved"
        assert key_client(org_a, admin_a, ["applications:read"]).get(f"/organizations/{org_a.pk}/hours/").status_code == 403
        assert key_client(org_b, admin_b, ["engagements:write"]).get(f"/organizations/{org_a.pk}/hours/").status_code == 404


class TestQueue:
    def test_the_queue(self, engagement, other_engagement, supervisor_a, manager_a, org_a):
        first = log(engagement, days_ago=3)
        second = log(other_engagement, days_ago=2)
        from khibra.hours import services

        services.approve_hours(entry=second, by=manager_a)
        client = ApiClient(supervisor_a)
        pending = client.get(f"/organizations/{org_a.pk}/hours/", {"status": "pending"})
        assert pending.status_code == 200 and [row["id"] for row in pending.json()["results"]] == [first.pk]
        everything = client.get(f"/organizations/{org_a.pk}/hours/")
        assert everything.json()["count"] == 2
        only = client.get(f"/organizations/{org_a.pk}/hours/", {"engagement": other_engagement.pk})
        assert [row["id"] for row in only.json()["results"]] == [second.pk]

    def test_bad_filter(self, org_a, manager_a):
        response = ApiClient(manager_a).get(f"/organizations/{org_a.pk}/hours/", {"status": "waiting"})
        assert response.status_code == 400 and "status" in error_of(response)["fields"]

    def test_outsiders(self, entry, org_a, admin_b, volunteer):
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/hours/").status_code == 404
        assert ApiClient(volunteer).get(f"/organizations/{org_a.pk}/hours/").status_code == 404
        assert ApiClient().get(f"/organizations/{org_a.pk}/hours/").status_code == 401

    def test_a_member_who_reviews_nothing(self, entry, org_a):
        from khibra.organizations.models import Membership
        from khibra.testing.factories import MembershipFactory

        other_supervisor = MembershipFactory(organization=org_a, role=Membership.Role.SUPERVISOR).user
        assert ApiClient(other_supervisor).get(f"/organizations/{org_a.pk}/hours/").status_code == 404
        assert ApiClient(other_supervisor).post(f"/hours/{entry.pk}/approve/").status_code == 404
