import datetime as dt

from django.utils import timezone

from khibra.api import services as api_services
from khibra.testing.api import ApiClient, error_of
from khibra.training import services
from khibra.training.models import CompletionStatus, CourseCompletion, OpportunityCourse


def key_client(organization, admin, scopes):
    _key, secret = api_services.create_api_key(organization=organization, by=admin, name="HR", scopes=scopes)
    return ApiClient(secret=secret, language="en")


def test_the_catalogue_is_public(platform_course, course_a):
    api = ApiClient(language="en")
    body = api.get("/training/courses/").json()
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {platform_course.pk, course_a.pk}
    body = api.get("/training/courses/", {"q": "protection"}).json()
    assert [row["id"] for row in body["results"]] == [platform_course.pk]
    assert body["results"][0]["provider"] is None and body["results"][0]["duration_hours"] == 3.0
    body = api.get("/training/courses/", {"field": course_a.field_id}).json()
    assert body["count"] == 2
    assert api.get("/training/courses/", {"field": 2**31 - 1}).json()["count"] == 0
    assert api.get(f"/training/courses/{course_a.pk}/").json()["provider"]["id"] == course_a.provider_id


def test_bad_catalogue_input(platform_course):
    api = ApiClient(language="en")
    assert api.get("/training/courses/", {"field": 0}).status_code == 400
    assert api.get("/training/courses/", {"q": "x" * 101}).status_code == 400
    assert api.get("/training/courses/999999/").status_code == 404


def test_a_volunteer_declares_and_lists(volunteer, platform_course):
    api = ApiClient(volunteer, language="en")
    response = api.post(f"/training/courses/{platform_course.pk}/completions/", {"completed_on": "2025-01-15", "evidence_url": "https://x.example/c"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "self_declared"
    body = api.get("/me/training/").json()
    assert body["count"] == 1 and body["results"][0]["course"]["id"] == platform_course.pk


def test_bad_declarations_write_nothing(volunteer, plain_user, platform_course):
    api = ApiClient(volunteer, language="en")
    url = f"/training/courses/{platform_course.pk}/completions/"
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    for payload in ({"completed_on": "yesterday"}, {"completed_on": future}, {"completed_on": "2025-01-01", "evidence_url": "ftp:/x"}, {}):
        response = api.post(url, payload)
        assert response.status_code == 400, payload
        error_of(response)
    assert ApiClient(plain_user).post(url, {"completed_on": "2025-01-01"}).status_code == 404
    assert ApiClient().post(url, {"completed_on": "2025-01-01"}).status_code == 401
    assert not CourseCompletion.objects.exists()


def test_the_organization_confirms_and_rejects(manager_a, declared_a, course_a, other_volunteer):
    api = ApiClient(manager_a, language="en")
    response = api.post(f"/training/completions/{declared_a.pk}/confirm/", {})
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    other = services.declare_completion(course=course_a, by=other_volunteer, completed_on=timezone.localdate())
    response = api.post(f"/training/completions/{other.pk}/reject/", {})
    assert response.status_code == 400 and "note" in error_of(response)["fields"]
    response = api.post(f"/training/completions/{other.pk}/reject/", {"note": "no record"})
    assert response.json()["status"] == "rejected"


def test_organization_b_cannot_confirm(manager_b, org_b, admin_b, supervisor_a, declared_a):
    assert ApiClient(manager_b).post(f"/training/completions/{declared_a.pk}/confirm/", {}).status_code == 404
    assert key_client(org_b, admin_b, ["programs:write"]).post(f"/training/completions/{declared_a.pk}/confirm/", {}).status_code == 404
    assert ApiClient(supervisor_a).post(f"/training/completions/{declared_a.pk}/confirm/", {}).status_code == 403
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.SELF_DECLARED


def test_api_keys_need_the_scope(org_a, admin_a, declared_a):
    response = key_client(org_a, admin_a, ["programs:read"]).post(f"/training/completions/{declared_a.pk}/confirm/", {})
    assert response.status_code == 403
    response = key_client(org_a, admin_a, ["programs:write"]).post(f"/training/completions/{declared_a.pk}/confirm/", {})
    assert response.status_code == 200


def test_required_courses(org_a, admin_a, manager_a, opportunity_a, draft_a, platform_course):
    api = ApiClient(manager_a, language="en")
    url = f"/opportunities/{opportunity_a.pk}/required-courses/"
    assert api.post(url, {"course_id": platform_course.pk}).status_code == 201
    assert api.post(url, {"course_id": platform_course.pk}).status_code == 200
    assert OpportunityCourse.objects.count() == 1
    assert ApiClient().get(url).json()["results"][0]["id"] == platform_course.pk  # public for a published opportunity
    assert ApiClient().get(f"/opportunities/{draft_a.pk}/required-courses/").status_code == 404
    assert api.get(f"/opportunities/{draft_a.pk}/required-courses/").json()["count"] == 0
    assert api.post(url, {"course_id": 999999}).status_code == 400
    assert api.post(url, {"course_id": 0}).status_code == 400
    assert api.delete(f"{url}{platform_course.pk}/").status_code == 204
    assert api.delete(f"{url}{platform_course.pk}/").status_code == 404
    writer = key_client(org_a, admin_a, ["opportunities:read"])
    assert writer.post(url, {"course_id": platform_course.pk}).status_code == 403
    assert writer.get(f"/opportunities/{draft_a.pk}/required-courses/").status_code == 200
    assert key_client(org_a, admin_a, ["opportunities:write"]).post(url, {"course_id": platform_course.pk}).status_code == 201


def test_organization_b_cannot_change_requirements(org_b, admin_b, manager_a, manager_b, opportunity_a, draft_a, platform_course):
    services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    url = f"/opportunities/{opportunity_a.pk}/required-courses/"
    assert ApiClient(manager_b).post(url, {"course_id": platform_course.pk}).status_code == 404
    assert ApiClient(manager_b).delete(f"{url}{platform_course.pk}/").status_code == 404
    assert ApiClient(manager_b).get(f"/opportunities/{draft_a.pk}/required-courses/").status_code == 404
    assert key_client(org_b, admin_b, ["opportunities:write"]).delete(f"{url}{platform_course.pk}/").status_code == 404
    assert OpportunityCourse.objects.count() == 1
