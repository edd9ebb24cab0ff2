import pytest

from khibra.api import services as api_services
from khibra.programs.models import Need, NeedStatus, Program
from khibra.programs.readiness import CRITERIA
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import field

PROGRAM = {"name": "برنامج ١٤٤٨", "goal": "سد الفجوات.", "starts_on": "2026-01-01", "ends_on": "2026-06-30"}


@pytest.mark.django_db
class TestPrograms:
    def test_create_and_read_with_steps(self, org_a, manager_a):
        client = ApiClient(manager_a, language="en")
        response = client.post(f"/organizations/{org_a.pk}/programs/", PROGRAM)
        assert response.status_code == 201, response.content
        body = response.json()
        assert [step["number"] for step in body["steps"]] == list(range(1, 10))
        assert body["steps"][0]["status"] == "not_started" and body["steps"][0]["missing"]
        assert body["can_manage"] and body["steps_done"] == 0
        listed = client.get(f"/organizations/{org_a.pk}/programs/").json()
        assert [row["id"] for row in listed["results"]] == [body["id"]]
        assert client.get(f"/programs/{body['id']}/").json()["name"] == PROGRAM["name"]

    def test_hijri_dates_and_bad_input(self, org_a, manager_a):
        client = ApiClient(manager_a)
        bad = client.post(f"/organizations/{org_a.pk}/programs/", {**PROGRAM, "ends_on": "2025-01-01", "name": " "})
        assert bad.status_code == 400 and {"ends_on", "name"} <= set(error_of(bad)["fields"])
        missing = client.post(f"/organizations/{org_a.pk}/programs/", {"name": "x"})
        assert missing.status_code == 400 and {"goal", "starts_on", "ends_on"} <= set(error_of(missing)["fields"])
        assert not Program.objects.exists()
        hijri = client.post(f"/organizations/{org_a.pk}/programs/", {**PROGRAM, "starts_on": "1447-07-12"})
        assert hijri.status_code == 201

    def test_patch(self, program, manager_a):
        response = ApiClient(manager_a).patch(f"/programs/{program.pk}/", {"goal": "هدف جديد"})
        assert response.status_code == 200 and response.json()["goal"] == "هدف جديد"
        bad = ApiClient(manager_a).patch(f"/programs/{program.pk}/", {"ends_on": "2020-01-01"})
        assert bad.status_code == 400 and "ends_on" in error_of(bad)["fields"]
        program.refresh_from_db()
        assert program.goal == "هدف جديد"

    def test_permissions(self, org_a, program, supervisor_a, manager_b, program_b):
        assert ApiClient(supervisor_a).post(f"/organizations/{org_a.pk}/programs/", PROGRAM).status_code == 403
        assert ApiClient(supervisor_a).get(f"/programs/{program.pk}/").status_code == 404  # not part of it
        assert ApiClient(supervisor_a).get(f"/organizations/{org_a.pk}/programs/").json()["count"] == 0
        assert ApiClient(manager_b).get(f"/programs/{program.pk}/").status_code == 404
        assert ApiClient(manager_b).patch(f"/programs/{program.pk}/", {"goal": "x"}).status_code == 404
        assert ApiClient(manager_b).get(f"/organizations/{org_a.pk}/programs/").status_code == 404
        assert ApiClient().get(f"/programs/{program.pk}/").status_code == 401
        assert Program.objects.count() == 2

    def test_api_key_scopes(self, org_a, org_b, admin_a, program, program_b):
        _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["programs:read"])
        client = ApiClient(secret=secret)
        assert client.get(f"/programs/{program.pk}/").status_code == 200
        assert client.patch(f"/programs/{program.pk}/", {"goal": "x"}).status_code == 403
        assert client.get(f"/programs/{program_b.pk}/").status_code == 404
        _key, other = api_services.create_api_key(organization=org_a, by=admin_a, name="x", scopes=["opportunities:read"])
        assert ApiClient(secret=other).get(f"/programs/{program.pk}/").status_code == 403


