"""The API of sign-up, the caller's volunteer profile and the ethics charter."""

import datetime as dt
import re

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
import pytest

from khibra.accounts.models import PolicyAcceptance, PolicyKind, User
from khibra.api import services as api_services
from khibra.core.models import OutboundEmail
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import QualificationFactory, city, field, profession
from khibra.volunteers.models import VolunteerProfile

from .conftest import years_ago

pytestmark = pytest.mark.django_db

PASSWORD = "كلمة-مرور-طويلة-2026"
SIGNUP = {"full_name": "سارة بنت عبدالله العتيبي", "email": "sara@example.sa", "password": PASSWORD, "accept_privacy": True}


# --- sign-up ---------------------------------------------------------------------------------------


def test_sign_up_then_verify_then_token(mailoutbox):
    client = ApiClient(language="en")
    response = client.post("/volunteers/", SIGNUP)
    assert response.status_code == 202, response.content
    body = response.json()
    user = User.objects.get(email="sara@example.sa")
    assert body == {"email": "sara@example.sa", "detail": body["detail"]}
    assert PolicyAcceptance.objects.filter(user=user, policy__kind=PolicyKind.PRIVACY).exists()
    assert not VolunteerProfile.objects.filter(user=user).exists()  # as the web's sign-up
    assert OutboundEmail.objects.filter(to="sara@example.sa").count() == 1
    address = EmailAddress.objects.get(user=user)
    assert not address.verified

    # No token before the address is confirmed.
    assert client.post("/auth/token/", {"email": "sara@example.sa", "password": PASSWORD}).status_code == 403

    # The key carries a timestamp, so read the one the e-mail was sent with.
    body_text = OutboundEmail.objects.get(to="sara@example.sa").body_text
    assert body_text.startswith("Hello from Khibra!") and "register an account on 127.0.0.1" in body_text
    key = re.search(r"/confirm-email/([^/\s]+)/", body_text).group(1)
    assert EmailConfirmationHMAC.from_key(key).email_address == address
    assert client.post("/auth/verify-email/", {"key": key}).status_code == 200
    token = client.post("/auth/token/", {"email": "sara@example.sa", "password": PASSWORD})
    assert token.status_code == 201, token.content
    me = ApiClient(secret=token.json()["token"]).get("/me/profile/")
    assert me.status_code == 404 and error_of(me)["code"] == "no_profile"


def test_sign_up_with_a_taken_email_answers_like_a_new_one(volunteer):
    # No enumeration: the same answer as a new address; the owner is told by e-mail instead.
    new = ApiClient(language="en").post("/volunteers/", {**SIGNUP, "email": "new.person@example.sa"})
    taken = ApiClient(language="en").post("/volunteers/", {**SIGNUP, "email": volunteer.email.upper()})
    assert taken.status_code == new.status_code == 202
    assert taken.json() == {**new.json(), "email": volunteer.email.lower()}
    assert User.objects.filter(email__iexact=volunteer.email).count() == 1
    assert OutboundEmail.objects.filter(to__iexact=volunteer.email).count() == 1


@pytest.mark.parametrize(
    "changes, field_name",
    [
        ({"full_name": "123456"}, "full_name"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "123"}, "password"),
        ({"accept_privacy": False}, "accept_privacy"),
    ],
)
def test_sign_up_bad_input_writes_nothing(changes, field_name):
    response = ApiClient().post("/volunteers/", {**SIGNUP, **changes})
    assert response.status_code == 400
    assert field_name in error_of(response)["fields"]
    assert not User.objects.exists()
    assert not PolicyAcceptance.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_sign_up_missing_fields():
    response = ApiClient().post("/volunteers/", {"email": "x@example.sa"})
    assert response.status_code == 400
    assert {"full_name", "password", "accept_privacy"} <= set(error_of(response)["fields"])


def test_sign_up_is_rate_limited_like_the_web():
    client = ApiClient()
    for n in range(5):
        client.post("/volunteers/", {**SIGNUP, "email": f"p{n}@example.sa"})
    response = client.post("/volunteers/", {**SIGNUP, "email": "late@example.sa"})
    assert response.status_code == 429
    assert not User.objects.filter(email="late@example.sa").exists()


# --- the profile -----------------------------------------------------------------------------------


