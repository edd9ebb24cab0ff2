"""Request bodies: over the limit -> 413, anything but a JSON object -> 400, on every write operation
of the OpenAPI document (and on the sign-in endpoints, before any password is checked)."""

import datetime as dt
import json
import re

from django.conf import settings
import pytest

from khibra.api.main import api
from khibra.programs import services as programs
from khibra.programs.models import Program
from khibra.testing.api import ApiClient, error_of

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")
NOT_OBJECTS = ('"oops"', "[1,2]", "[null,null]", "42", "null", '[{"name": "x"}]')


def _write_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in WRITES:
                continue
            kinds = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p["in"] == "path"}

            def value(match, kinds=kinds):
                kind = kinds.get(match.group(1), {})
                if kind.get("format") == "uuid":
                    return "0b3c8f6e-1a2b-4c3d-8e9f-0123456789ab"
                return "1" if kind.get("type") == "integer" else "ar"

            operations.append((method, re.sub(r"\{(\w+)\}", value, path)))
    return operations


OPERATIONS = _write_operations()


def test_the_document_has_write_operations_to_walk():
    assert len(OPERATIONS) > 50
    assert ("put", "/api/v1/programs/1/needs-assessment/") in OPERATIONS
    assert ("post", "/api/v1/auth/token/") in OPERATIONS


@pytest.fixture
def caller(volunteer):
    return ApiClient(volunteer)


def _send(caller, method: str, path: str, body: str | bytes):
    return getattr(caller.client, method)(path, body, content_type="application/json", headers=caller._headers({}))


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_operation_answers_413_to_a_body_over_the_limit(caller, method, path):
    body = b'{"x": "' + b"a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
    response = _send(caller, method, path, body)
    assert response.status_code == 413, (method, path, response.content[:300])
    error = error_of(response)
    assert error["code"] == "too_large"
    assert "5" in error["message"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_operation_answers_400_to_a_body_that_is_not_an_object(caller, method, path):
    for body in NOT_OBJECTS:
        response = _send(caller, method, path, body)
        assert response.status_code == 400, (method, path, body, response.content[:300])
        assert error_of(response)["code"] == "not_an_object"


def test_the_sign_in_endpoint_answers_413_without_a_token():
    response = ApiClient().post("/auth/token/", b'{"email": "' + b"a" * (6 * 1024 * 1024) + b'"}')
    assert response.status_code == 413
    assert error_of(response)["message"] == "الطلب أكبر من المسموح: يمكن إرسال 5 ميغابايت على الأكثر في المرة الواحدة."


def test_the_message_follows_the_callers_language():
    response = ApiClient(language="en").post("/auth/token/", "x" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert error_of(response)["message"] == "The request is too large: at most 5 MB can be sent at once."


def test_broken_json_is_400_not_an_empty_body(caller):
    response = caller.post("/auth/token/", '{"email": ')
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"


def test_a_list_does_not_erase_the_needs_assessment(org_a, manager_a):
    program = programs.create_program(
        organization=org_a, by=manager_a, name="برنامج الخبرات", goal="سد الفجوات التقنية.",
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30),
    )
    client = ApiClient(manager_a)
    answers = {"stalled_work": "الموقع متعثر.", "capability_gaps": "لا مطور.", "development_roles": "البيانات.", "initiatives": "حملة رمضان."}
    assert client.put(f"/programs/{program.pk}/needs-assessment/", answers).status_code == 200
    before = Program.objects.filter(pk=program.pk).values().get()

    for body in ("[null,null]", '"oops"', "[1,2]"):
        response = client.put(f"/programs/{program.pk}/needs-assessment/", body)
        assert response.status_code == 400

    assert Program.objects.filter(pk=program.pk).values().get() == before
    read = client.get(f"/programs/{program.pk}/needs-assessment/").json()
    assert {name: read[name] for name in answers} == answers


def test_an_empty_body_still_reaches_operations_without_one(caller):
    response = caller.client.post("/api/v1/auth/token/", "", content_type="application/json", headers=caller._headers({}))
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"  # the fields are missing, said by field


def test_a_json_object_is_still_taken(caller):
    response = caller.post("/auth/token/", json.dumps({"email": "nobody@example.sa", "password": "x"}))
    assert response.status_code in (400, 401)


def test_the_contract_says_a_body_may_be_too_large():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    with_body = [operation for item in schema["paths"].values() for operation in item.values() if "requestBody" in operation]
    assert with_body and all("413" in operation["responses"] for operation in with_body)
    answer = with_body[0]["responses"]["413"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/ErrorOut"}
