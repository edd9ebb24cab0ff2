import pytest

from khibra.api import services as api_services
from khibra.organizations.models import Invitation, Membership, Organization
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import city, field


def _registration(**extra):
    return {
        "kind": "nonprofit",
        "name_ar": "جمعية نماء",
        "name_en": "Namaa Association",
        "registration_number": "٧٧٨٨",
        "city": city("riyadh").pk,
        "fields": [field("governance").pk],
        "contact_email": "info@namaa.example.sa",
        **extra,
    }


@pytest.mark.django_db
class TestDirectory:
    def test_verified_only_with_filters(self, org_a, org_b, draft_org):
        client = ApiClient()
        body = client.get("/organizations/").json()
        assert {row["id"] for row in body["results"]} == {org_a.pk, org_b.pk}
        assert [row["id"] for row in client.get("/organizations/", {"q": "Riyadh"}).json()["results"]] == [org_b.pk]
        assert client.get("/organizations/", {"kind": "company"}).json()["count"] == 0
        assert client.get("/organizations/", {"city": city("jeddah").pk}).json()["count"] == 2

    def test_bad_filters(self):
        for params, name in (({"kind": "club"}, "kind"), ({"city": 999999}, "city")):
            response = ApiClient().get("/organizations/", params)
            assert response.status_code == 400 and name in error_of(response)["fields"]

    def test_detail_follows_the_web_rule(self, org_a, draft_org, founder, staff, admin_a, volunteer):
        public = ApiClient().get(f"/organizations/{org_a.pk}/").json()
        assert public["name"] == org_a.name_ar and public["registration_number"] is None and public["my_role"] is None
        assert ApiClient(admin_a).get(f"/organizations/{org_a.pk}/").json()["my_role"] == "admin"
        assert ApiClient().get(f"/organizations/{draft_org.pk}/").status_code == 404
        assert ApiClient(volunteer).get(f"/organizations/{draft_org.pk}/").status_code == 404
        assert ApiClient(admin_a).get(f"/organizations/{draft_org.pk}/").status_code == 404
        assert ApiClient(founder).get(f"/organizations/{draft_org.pk}/").json()["registration_number"] == "4521"
        assert ApiClient(staff).get(f"/organizations/{draft_org.pk}/").status_code == 200
        assert ApiClient().get("/organizations/999999/").status_code == 404

    def test_my_organizations(self, org_a, admin_a):
        response = ApiClient(admin_a).get("/me/organizations/")
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["organization"]["id"] == org_a.pk and row["role"] == "admin" and row["is_admin"]
        assert ApiClient().get("/me/organizations/").status_code == 401


@pytest.mark.django_db
class TestRegistrationAndEdit:
    def test_register(self, plain_user):
        response = ApiClient(plain_user).post("/organizations/", _registration())
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["verification_status"] == "pending" and body["my_role"] == "admin"
        assert body["registration_number"] == "7788"
        organization = Organization.objects.get(pk=body["id"])
        assert Membership.objects.get(organization=organization).user == plain_user

    def test_register_bad_input_writes_nothing(self, plain_user, org_a):
        response = ApiClient(plain_user).post(
            "/organizations/",
            _registration(kind="club", city=999999, contact_email="nope", registration_number="abc"),
        )
        assert response.status_code == 400
        assert {"kind", "city", "contact_email", "registration_number"} <= set(error_of(response)["fields"])
        duplicate = ApiClient(plain_user).post("/organizations/", _registration(registration_number=org_a.registration_number))
        assert duplicate.status_code == 400 and "registration_number" in error_of(duplicate)["fields"]
        assert Organization.objects.count() == 1

    def test_register_needs_a_token(self):
        assert ApiClient().post("/organizations/", _registration()).status_code == 401

    def test_edit_by_admin(self, org_a, admin_a):
        response = ApiClient(admin_a).patch(f"/organizations/{org_a.pk}/", {"description": "نبذة جديدة", "website": "namaa.sa"})
        assert response.status_code == 200, response.content
        org_a.refresh_from_db()
        assert org_a.description == "نبذة جديدة" and org_a.website == "https://namaa.sa" and org_a.is_verified
        renamed = ApiClient(admin_a).patch(f"/organizations/{org_a.pk}/", {"name_ar": "جمعية باسم جديد"})
        assert renamed.json()["verification_status"] == "pending"

    def test_edit_bad_input(self, org_a, admin_a):
        response = ApiClient(admin_a).patch(f"/organizations/{org_a.pk}/", {"contact_phone": "12", "city": 999999})
        assert response.status_code == 400 and {"contact_phone", "city"} <= set(error_of(response)["fields"])
        org_a.refresh_from_db()
        assert org_a.contact_phone == ""

    def test_edit_permissions(self, org_a, manager_a, admin_b):
        assert ApiClient(manager_a).patch(f"/organizations/{org_a.pk}/", {"description": "x"}).status_code == 403
        assert ApiClient(admin_b).patch(f"/organizations/{org_a.pk}/", {"description": "x"}).status_code == 404
        assert ApiClient().patch(f"/organizations/{org_a.pk}/", {"description": "x"}).status_code == 401
        org_a.refresh_from_db()
        assert org_a.description != "x"


