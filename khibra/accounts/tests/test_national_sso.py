"""National single sign-on end to end against the local OpenID Connect provider (the stand-in):
discovery, authorization, code exchange, RS256 ID token checked with the published keys, user info.
"""

from urllib.parse import parse_qs, urlsplit

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse
import pytest

from khibra.accounts.models import PolicyAcceptance, User
from khibra.core.models import AuditEvent
from khibra.testing.factories import UserFactory, VolunteerProfileFactory
from khibra.testing.standins.oidc import PERSON, OidcProvider
from khibra.volunteers.models import IdentityStatus, VolunteerProfile

NUMBER = PERSON["national_id"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    stand_in = OidcProvider(client_id="khibra-test", client_secret="test-secret").start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "national_sso": {
            "OAUTH_PKCE_ENABLED": True,
            "EMAIL_AUTHENTICATION": False,
            "APP": {
                "client_id": "khibra-test",
                "secret": "test-secret",
                "settings": {"server_url": stand_in.url, "token_auth_method": "client_secret_basic"},
            },
        }
    }
    yield stand_in
    stand_in.stop()


def start(client, provider, **data):
    """Press "sign in with the national single sign-on": returns the provider's authorize parameters."""
    response = client.post(reverse("national_sso_login"), data)
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == provider.url
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def come_back(client, provider, params):
    """The person approves at the provider, which sends the browser back to the callback."""
    back = urlsplit(provider.approve(params))
    return client.get(f"{back.path}?{back.query}")


def sign_in(client, provider, **data):
    return come_back(client, provider, start(client, provider, **data))


def test_it_sends_the_person_to_the_provider_with_pkce_and_the_scopes(client, provider):
    params = start(client, provider)
    assert params["client_id"] == "khibra-test"
    assert set(params["scope"].split()) == {"openid", "profile"}
    assert params["code_challenge_method"] == "S256"
    assert params["redirect_uri"] == "http://testserver/accounts/national_sso/login/callback/"


def test_a_new_person_signs_up_and_their_identity_is_verified_without_review(client, provider):
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    form = client.get(response["Location"])
    assert "accept_privacy" in form.content.decode()

    response = client.post(reverse("socialaccount_signup"), {"email": "noura@example.sa", "accept_privacy": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="noura@example.sa")
    assert user.full_name == PERSON["name"]
    assert PolicyAcceptance.objects.filter(user=user, policy__kind="privacy").exists()
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.national_id == NUMBER
    assert profile.identity_checked_by is None
    assert AuditEvent.objects.filter(verb="profile.identity.national_sso", target_id=str(profile.pk)).exists()
    account = SocialAccount.objects.get(user=user)
    assert account.uid == NUMBER
    assert "birthdate" not in str(account.extra_data), "only the mapped claims are kept"
    # The e-mail is the person's to confirm before they can sign in.
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1


def test_the_signup_form_needs_the_consent(client, provider):
    sign_in(client, provider)
    response = client.post(reverse("socialaccount_signup"), {"email": "noura@example.sa"})
    assert response.status_code == 200
    assert "accept_privacy" in response.context["form"].errors
    assert not User.objects.filter(email="noura@example.sa").exists()


def test_a_connected_person_signs_in_and_a_new_name_reaches_the_profile(client, provider):
    user = UserFactory(email="noura@example.sa", full_name="نورة العتيبي")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    SocialAccount.objects.create(user=user, provider="national_sso", uid=NUMBER, extra_data={})
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.full_name == PERSON["name"]
    assert user.volunteer_profile.identity_status == IdentityStatus.VERIFIED


def test_an_existing_account_is_not_linked_by_its_email_alone(client, provider):
    owner = UserFactory(email="noura@example.sa")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    provider.person["email"] = "noura@example.sa"
    response = sign_in(client, provider)
    assert response["Location"] == reverse("socialaccount_signup"), "not signed in to the owner's account"
    assert "_auth_user_id" not in client.session
    # The sign-up answers as for any address (nobody learns who has an account) but creates and
    # links nothing; the address's owner is told by e-mail, and can connect after signing in.
    response = client.post(reverse("socialaccount_signup"), {"email": "noura@example.sa", "accept_privacy": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="noura@example.sa").count() == 1
    assert not VolunteerProfile.objects.filter(user=owner).exists()
    assert [message.to for message in mail.outbox] == [["noura@example.sa"]]


def test_the_owner_connects_the_national_account_while_signed_in(client, provider):
    profile = VolunteerProfileFactory(user__email="noura@example.sa")
    client.force_login(profile.user)
    response = sign_in(client, provider, process="connect")
    assert response.status_code == 302
    assert SocialAccount.objects.get(provider="national_sso").user == profile.user
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.national_id == NUMBER


def test_a_number_verified_on_another_account_is_not_moved(client, provider):
    holder = VolunteerProfileFactory(national_id=NUMBER, identity_status=IdentityStatus.VERIFIED)
    profile = VolunteerProfileFactory()
    client.force_login(profile.user)
    sign_in(client, provider, process="connect")
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.UNVERIFIED
    holder.refresh_from_db()
    assert holder.identity_status == IdentityStatus.VERIFIED
    refused = AuditEvent.objects.get(verb="profile.identity.national_sso_refused")
    assert refused.data["reason"] == "number_taken"


@pytest.mark.parametrize("mode", ["bad_signature", "expired", "wrong_audience", "wrong_issuer"])
def test_an_id_token_that_fails_its_checks_signs_nobody_in(client, provider, mode):
    provider.id_token_mode = mode
    response = sign_in(client, provider)
    assert response.status_code == 401
    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert not VolunteerProfile.objects.exists()


def test_a_replayed_state_is_refused(client, provider):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    SocialAccount.objects.create(user=user, provider="national_sso", uid=NUMBER, extra_data={})
    params = start(client, provider)
    back = urlsplit(provider.approve(params))
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.logout()
    # The same state again (with a fresh, valid code): the state was used up with the first sign-in.
    again = urlsplit(provider.approve(params))
    response = client.get(f"{again.path}?{again.query}")
    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_a_state_from_another_browser_is_refused(client, provider, django_user_model):
    from django.test import Client

    params = start(Client(), provider)
    response = come_back(client, provider, params)
    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert not SocialAccount.objects.exists()


def test_erasing_the_account_removes_the_national_link_and_the_phone_codes(volunteer):
    from datetime import timedelta

    from django.utils import timezone

    from khibra.accounts.models import PhoneCode
    from khibra.privacy import services as privacy

    SocialAccount.objects.create(
        user=volunteer, provider="national_sso", uid=NUMBER, extra_data={"national_id": NUMBER}
    )
    PhoneCode.objects.create(
        user=volunteer, phone="+966551234567", code_hash="x", expires_at=timezone.now() + timedelta(minutes=5)
    )
    assert privacy.erase_account(user=volunteer, by=volunteer) is True
    assert not SocialAccount.objects.filter(user=volunteer).exists()
    assert not PhoneCode.objects.filter(user=volunteer).exists()
