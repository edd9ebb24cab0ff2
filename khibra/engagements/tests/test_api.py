"""The engagements API: lists, one engagement, completing/closing, withdrawing, weekly reports."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.api import services as api_services
from khibra.certificates.models import Certificate
from khibra.engagements.models import Engagement, WeeklyReport, WorkItem
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import accept_agreement, approved_hours

pytestmark = pytest.mark.django_db


def accept_all_items(engagement):
    WorkItem.objects.filter(engagement=engagement).update(status=WorkItem.Status.ACCEPTED)


def key_client(org, admin, scopes):
    _key, secret = api_services.create_api_key(organization=org, by=admin, name="HR", scopes=scopes)
    return ApiClient(secret=secret)


class TestLists:
    def test_the_volunteer_lists_their_engagements(self, engagement, volunteer):
        response = ApiClient(volunteer).get("/me/engagements/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == 1
        row = body["results"][0]
        assert row["id"] == engagement.pk and row["role"] == "volunteer" and row["status"] == "active"
        assert row["opportunity"] == {"id": engagement.opportunity_id, "name": engagement.opportunity.title}
        assert row["volunteer"]["id"] == engagement.volunteer_id
        assert row["approved_hours"] == 0 and row["pending_hours"] == 0 and row["certificates"] == []

    def test_status_filter(self, engagement, volunteer):
        client = ApiClient(volunteer)
        assert client.get("/me/engagements/", {"status": "completed"}).json()["count"] == 0
        assert client.get("/me/engagements/", {"status": "active"}).json()["count"] == 1

    def test_a_bad_status_is_named(self, engagement, volunteer):
        response = ApiClient(volunteer, language="en").get("/me/engagements/", {"status": "finished"})
        assert response.status_code == 400 and "status" in error_of(response)["fields"]

    def test_not_a_volunteer_and_anonymous(self, plain_user):
        assert ApiClient(plain_user).get("/me/engagements/").status_code == 404
        assert ApiClient().get("/me/engagements/").status_code == 401

    def test_the_organization_lists_its_engagements(self, engagement, org_a, manager_a, supervisor_a):
        for user, role in ((manager_a, "manager"), (supervisor_a, "supervisor")):
            response = ApiClient(user).get(f"/organizations/{org_a.pk}/engagements/")
            assert response.status_code == 200, response.content
            assert [(row["id"], row["role"]) for row in response.json()["results"]] == [(engagement.pk, role)]

    def test_another_organization_learns_nothing(self, engagement, org_a, admin_b, volunteer):
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/engagements/").status_code == 404
        assert ApiClient(volunteer).get(f"/organizations/{org_a.pk}/engagements/").status_code == 404
        assert ApiClient().get(f"/organizations/{org_a.pk}/engagements/").status_code == 401

    def test_api_keys(self, engagement, org_a, org_b, admin_a, admin_b):
        reader = key_client(org_a, admin_a, ["applications:read"])
        assert reader.get(f"/organizations/{org_a.pk}/engagements/").json()["count"] == 1
        assert reader.get(f"/engagements/{engagement.pk}/").status_code == 200
        assert reader.get("/me/engagements/").status_code == 403  # a key is not a person
        wrong_scope = key_client(org_a, admin_a, ["reports:read"])
        assert wrong_scope.get(f"/organizations/{org_a.pk}/engagements/").status_code == 403
        other = key_client(org_b, admin_b, ["applications:read"])
        assert other.get(f"/organizations/{org_a.pk}/engagements/").status_code == 404
        assert other.get(f"/engagements/{engagement.pk}/").status_code == 404


class TestDetail:
    def test_parties_see_it(self, engagement, volunteer, manager_a, supervisor_a):
        from khibra.hours import services as hours

        hours.log_hours(engagement=engagement, by=volunteer, date=timezone.localdate(), hours=2)
        for user in (volunteer, manager_a, supervisor_a):
            response = ApiClient(user).get(f"/engagements/{engagement.pk}/")
            assert response.status_code == 200, response.content
            assert response.json()["pending_hours"] == 2.0

    def test_others_get_404(self, engagement, other_volunteer, manager_b, staff):
        for user in (other_volunteer, manager_b, staff):
            response = ApiClient(user).get(f"/engagements/{engagement.pk}/")
            assert response.status_code == 404 and error_of(response)["code"] == "not_found"
        assert ApiClient().get(f"/engagements/{engagement.pk}/").status_code == 401
        assert ApiClient(manager_b).get("/engagements/999999/").status_code == 404


class TestComplete:
    def test_completing_issues_the_certificates(self, engagement, manager_a):
        accept_all_items(engagement)
        approved_hours(engagement, by=manager_a)
        response = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/complete/", {"note": "عمل متقن"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "completed" and body["closing_note"] == "عمل متقن"
        kinds = {row["kind"] for row in body["certificates"]}
        assert kinds == {"participation", "achievement"}
        assert Certificate.objects.filter(engagement=engagement).count() == 2
        assert {row.hours for row in Certificate.objects.filter(engagement=engagement)} == {3}

    def test_completing_without_approved_hours_issues_no_certificate(self, engagement, manager_a):
        accept_all_items(engagement)
        response = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/complete/", {})
        assert response.status_code == 200 and response.json()["certificates"] == []
        assert not Certificate.objects.exists()

    def test_completing_waits_for_the_agreement(self, waiting_engagement, manager_a):
        accept_all_items(waiting_engagement)
        response = ApiClient(manager_a).post(f"/engagements/{waiting_engagement.pk}/complete/", {})
        assert response.status_code == 400 and error_of(response)["code"] == "agreement_not_accepted"
        waiting_engagement.refresh_from_db()
        assert waiting_engagement.status == "active" and not Certificate.objects.exists()
        accept_agreement(waiting_engagement)
        response = ApiClient(manager_a).post(f"/engagements/{waiting_engagement.pk}/complete/", {})
        assert response.status_code == 200 and response.json()["status"] == "completed"

    def test_open_items_block_completion(self, engagement, manager_a):
        response = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/complete/", {})
        assert response.status_code == 400 and error_of(response)["code"] == "validation_error"
        engagement.refresh_from_db()
        assert engagement.status == "active" and not Certificate.objects.exists()

    def test_a_note_too_long(self, engagement, manager_a):
        accept_all_items(engagement)
        response = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/complete/", {"note": "x" * 2001})
        assert response.status_code == 400 and "note" in error_of(response)["fields"]
        engagement.refresh_from_db()
        assert engagement.status == "active"

    def test_permissions(self, engagement, volunteer, manager_b):
        accept_all_items(engagement)
        assert ApiClient(volunteer).post(f"/engagements/{engagement.pk}/complete/", {}).status_code == 403
        assert ApiClient(manager_b).post(f"/engagements/{engagement.pk}/complete/", {}).status_code == 404
        assert ApiClient().post(f"/engagements/{engagement.pk}/complete/", {}).status_code == 401
        engagement.refresh_from_db()
        assert engagement.status == "active"

    def test_api_key_needs_engagements_write(self, engagement, org_a, admin_a):
        accept_all_items(engagement)
        reader = key_client(org_a, admin_a, ["applications:read"])
        assert reader.post(f"/engagements/{engagement.pk}/complete/", {}).status_code == 403
        writer = key_client(org_a, admin_a, ["engagements:write"])
        response = writer.post(f"/engagements/{engagement.pk}/complete/", {})
        assert response.status_code == 200 and response.json()["status"] == "completed"

    def test_close_not_completed(self, engagement, supervisor_a):
        client = ApiClient(supervisor_a)
        bad = client.post(f"/engagements/{engagement.pk}/close/", {"outcome": "maybe"})
        assert bad.status_code == 400 and "outcome" in error_of(bad)["fields"]
        response = client.post(f"/engagements/{engagement.pk}/close/", {"outcome": "not_completed", "note": "توقف"})
        assert response.status_code == 200 and response.json()["status"] == "not_completed"
        # A participation certificate needs a completed engagement (with approved hours).
        assert response.json()["certificates"] == []


class TestWithdraw:
    def test_the_volunteer_withdraws(self, engagement, volunteer):
        response = ApiClient(volunteer).post(f"/engagements/{engagement.pk}/withdraw/", {"category": "workload", "reason": "ضغط العمل"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "withdrawn" and body["withdrawal_reason"] == "workload"

    def test_a_bad_category_writes_nothing(self, engagement, volunteer):
        response = ApiClient(volunteer).post(f"/engagements/{engagement.pk}/withdraw/", {"category": "bored"})
        assert response.status_code == 400 and "category" in error_of(response)["fields"]
        assert Engagement.objects.get(pk=engagement.pk).status == "active"
        too_long = ApiClient(volunteer).post(f"/engagements/{engagement.pk}/withdraw/", {"category": "other", "reason": "x" * 501})
        assert too_long.status_code == 400 and "reason" in error_of(too_long)["fields"]

    def test_only_the_volunteer(self, engagement, manager_a, other_volunteer):
        assert ApiClient(manager_a).post(f"/engagements/{engagement.pk}/withdraw/", {"category": "other"}).status_code == 403
        assert ApiClient(other_volunteer).post(f"/engagements/{engagement.pk}/withdraw/", {"category": "other"}).status_code == 404
        assert Engagement.objects.get(pk=engagement.pk).status == "active"


class TestWeeklyReports:
    def payload(self, **values):
        return {"week_of": timezone.localdate().isoformat(), "done": "حللت المتطلبات", "hours_spent": "٥", **values}

    def test_send_and_read(self, engagement, volunteer, manager_a):
        response = ApiClient(volunteer).post(f"/engagements/{engagement.pk}/reports/", self.payload())
        assert response.status_code == 201, response.content
        assert response.json()["hours_spent"] == 5.0
        listed = ApiClient(manager_a).get(f"/engagements/{engagement.pk}/reports/")
        assert listed.status_code == 200 and listed.json()["count"] == 1

    def test_bad_input_is_named(self, engagement, volunteer):
        client = ApiClient(volunteer)
        future = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
        response = client.post(f"/engagements/{engagement.pk}/reports/", self.payload(week_of=future))
        assert response.status_code == 400 and "week_of" in error_of(response)["fields"]
        response = client.post(f"/engagements/{engagement.pk}/reports/", self.payload(hours_spent=500))
        assert response.status_code == 400 and "hours_spent" in error_of(response)["fields"]
        response = client.post(f"/engagements/{engagement.pk}/reports/", {"week_of": "2026-01-01"})
        assert response.status_code == 400 and {"done", "hours_spent"} <= set(error_of(response)["fields"])
        assert not WeeklyReport.objects.exists()

    def test_permissions(self, engagement, manager_a, manager_b):
        assert ApiClient(manager_a).post(f"/engagements/{engagement.pk}/reports/", self.payload()).status_code == 403
        assert ApiClient(manager_b).post(f"/engagements/{engagement.pk}/reports/", self.payload()).status_code == 404
        assert ApiClient(manager_b).get(f"/engagements/{engagement.pk}/reports/").status_code == 404
        assert not WeeklyReport.objects.exists()


class TestWorkItems:
    def test_start_submit_review_then_complete(self, engagement, volunteer, manager_a):
        volunteer_client, manager_client = ApiClient(volunteer), ApiClient(manager_a)
        items = volunteer_client.get(f"/engagements/{engagement.pk}/work-items/").json()
        assert items and all(item["status"] == "not_started" for item in items)
        for item in sorted(items, key=lambda item: item["kind"] != "task"):  # the final deliverable after the tasks
            base = f"/engagements/{engagement.pk}/work-items/{item['id']}"
            if item["kind"] == "task":
                assert volunteer_client.post(f"{base}/start/").status_code == 200
            submitted = volunteer_client.post(f"{base}/submit/", {"link": "https://example.sa/report.pdf", "note": "جاهز"})
            assert submitted.status_code == 200, submitted.content
            assert submitted.json()["status"] == "submitted" and submitted.json()["last_link"] == "https://example.sa/report.pdf"
            reviewed = manager_client.post(f"{base}/review/", {"decision": "accept"})
            assert reviewed.status_code == 200 and reviewed.json()["status"] == "accepted"
        done = manager_client.post(f"/engagements/{engagement.pk}/complete/", {"note": ""})
        assert done.status_code == 200, done.content and done.json()["status"] == "completed"

    def test_bad_input_and_wrong_side(self, engagement, volunteer, manager_a):
        item = WorkItem.objects.filter(engagement=engagement).first()
        base = f"/engagements/{engagement.pk}/work-items/{item.pk}"
        response = ApiClient(volunteer, language="en").post(f"{base}/submit/", {"link": "not a link"})
        assert response.status_code == 400 and "link" in error_of(response)["fields"]
        assert not item.submissions.exists()
        assert ApiClient(manager_a).post(f"{base}/submit/", {"link": "https://example.sa"}).status_code == 403
        assert ApiClient(volunteer).post(f"{base}/review/", {"decision": "accept"}).status_code == 403
        # Changes need a comment; nothing was submitted, so the service refuses either way.
        assert ApiClient(manager_a).post(f"{base}/review/", {"decision": "maybe"}).status_code == 400

    def test_other_organization_and_anonymous(self, engagement, admin_b):
        item = WorkItem.objects.filter(engagement=engagement).first()
        assert ApiClient(admin_b).get(f"/engagements/{engagement.pk}/work-items/").status_code == 404
        assert ApiClient(admin_b).post(f"/engagements/{engagement.pk}/work-items/{item.pk}/review/", {"decision": "accept"}).status_code == 404
        assert ApiClient().get(f"/engagements/{engagement.pk}/work-items/").status_code == 401


class TestImpactOnClose:
    def test_complete_records_what_changed_and_beneficiaries(self, engagement, manager_a):
        accept_all_items(engagement)
        response = ApiClient(manager_a).post(
            f"/engagements/{engagement.pk}/complete/", {"what_changed": "سُجّل 40 مستفيدًا في النظام الجديد", "beneficiaries_reached": 40}
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["outcome"] == "سُجّل 40 مستفيدًا في النظام الجديد" and body["beneficiaries_reached"] == 40
        engagement.refresh_from_db()
        assert engagement.beneficiaries_reached == 40

    def test_bad_count_is_refused_and_nothing_closes(self, engagement, manager_a):
        accept_all_items(engagement)
        response = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/close/", {"outcome": "completed", "beneficiaries_reached": -1})
        assert response.status_code == 400 and "beneficiaries_reached" in error_of(response)["fields"]
        engagement.refresh_from_db()
        assert engagement.status == "active"