def test_get_own_profile(volunteer):
    profile = volunteer.volunteer_profile
    profile.fields.set([field("finance-accounting")])
    QualificationFactory(profile=profile)
    response = ApiClient(volunteer, language="en").get("/me/profile/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == profile.pk and body["email"] == volunteer.email
    assert body["city"]["id"] == city("riyadh").pk
    assert [row["id"] for row in body["fields"]] == [field("finance-accounting").pk]
    assert body["level"] == "skilled" and body["level_reasons"]
    assert body["charter_accepted"] is False
    assert body["identity_status"] == "unverified"
    assert "Accept the volunteer ethics charter." in body["blockers"]


def test_profile_needs_a_personal_token(org_a, admin_a):
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:read"])
    assert ApiClient(secret=secret).get("/me/profile/").status_code == 403
    assert ApiClient().get("/me/profile/").status_code == 401
    assert ApiClient().patch("/me/profile/", {"headline": "x"}).status_code == 401


def test_patch_changes_only_what_is_sent(volunteer):
    profile = volunteer.volunteer_profile
    profile.languages.set([])
    client = ApiClient(volunteer, language="en")
    response = client.patch(
        "/me/profile/",
        {
            "headline": "مراجع حسابات",
            "profession": profession().pk,
            "skills": ["التدقيق المالي", "Excel"],
            "birth_date": "1990-05-01",
            "available_days": [1, 4],
            "full_name": "سارة  العتيبي",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["headline"] == "مراجع حسابات"
    assert body["profession"]["id"] == profession().pk
    assert sorted(body["skills"]) == sorted(["التدقيق المالي", "Excel"])
    assert body["birth_date"] == "1990-05-01"  # an ISO date is never read as a Hijri one
    assert body["available_days"] == [1, 4]
    assert body["full_name"] == "سارة العتيبي"
    profile.refresh_from_db()
    volunteer.refresh_from_db()
    assert profile.phone == "0501234567" and profile.city == city("riyadh")  # kept
    assert profile.years_of_experience == 10 and profile.hours_per_week == 5
    assert profile.birth_date == dt.date(1990, 5, 1)
    assert volunteer.full_name == "سارة العتيبي"
    assert profile.level == "skilled"


@pytest.mark.parametrize(
    "changes, field_name",
    [
        ({"city": 999999}, "city"),
        ({"city": None}, "city"),
        ({"fields": [999999]}, "fields"),
        ({"phone": "12345"}, "phone"),
        ({"birth_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "birth_date"),
        ({"years_of_experience": 71}, "years_of_experience"),
        ({"hours_per_week": 81}, "hours_per_week"),
        ({"available_days": [3]}, "available_days.0"),
        ({"cv_url": "not a url"}, "cv_url"),
        ({"full_name": "<script>"}, "full_name"),
        ({"skills": ["س" * 101]}, "skills"),
        ({"birth_date": "yesterday"}, "birth_date"),
    ],
)
def test_patch_bad_input_names_the_field_and_writes_nothing(volunteer, changes, field_name):
    profile = volunteer.volunteer_profile
    before = (profile.updated_at, volunteer.full_name)
    response = ApiClient(volunteer, language="en").patch("/me/profile/", {"headline": "تغيير", **changes})
    assert response.status_code == 400, response.content
    assert field_name in error_of(response)["fields"]
    profile.refresh_from_db()
    volunteer.refresh_from_db()
    assert (profile.updated_at, volunteer.full_name) == before
    assert profile.headline != "تغيير"


def test_first_patch_creates_the_profile_like_the_web(plain_user):
    client = ApiClient(plain_user, language="en")
    assert client.get("/me/profile/").status_code == 404
    missing_city = client.patch("/me/profile/", {"headline": "مهندس"})
    assert missing_city.status_code == 400 and "city" in error_of(missing_city)["fields"]
    assert not VolunteerProfile.objects.filter(user=plain_user).exists()
    response = client.patch("/me/profile/", {"city": city("jeddah").pk, "headline": "مهندس"})
    assert response.status_code == 200, response.content
    profile = VolunteerProfile.objects.get(user=plain_user)
    assert profile.city == city("jeddah") and profile.work_mode == "both"
    assert response.json()["level"] == "general"
    assert client.get("/me/profile/").json()["id"] == profile.pk


def test_one_volunteer_cannot_touch_anothers_profile(volunteer, other_volunteer):
    response = ApiClient(other_volunteer).patch("/me/profile/", {"headline": "ليس لي"})
    assert response.status_code == 200
    assert response.json()["id"] == other_volunteer.volunteer_profile.pk
    volunteer.volunteer_profile.refresh_from_db()
    assert volunteer.volunteer_profile.headline != "ليس لي"


# --- the charter -----------------------------------------------------------------------------------


def test_accept_the_charter(volunteer):
    client = ApiClient(volunteer, language="en")
    response = client.post("/me/charter/accept/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] is True and body["version"] >= 1
    assert PolicyAcceptance.objects.filter(user=volunteer, policy__kind=PolicyKind.CHARTER).count() == 1
    assert client.get("/me/profile/").json()["charter_accepted"] is True
    # Idempotent.
    assert client.post("/me/charter/accept/", {"version": body["version"]}).status_code == 200
    assert PolicyAcceptance.objects.filter(user=volunteer, policy__kind=PolicyKind.CHARTER).count() == 1


def test_accepting_an_old_version_is_a_conflict(volunteer, publish_charter):
    old = ApiClient(volunteer).post("/me/charter/accept/").json()["version"]
    publish_charter()
    response = ApiClient(volunteer).post("/me/charter/accept/", {"version": old})
    assert response.status_code == 409 and error_of(response)["code"] == "conflict"
    assert PolicyAcceptance.objects.filter(user=volunteer, policy__kind=PolicyKind.CHARTER).count() == 1


def test_charter_bad_input_and_access(volunteer, org_a, admin_a):
    response = ApiClient(volunteer).post("/me/charter/accept/", {"version": "abc"})
    assert response.status_code == 400 and "version" in error_of(response)["fields"]
    assert ApiClient().post("/me/charter/accept/").status_code == 401
    _key, secret = api_services.create_api_key(organization=org_a, by=admin_a, name="HR", scopes=["opportunities:read"])
    assert ApiClient(secret=secret).post("/me/charter/accept/").status_code == 403
    assert not PolicyAcceptance.objects.filter(policy__kind=PolicyKind.CHARTER).exists()


def test_minor_sees_the_guardian_blocker(db):
    from khibra.testing.factories import VolunteerProfileFactory

    minor = VolunteerProfileFactory(birth_date=years_ago(16))
    body = ApiClient(minor.user, language="en").get("/me/profile/").json()
    assert any("guardian" in blocker for blocker in body["blockers"])


def test_the_email_body_carries_the_key():
    ApiClient().post("/volunteers/", SIGNUP)
    body = OutboundEmail.objects.get().body_text
    assert re.search(r"/accounts/confirm-email/[^\s/]+/", body)
