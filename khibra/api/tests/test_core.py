
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
import pytest

from khibra.api import services
from khibra.api.models import ApiKey, ApiToken
from khibra.organizations.models import Membership
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import UserFactory

PASSWORD = "كلمة-مرور-قوية-123"


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
class TestTokens:
    def test_token_for_verified_user(self, volunteer):
        verified(volunteer)
        response = ApiClient().post("/auth/token/", {"email": volunteer.email.upper(), "password": PASSWORD, "name": "laptop"})
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["token"].startswith("kht_") and body["name"] == "laptop"
        token = ApiToken.objects.get(pk=body["id"])
        assert token.key_hash != body["token"] and body["token"] not in token.key_hash  # only a digest is kept
        me = ApiClient(secret=body["token"]).get("/auth/tokens/")
        assert me.status_code == 200 and [row["id"] for row in me.json()] == [token.pk]

    def test_wrong_password_is_a_clear_error(self, volunteer):
        verified(volunteer)
        response = ApiClient(language="en").post("/auth/token/", {"email": volunteer.email, "password": "nope"})
        assert response.status_code == 400
        error = error_of(response)
        assert error["code"] == "invalid_credentials" and "password" in error["message"]
        assert not ApiToken.objects.exists()

    def test_unverified_email_gets_no_token(self, volunteer):
        response = ApiClient().post("/auth/token/", {"email": volunteer.email, "password": PASSWORD})
        assert response.status_code == 403 and error_of(response)["code"] == "email_not_verified"

    def test_lockout_after_repeated_failures(self, volunteer, settings):
        settings.API_RATE_LIMIT_SIGN_IN = "100/min"
        verified(volunteer)
        client = ApiClient()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/auth/token/", {"email": volunteer.email, "password": "wrong"})
        response = client.post("/auth/token/", {"email": volunteer.email, "password": PASSWORD})
        assert response.status_code == 429 and error_of(response)["code"] == "locked_out"

    def test_missing_fields_are_named_in_both_languages(self):
        arabic = error_of(ApiClient().post("/auth/token/", {}))
        english = error_of(ApiClient(language="en").post("/auth/token/", {}))
        assert arabic["code"] == english["code"] == "validation_error"
        assert set(english["fields"]) == {"email", "password"}
        assert english["fields"]["email"] == ["This field is required."]
        assert arabic["fields"]["email"] != english["fields"]["email"]

    def test_body_that_is_not_json(self):
        response = ApiClient(language="en").post("/auth/token/", "{not json")
        assert response.status_code == 400 and error_of(response)["code"] == "validation_error"

    def test_revoked_token_stops_working(self, volunteer):
        client = ApiClient(volunteer)
        token = ApiToken.objects.get(user=volunteer)
        assert client.delete(f"/auth/tokens/{token.pk}/").status_code == 204
        response = client.get("/auth/tokens/")
        assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Bearer"

    def test_cannot_revoke_someone_elses_token(self, volunteer, other_volunteer):
        ApiClient(other_volunteer)
        theirs = ApiToken.objects.get(user=other_volunteer)
        assert ApiClient(volunteer).delete(f"/auth/tokens/{theirs.pk}/").status_code == 404
        assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None

    def test_inactive_user_token_refused(self, volunteer):
        client = ApiClient(volunteer)
        volunteer.is_active = False
        volunteer.save()
        assert client.get("/auth/tokens/").status_code == 401

    def test_bad_and_missing_bearer(self):
        assert ApiClient(secret="kht_madeup").get("/auth/tokens/").status_code == 401
        assert ApiClient().get("/auth/tokens/").status_code == 401

    def test_session_cookie_does_not_authenticate(self, client, volunteer):
        client.force_login(volunteer)
        response = client.get("/api/v1/auth/tokens/")
        assert response.status_code == 401
        assert "sessionid" not in response.cookies
        assert client.get("/volunteer/profile/").status_code == 200  # still signed in on the site


