"""The certificates API: public verification (the page's facts, no more), the volunteer's list,
manual issue and revoking by the organization."""

from django.test import override_settings
import pytest

from khibra.api import services as api_services
from khibra.certificates import services
from khibra.certificates.models import Certificate
from khibra.engagements.models import Engagement
from khibra.testing.api import ApiClient, error_of

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    ARABIC_TITLE,
    applicant,
    application,
    certificate,
    certificates,
    close,
    completed,
    engagement,
    hours,
    opportunity,
    question,
    waiting_engagement,
)

pytestmark = pytest.mark.django_db


def key_client(org, admin, scopes):
    _key, secret = api_services.create_api_key(organization=org, by=admin, name="HR", scopes=scopes)
    return ApiClient(secret=secret)


class TestVerify:
    def test_anyone_verifies_a_code_as_printed(self, certificate, org_a):
        response = ApiClient().get(f"/certificates/{certificate.display_code.lower()}/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["code"] == certificate.code and body["status"] == "valid" and body["revoked_on"] is None
        assert body["volunteer_name"] == ARABIC_NAME and body["opportunity_title"] == ARABIC_TITLE
        assert body["organization_name"] == org_a.name_ar and body["hours"] == 42.5 and body["kind"] == "achievement"
        assert body["verify_url"].endswith(f"/certificates/{certificate.code}/") and body["pdf_url"] is None

    def test_nothing_private(self, certificate, applicant):
        body = ApiClient().get(f"/certificates/{certificate.code}/").json()
        text = str(body)
        for private in (applicant.user.email, str(certificate.engagement_id) + "/", "engagement"):
            assert private not in text
        assert set(body) == {
            "code", "display_code", "status", "status_display", "revoked_on", "kind", "kind_display", "volunteer_name",
            "opportunity_title", "organization_name", "hours", "started_on", "ended_on", "issued_on", "verify_url", "pdf_url",
        }

    def test_a_revoked_certificate_says_so_without_the_reason(self, certificate, admin_a):
        services.revoke_certificate(certificate=certificate, by=admin_a, reason="سبب داخلي خاص")
        body = ApiClient().get(f"/certificates/{certificate.code}/").json()
        assert body["status"] == "revoked" and body["revoked_on"] is not None and "سبب داخلي خاص" not in str(body)

    def test_unknown_codes_are_404_in_the_error_shape(self, certificate):
        for code in ("ABCDEFGHJKMNPQRS", "nope", "x" * 300):
            response = ApiClient().get(f"/certificates/{code}/")
            assert response.status_code == 404 and error_of(response)["code"] == "not_found"

    @override_settings(API_RATE_LIMIT_IP="1000/min")
    def test_walking_codes_is_stopped(self, certificate):
        from khibra.certificates.views import LOOKUP_MISSES_LIMIT

        client = ApiClient()
        for _ in range(LOOKUP_MISSES_LIMIT):
            client.get("/certificates/ABCDEFGHJKMNPQRS/")
        response = client.get(f"/certificates/{certificate.code}/")
        assert response.status_code == 429 and error_of(response)["code"] == "rate_limited"


class TestMine:
    def test_the_volunteer_lists_their_certificates(self, certificates, applicant, other_volunteer):
        response = ApiClient(applicant.user).get("/me/certificates/")
        assert response.status_code == 200, response.content
        rows = response.json()["results"]
        assert {row["code"] for row in rows} == {c.code for c in certificates}
        assert rows[0]["pdf_url"].endswith(f"/volunteer/certificates/{rows[0]['id']}/ar.pdf")
        assert ApiClient(other_volunteer).get("/me/certificates/").json()["count"] == 0
        assert ApiClient().get("/me/certificates/").status_code == 401

    def test_the_pdf_path_downloads_for_the_volunteer(self, certificate, applicant, client):
        from .fixtures import login

        path = ApiClient(applicant.user).get("/me/certificates/").json()["results"][0]["pdf_urls"]["en"]
        login(client, applicant.user)
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


class TestIssue:
    def test_a_manager_issues_a_missing_certificate(self, engagement, hours, manager_a):
        hours[engagement.pk] = 5
        close(engagement, Engagement.Status.COMPLETED)
        client = ApiClient(manager_a)
        response = client.post(f"/engagements/{engagement.pk}/certificates/", {"kind": "participation"})
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == "participation" and response.json()["engagement_id"] == engagement.pk
        again = client.post(f"/engagements/{engagement.pk}/certificates/", {"kind": "participation"})
        assert again.status_code == 200 and again.json()["id"] == response.json()["id"]

    def test_no_certificate_without_approved_hours(self, engagement, hours, manager_a):
        close(engagement, Engagement.Status.COMPLETED)  # 0 approved hours
        refused = ApiClient(manager_a).post(f"/engagements/{engagement.pk}/certificates/", {"kind": "participation"})
        assert refused.status_code == 400 and "ساعات" in error_of(refused)["message"]
        assert not Certificate.objects.exists()

    def test_no_certificate_before_the_agreement(self, waiting_engagement, hours, manager_a):
        client = ApiClient(manager_a)
        hours[waiting_engagement.pk] = 5
        close(waiting_engagement, Engagement.Status.COMPLETED)
        waiting = client.post(f"/engagements/{waiting_engagement.pk}/certificates/", {"kind": "participation"})
        assert waiting.status_code == 400 and error_of(waiting)["code"] == "agreement_not_accepted"
        assert not Certificate.objects.exists()

    def test_rules_and_bad_input(self, engagement, hours, manager_a):
        client = ApiClient(manager_a)
        not_closed = client.post(f"/engagements/{engagement.pk}/certificates/", {"kind": "participation"})
        assert not_closed.status_code == 400 and error_of(not_closed)["code"] == "validation_error"
        bad = client.post(f"/engagements/{engagement.pk}/certificates/", {"kind": "gold"})
        assert bad.status_code == 400 and "kind" in error_of(bad)["fields"]
        close(engagement, Engagement.Status.NOT_COMPLETED)
        not_earned = client.post(f"/engagements/{engagement.pk}/certificates/", {"kind": "achievement"})
        assert not_earned.status_code == 400
        assert not Certificate.objects.exists()

    def test_permissions(self, engagement, hours, supervisor_a, manager_b, applicant, org_a, admin_a):
        hours[engagement.pk] = 5
        close(engagement, Engagement.Status.COMPLETED)
        url = f"/engagements/{engagement.pk}/certificates/"
        assert ApiClient(supervisor_a).post(url, {"kind": "participation"}).status_code == 403  # the service: managers only
        assert ApiClient(applicant.user).post(url, {"kind": "participation"}).status_code == 403
        assert ApiClient(manager_b).post(url, {"kind": "participation"}).status_code == 404
        assert ApiClient().post(url, {"kind": "participation"}).status_code == 401
        assert key_client(org_a, admin_a, ["applications:read"]).post(url, {"kind": "participation"}).status_code == 403
        assert not Certificate.objects.exists()
        assert key_client(org_a, admin_a, ["engagements:write"]).post(url, {"kind": "participation"}).status_code == 201


class TestOrganization:
    def test_list_and_revoke(self, certificate, org_a, manager_a):
        client = ApiClient(manager_a)
        listed = client.get(f"/organizations/{org_a.pk}/certificates/")
        assert listed.status_code == 200 and listed.json()["count"] == 2
        url = f"/organizations/{org_a.pk}/certificates/{certificate.pk}/revoke/"
        bad = client.post(url, {"reason": ""})
        assert bad.status_code == 400 and "reason" in error_of(bad)["fields"]
        assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
        response = client.post(url, {"reason": "صدرت بالخطأ"})
        assert response.status_code == 200 and response.json()["status"] == "revoked"
        assert ApiClient().get(f"/certificates/{certificate.code}/").json()["status"] == "revoked"

    def test_permissions(self, certificate, org_a, supervisor_a, admin_b, org_b):
        url = f"/organizations/{org_a.pk}/certificates/{certificate.pk}/revoke/"
        assert ApiClient(supervisor_a).post(url, {"reason": "لا"}).status_code == 403
        assert ApiClient(admin_b).post(url, {"reason": "لا"}).status_code == 404
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/certificates/").status_code == 404
        assert ApiClient(admin_b).post(f"/organizations/{org_b.pk}/certificates/{certificate.pk}/revoke/", {"reason": "لا"}).status_code == 404
        assert ApiClient().post(url, {"reason": "لا"}).status_code == 401
        assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
