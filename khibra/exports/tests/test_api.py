"""The exports API: request (202), status, download, my exports; keys need "reports:read"."""

import io

import openpyxl
import pytest

from khibra.api import services as api_services
from khibra.exports.models import Export
from khibra.testing.api import ApiClient, error_of

from .conftest import many_hours


@pytest.fixture
def hours(engagement):
    many_hours(engagement, 25)


def _request(api, org, **extra):
    return api.post("/exports/", {"kind": "hours", "format": "xlsx", "organization_id": org.pk, **extra})


def test_it_requests_builds_and_downloads(org_a, manager_a, hours, django_capture_on_commit_callbacks):
    api = ApiClient(manager_a, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(api, org_a, params={"status": "submitted"})
    assert response.status_code == 202
    body = response.json()
    assert (body["kind"], body["status"], body["language"], body["total"]) == ("hours", "queued", "en", 25)

    body = api.get(f"/exports/{body['id']}/").json()
    assert (body["status"], body["progress"], body["total"]) == ("done", 25, 25)
    assert body["download_url"] == f"/api/v1/exports/{body['id']}/download/"

    response = api.get(body["download_url"])
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 26 and rows[0][0] == "Date"

    listed = api.get("/me/exports/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]


def test_the_language_can_be_chosen(org_a, manager_a, hours):
    response = _request(ApiClient(manager_a, language="en"), org_a, language="ar")
    assert response.json()["language"] == "ar"


def test_identical_requests_return_the_same_export(org_a, manager_a, hours):
    api = ApiClient(manager_a)
    first, second = _request(api, org_a).json(), _request(api, org_a).json()
    assert first["id"] == second["id"] and Export.objects.count() == 1


def test_outsiders_get_404(org_a, manager_a, manager_b, hours):
    assert _request(ApiClient(manager_b), org_a).status_code == 404
    export_id = _request(ApiClient(manager_a), org_a).json()["id"]
    other = ApiClient(manager_b)
    for path in (f"/exports/{export_id}/", f"/exports/{export_id}/download/"):
        assert error_of(other.get(path))["code"] == "not_found"
    assert other.get("/me/exports/").json()["count"] == 0


def test_bad_input_is_400(org_a, manager_a):
    api = ApiClient(manager_a)
    assert _request(api, org_a, format="pdf").status_code == 400
    assert _request(api, org_a, params={"colour": "red"}).status_code == 400
    assert api.post("/exports/", {"kind": "nope", "format": "csv", "organization_id": org_a.pk}).status_code == 400
    assert not Export.objects.exists()


def test_an_api_key_needs_the_reports_scope_and_its_own_organization(org_a, org_b, admin_a, hours):
    _key, without = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["applications:read"])
    assert _request(ApiClient(secret=without), org_a).status_code == 403
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["reports:read"])
    keyed = ApiClient(secret=secret)
    response = _request(keyed, org_a)
    assert response.status_code == 202
    assert keyed.get(f"/exports/{response.json()['id']}/").status_code == 200
    assert keyed.post("/exports/", {"kind": "organizations", "format": "csv"}).status_code == 403
    assert _request(keyed, org_b).status_code == 403  # require_scope: "belongs to another organization"
    assert keyed.get("/me/exports/").status_code == 403


def test_the_download_is_declared_as_a_file_in_the_openapi_document(client):
    schema = client.get("/api/v1/schema/").json()
    operation = schema["paths"]["/api/v1/exports/{export_id}/download/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"}
    assert "404" in operation["responses"]
    assert schema["paths"]["/api/v1/exports/"]["post"]["responses"]["202"]