@pytest.mark.django_db
def test_verify_email_with_key(volunteer):
    address = EmailAddress.objects.create(user=volunteer, email=volunteer.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    assert ApiClient().post("/auth/verify-email/", {"key": "bad"}).status_code == 400
    response = ApiClient().post("/auth/verify-email/", {"key": key})
    assert response.status_code == 200, response.content
    address.refresh_from_db()
    assert address.verified


@pytest.mark.django_db
class TestApiKeys:
    def test_admin_creates_scoped_key_and_it_acts_in_scope(self, org_a, admin_a):
        response = ApiClient(admin_a).post(
            f"/organizations/{org_a.pk}/api-keys/", {"name": "HR system", "scopes": ["reports:read", "reports:read"]}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["key"].startswith("khk_") and body["scopes"] == ["reports:read"]
        key_client = ApiClient(secret=body["key"])
        # A key is not a person: endpoints about "me" refuse it.
        assert key_client.get("/auth/tokens/").status_code == 403

    def test_unknown_scope_refused(self, org_a, admin_a):
        response = ApiClient(admin_a, language="en").post(f"/organizations/{org_a.pk}/api-keys/", {"name": "x", "scopes": ["everything"]})
        assert response.status_code == 400 and "scopes.0" in error_of(response)["fields"]
        response = ApiClient(admin_a, language="en").post(f"/organizations/{org_a.pk}/api-keys/", {"name": "x", "scopes": []})
        assert response.status_code == 400 and "scopes" in error_of(response)["fields"]
        assert not ApiKey.objects.exists()

    def test_manager_cannot_and_outsider_sees_nothing(self, org_a, manager_a, admin_b):
        assert ApiClient(manager_a).get(f"/organizations/{org_a.pk}/api-keys/").status_code == 403
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/api-keys/").status_code == 404
        assert ApiClient(admin_b).post(f"/organizations/{org_a.pk}/api-keys/", {"name": "x", "scopes": ["reports:read"]}).status_code == 404

    def test_revoke_and_creator_leaving_disable_key(self, org_a, admin_a):
        key, secret = services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["reports:read"])
        assert services.principal_for(secret).key == key
        Membership.objects.filter(user=admin_a, organization=org_a).update(role=Membership.Role.SUPERVISOR)
        assert services.principal_for(secret) is None
        Membership.objects.filter(user=admin_a, organization=org_a).update(role=Membership.Role.ADMIN)
        assert ApiClient(admin_a).delete(f"/organizations/{org_a.pk}/api-keys/{key.pk}/").status_code == 204
        assert services.principal_for(secret) is None

    def test_other_org_cannot_revoke(self, org_a, org_b, admin_a, admin_b):
        key, _secret = services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["reports:read"])
        assert ApiClient(admin_b).delete(f"/organizations/{org_b.pk}/api-keys/{key.pk}/").status_code == 404
        assert ApiKey.objects.get(pk=key.pk).revoked_at is None


@pytest.mark.django_db
class TestPlumbing:
    def test_schema_is_openapi_3(self):
        response = ApiClient().get("/schema/")
        assert response.status_code == 200
        document = response.json()
        assert document["openapi"].startswith("3.") and "/api/v1/auth/token/" in document["paths"]
        assert "BearerAuth" in str(document["components"]["securitySchemes"]) or document["components"]["securitySchemes"]

    def test_unknown_path_and_missing_slash_are_json(self):
        for path in ("/api/v1/nothing-here/", "/api/v1/auth/tokens"):
            response = ApiClient(language="en").get(path)
            assert response.status_code == 404 and error_of(response)["code"] == "not_found"

    def test_wrong_method_is_json(self, volunteer):
        response = ApiClient(volunteer).put("/auth/tokens/", {})
        assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"

    def test_rate_limit_per_ip(self, settings):
        settings.API_RATE_LIMIT_IP = "3/min"
        client = ApiClient()
        codes = [client.post("/auth/token/", {"email": "a@b.c", "password": "x"}).status_code for _ in range(4)]
        assert codes == [400, 400, 400, 429]

    def test_rate_limit_per_token_has_retry_after(self, volunteer, settings):
        settings.API_RATE_LIMIT_TOKEN = "2/min"
        client = ApiClient(volunteer, language="en")
        assert [client.get("/auth/tokens/").status_code for _ in range(2)] == [200, 200]
        response = client.get("/auth/tokens/")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert error_of(response)["code"] == "rate_limited"
        # Another token of another person is not affected.
        assert ApiClient(UserFactory()).get("/auth/tokens/").status_code == 200

    def test_docs_page_lists_operations_in_both_languages(self, client):
        for prefix in ("", "/en"):
            response = client.get(f"{prefix}/api/v1/docs/")
            assert response.status_code == 200
            assert b"/api/v1/auth/token/" in response.content


@pytest.mark.django_db
def test_ids_beyond_the_database_range_are_not_a_crash(org_a, admin_a):
    response = ApiClient(admin_a).get(f"/organizations/{2**64}/api-keys/")
    assert response.status_code in (400, 404)
    error_of(response)


def test_every_schema_name_is_unique():
    """ninja names OpenAPI components after the schema classes: two classes with one name would
    silently document one endpoint with the other's shape."""
    from ninja import Schema

    from khibra.api.main import api

    api.get_openapi_schema()
    seen: dict[str, str] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("khibra.") or "[" in cls.__name__:
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        assert seen.setdefault(cls.__name__, where) == where, f"{cls.__name__}: {seen[cls.__name__]} and {where}"
