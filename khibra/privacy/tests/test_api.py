from khibra.api.services import create_api_key
from khibra.core.models import AuditEvent
from khibra.privacy.models import Consent
from khibra.testing.api import ApiClient

from .fixtures import OTHER_MARK, other_world, world  # noqa: F401  (fixtures)


def test_the_caller_gets_their_own_data(world, other_world, volunteer):
    response = ApiClient(volunteer).get("/me/personal-data/")
    assert response.status_code == 200
    data = response.json()
    assert data["account"]["email"] == volunteer.email
    assert data["hours"][0]["status"] == "approved"
    assert OTHER_MARK not in response.content.decode()
    assert AuditEvent.objects.filter(verb="privacy.data_exported", data__format="api").count() == 1


def test_anonymous_callers_and_organization_keys_are_refused(db, admin_a, org_a):
    assert ApiClient().get("/me/personal-data/").status_code == 401
    _key, secret = create_api_key(organization=org_a, by=admin_a, name="نظام", scopes=["reports:read"])
    assert ApiClient(secret=secret).get("/me/personal-data/").status_code == 403


def test_signing_up_through_the_api_records_the_consent_source(db):
    response = ApiClient().post(
        "/volunteers/",
        {"full_name": "ريم الزهراني", "email": "reem@example.sa", "password": "كلمة-سر-طويلة-123", "accept_privacy": True},
    )
    assert response.status_code in (201, 202)  # 202: accepted, waiting for the e-mail to be confirmed
    assert set(Consent.objects.filter(user__email="reem@example.sa").values_list("source", flat=True)) == {"api"}