@pytest.mark.django_db
class TestMembers:
    def test_members_list(self, org_a, admin_a, manager_a, supervisor_a, admin_b):
        response = ApiClient(manager_a).get(f"/organizations/{org_a.pk}/members/")
        assert response.status_code == 200 and response.json()["count"] == 3
        assert ApiClient(supervisor_a).get(f"/organizations/{org_a.pk}/members/").status_code == 403
        assert ApiClient(admin_b).get(f"/organizations/{org_a.pk}/members/").status_code == 404
        assert ApiClient().get(f"/organizations/{org_a.pk}/members/").status_code == 401

    def test_invite(self, org_a, admin_a, manager_a, admin_b):
        response = ApiClient(admin_a).post(f"/organizations/{org_a.pk}/invitations/", {"email": "New@Example.sa", "role": "manager"})
        assert response.status_code == 201 and response.json()["email"] == "new@example.sa"
        bad = ApiClient(admin_a).post(f"/organizations/{org_a.pk}/invitations/", {"email": manager_a.email, "role": "coordinator"})
        assert bad.status_code == 400 and {"email", "role"} <= set(error_of(bad)["fields"])
        assert ApiClient(manager_a).post(f"/organizations/{org_a.pk}/invitations/", {"email": "a@b.sa", "role": "manager"}).status_code == 403
        assert ApiClient(admin_b).post(f"/organizations/{org_a.pk}/invitations/", {"email": "a@b.sa", "role": "manager"}).status_code == 404
        assert Invitation.objects.count() == 1

    def test_api_key_cannot_manage_members(self, org_a, admin_a):
        _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:read"])
        client = ApiClient(secret=secret)
        assert client.get(f"/organizations/{org_a.pk}/members/").status_code == 403
        assert client.post(f"/organizations/{org_a.pk}/invitations/", {"email": "a@b.sa", "role": "manager"}).status_code == 403
        assert client.get(f"/organizations/{org_a.pk}/").status_code == 200  # public data stays readable


@pytest.mark.django_db
class TestReview:
    def test_staff_verify_and_reject(self, draft_org, staff):
        client = ApiClient(staff)
        missing = client.post(f"/organizations/{draft_org.pk}/reject/", {"reason": ""})
        assert missing.status_code == 400 and "reason" in error_of(missing)["fields"]
        rejected = client.post(f"/organizations/{draft_org.pk}/reject/", {"reason": "الرقم غير صحيح."})
        assert rejected.status_code == 200 and rejected.json()["rejection_reason"] == "الرقم غير صحيح."
        verified = client.post(f"/organizations/{draft_org.pk}/verify/")
        assert verified.status_code == 200 and verified.json()["verification_status"] == "verified"
        again = client.post(f"/organizations/{draft_org.pk}/verify/")
        assert again.status_code == 400

    def test_only_staff(self, draft_org, founder, admin_a):
        assert ApiClient(founder).post(f"/organizations/{draft_org.pk}/verify/").status_code == 404
        assert ApiClient(admin_a).post(f"/organizations/{draft_org.pk}/reject/", {"reason": "x"}).status_code == 404
        assert ApiClient().post(f"/organizations/{draft_org.pk}/verify/").status_code == 401
        draft_org.refresh_from_db()
        assert draft_org.verification_status == "pending"
