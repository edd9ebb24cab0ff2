"""The web pages for credentials: an organization's API keys and a person's tokens."""

import pytest

from khibra.api import services
from khibra.api.models import ApiKey, ApiToken

pytestmark = pytest.mark.django_db


def test_admin_creates_a_key_sees_it_once_and_revokes_it(client, org_a, admin_a):
    client.force_login(admin_a)
    url = f"/organizations/{org_a.slug}/api-keys/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "نظام الموارد البشرية", "scopes": ["reports:read", "applications:read"]})
    assert response.status_code == 200
    key = ApiKey.objects.get(organization=org_a)
    secret = response.context["secret"]
    assert secret.startswith("khk_") and secret.encode() in response.content
    assert services.principal_for(secret).key == key
    # Shown once: the list shows only its first characters.
    assert secret.encode() not in client.get(url).content
    response = client.post(f"{url}{key.pk}/revoke/")
    assert response.status_code == 302
    assert services.principal_for(secret) is None


def test_bad_input_writes_nothing(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(f"/en/organizations/{org_a.slug}/api-keys/", {"name": "", "scopes": ["everything"]})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert not ApiKey.objects.exists()


def test_only_admins_and_only_their_organization(client, org_a, org_b, manager_a, admin_b, admin_a):
    key, _secret = services.create_api_key(organization=org_a, by=admin_a, name="BI", scopes=["reports:read"])
    client.force_login(manager_a)
    assert client.get(f"/organizations/{org_a.slug}/api-keys/").status_code == 403
    client.force_login(admin_b)
    assert client.get(f"/organizations/{org_a.slug}/api-keys/").status_code == 404
    assert client.post(f"/organizations/{org_a.slug}/api-keys/{key.pk}/revoke/").status_code == 404
    assert client.post(f"/organizations/{org_b.slug}/api-keys/{key.pk}/revoke/").status_code == 404
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_personal_tokens_page(client, volunteer, other_volunteer):
    client.force_login(volunteer)
    response = client.post("/accounts/api-tokens/", {"name": "حاسوبي"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=volunteer)
    assert response.context["secret"].startswith("kht_")
    theirs, _secret = services.issue_token(user=other_volunteer, name="x")
    assert client.post(f"/accounts/api-tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_signed_out_visitors_are_sent_to_log_in(client, org_a):
    assert client.get("/accounts/api-tokens/").status_code == 302
    assert client.get(f"/organizations/{org_a.slug}/api-keys/").status_code in (302, 404)