@pytest.mark.django_db
class TestNeeds:
    def test_manager_adds_and_edits(self, program, manager_a):
        client = ApiClient(manager_a)
        response = client.post(
            f"/programs/{program.pk}/needs/",
            {"title": "خطة تسويق", "field": field("governance").pk, "suitability": "volunteer", "volunteers_needed": 1},
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "accepted" and body["priority"] == 1
        edited = client.patch(f"/needs/{body['id']}/", {"department": "التسويق"})
        assert edited.status_code == 200 and edited.json()["department"] == "التسويق"
        assert client.get(f"/programs/{program.pk}/needs/").json()["count"] == 1

    def test_department_submits_and_manager_decides(self, program, supervisor_a, manager_a):
        submitted = ApiClient(supervisor_a).post(f"/programs/{program.pk}/needs/", {"title": "محاسب", "suitability": "paid_staff"})
        assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
        assert submitted.json()["suitability"] == "undecided"  # not the department's call
        pk = submitted.json()["id"]
        assert ApiClient(supervisor_a).post(f"/needs/{pk}/accept/").status_code == 403
        accepted = ApiClient(manager_a).post(f"/needs/{pk}/accept/")
        assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
        again = ApiClient(manager_a).post(f"/needs/{pk}/accept/")
        assert again.status_code == 400
        declined = ApiClient(manager_a).post(f"/needs/{pk}/decline/")
        assert declined.json()["status"] == "declined"
        assert ApiClient(manager_a).patch(f"/needs/{pk}/", {"title": "x"}).status_code == 404
        assert ApiClient(manager_a).get(f"/programs/{program.pk}/needs/", {"status": "declined"}).json()["count"] == 1

    def test_bad_input(self, program, manager_a, need):
        client = ApiClient(manager_a)
        bad = client.post(
            f"/programs/{program.pk}/needs/",
            {"title": "x", "suitability": "paid_staff", "execution_mode": "team", "volunteers_needed": 1, "field": 999999},
        )
        assert bad.status_code == 400
        assert {"paid_staff_reason", "volunteers_needed", "field"} <= set(error_of(bad)["fields"])
        assert Need.objects.count() == 1
        patch = client.patch(f"/needs/{need.pk}/", {"volunteers_needed": 0})
        assert patch.status_code == 400 and "volunteers_needed" in error_of(patch)["fields"]
        assert client.get(f"/programs/{program.pk}/needs/", {"status": "nope"}).status_code == 400

    def test_other_organization(self, program, need, manager_b):
        client = ApiClient(manager_b)
        assert client.get(f"/programs/{program.pk}/needs/").status_code == 404
        assert client.post(f"/programs/{program.pk}/needs/", {"title": "x"}).status_code == 404
        assert client.post(f"/needs/{need.pk}/decline/").status_code == 404
        assert client.patch(f"/needs/{need.pk}/", {"title": "x"}).status_code == 404
        assert ApiClient().post(f"/needs/{need.pk}/decline/").status_code == 401
        need.refresh_from_db()
        assert need.status == NeedStatus.ACCEPTED


@pytest.mark.django_db
class TestNeedsAssessment:
    def test_answer_and_complete(self, program, manager_a, need):
        client = ApiClient(manager_a)
        early = client.post(f"/programs/{program.pk}/needs-assessment/complete/")
        assert early.status_code == 400
        answers = {
            "stalled_work": "الموقع متعثر.",
            "capability_gaps": "لا مطور.",
            "development_roles": "البيانات.",
            "initiatives": "حملة رمضان.",
        }
        saved = client.put(f"/programs/{program.pk}/needs-assessment/", answers)
        assert saved.status_code == 200 and saved.json()["gaps"] == []
        done = client.post(f"/programs/{program.pk}/needs-assessment/complete/")
        assert done.status_code == 200 and done.json()["completed_at"]
        assert client.get(f"/programs/{program.pk}/").json()["steps"][0]["status"] == "done"

    def test_bad_input_and_permissions(self, program, manager_a, supervisor_a, manager_b):
        too_long = ApiClient(manager_a).put(f"/programs/{program.pk}/needs-assessment/", {"initiatives": "x" * 4001})
        assert too_long.status_code == 400 and "initiatives" in error_of(too_long)["fields"]
        assert ApiClient(supervisor_a).put(f"/programs/{program.pk}/needs-assessment/", {}).status_code == 403
        assert ApiClient(manager_b).get(f"/programs/{program.pk}/needs-assessment/").status_code == 404
        assert ApiClient().get(f"/programs/{program.pk}/needs-assessment/").status_code == 401


@pytest.mark.django_db
class TestReadiness:
    def test_save_and_verdict(self, program, manager_a):
        client = ApiClient(manager_a)
        empty = client.get(f"/programs/{program.pk}/readiness/").json()
        assert empty["answered"] == 0 and not empty["ready"] and len(empty["criteria"]) == len(CRITERIA)
        answers = {criterion.code: {"answer": "yes"} for criterion in CRITERIA}
        answers["approvals"] = {"answer": "no", "note": "ننتظر الموافقة."}
        response = client.put(f"/programs/{program.pk}/readiness/", {"answers": answers})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["score"] == 88 and not body["ready"] and body["fix_first"][0]["code"] == "approvals"
        answers["approvals"] = {"answer": "yes"}
        ready = client.put(f"/programs/{program.pk}/readiness/", {"answers": answers}).json()
        assert ready["ready"] and ready["score"] == 100 and ready["assessed_at"]

    def test_bad_answers(self, program, manager_a):
        client = ApiClient(manager_a)
        bad = client.put(f"/programs/{program.pk}/readiness/", {"answers": {"clear_goals": {"answer": "maybe"}}})
        assert bad.status_code == 400 and "answers.clear_goals.answer" in error_of(bad)["fields"]
        unknown = client.put(f"/programs/{program.pk}/readiness/", {"answers": {"vibes": {"answer": "yes"}}})
        assert unknown.status_code == 400 and "answers.vibes" in error_of(unknown)["fields"]
        assert client.get(f"/programs/{program.pk}/readiness/").json()["answered"] == 0

    def test_permissions(self, program, supervisor_a, manager_b):
        body = {"answers": {"clear_goals": {"answer": "yes"}}}
        assert ApiClient(manager_b).put(f"/programs/{program.pk}/readiness/", body).status_code == 404
        assert ApiClient(supervisor_a).put(f"/programs/{program.pk}/readiness/", body).status_code == 403
        assert ApiClient().get(f"/programs/{program.pk}/readiness/").status_code == 401
