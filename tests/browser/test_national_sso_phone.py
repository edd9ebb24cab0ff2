"""A new volunteer signs in through the national single sign-on (the local OpenID Connect
provider), in Arabic, and verifies a mobile number with a code from the console SMS backend."""

import copy
import re

from django.core import mail
import pytest

from khibra.accounts.models import User
from khibra.core.sms import ConsoleSmsBackend
from khibra.testing.standins.oidc import PERSON, OidcProvider
from khibra.volunteers.models import IdentityStatus

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    stand_in = OidcProvider(client_id="khibra-browser", client_secret="browser-secret").start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "national_sso": {
            "OAUTH_PKCE_ENABLED": True,
            "EMAIL_AUTHENTICATION": False,
            "APP": {
                "client_id": "khibra-browser",
                "secret": "browser-secret",
                "settings": {"server_url": stand_in.url, "token_auth_method": "client_secret_basic"},
            },
        }
    }
    # As settings.py does for NATIONAL_SSO_ISSUER: the sign-in form's redirect goes to the provider.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(stand_in.url)
    settings.CONTENT_SECURITY_POLICY = policy
    settings.SMS_BACKEND = "khibra.core.sms.ConsoleSmsBackend"
    ConsoleSmsBackend.outbox.clear()
    yield stand_in
    stand_in.stop()


def test_a_new_volunteer_signs_in_nationally_and_verifies_a_mobile_number_in_arabic(page, provider):
    # 1. The log-in page offers the national single sign-on.
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    link = page.locator("#sso-national_sso")
    assert "النفاذ الوطني الموحد" in link.inner_text()
    screenshot(page, "sso-01-login-ar")
    link.click()
    page.wait_for_url("**/accounts/national_sso/login/**")
    page.locator("main form button[type=submit]").click()

    # 2. At the provider (the stand-in), the person approves; back on Khibra, the sign-up form.
    page.wait_for_url(f"{provider.url}/authorize**")
    page.click("#standin-approve")
    page.wait_for_url("**/accounts/3rdparty/signup/")
    assert PERSON["name"] in page.locator("#sso-person").inner_text()
    screenshot(page, "sso-02-signup-ar")
    check_accessibility(page, "national sign-up")
    page.fill("#id_email", "noura@example.sa")
    page.check("#id_accept_privacy")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # 3. The e-mail is confirmed from the link in the message.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    user = User.objects.get(email="noura@example.sa")
    assert user.full_name == PERSON["name"]
    profile = user.volunteer_profile
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.national_id == PERSON["national_id"]

    page.goto("/volunteer/profile/identity/")
    assert page.locator("#identity-status").get_attribute("data-status") == "verified"
    screenshot(page, "sso-03-identity-verified-ar")

    # 4. The mobile number: a code by SMS (the console backend), typed back.
    profile.phone = "+966551234567"
    profile.save()
    page.goto("/volunteer/profile/phone/")
    screenshot(page, "sso-04-phone-ar")
    check_accessibility(page, "phone verification")
    page.click("#phone-send")
    page.wait_for_selector("#phone-confirm-form")
    (message,) = ConsoleSmsBackend.outbox
    assert message["to"] == "+966551234567"
    code = re.search(r"\d{6}", message["body"]).group(0)
    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.click("#phone-confirm")
    assert "ليس صحيحًا" in page.locator("#id_code_error").inner_text()
    screenshot(page, "sso-05-phone-wrong-code-ar")
    page.fill("#id_code", code)
    page.click("#phone-confirm")
    page.wait_for_url("**/volunteer/profile/")
    assert page.locator("#phone-verified").is_visible()
    screenshot(page, "sso-06-profile-phone-verified-ar")
    profile.refresh_from_db()
    assert profile.phone_verified_at is not None

    # The phone page in English, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/volunteer/profile/phone/")
    screenshot(page, "sso-07-phone-en-390")


def test_a_volunteer_with_an_email_account_connects_the_national_account_from_the_identity_page(page, provider):
    from allauth.account.models import EmailAddress

    from khibra.testing.factories import VolunteerProfileFactory

    profile = VolunteerProfileFactory(user__email="sara@example.sa", user__full_name="سارة العتيبي")
    EmailAddress.objects.create(user=profile.user, email=profile.user.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.fill("#id_login", "sara@example.sa")
    page.fill("#id_password", "كلمة-مرور-قوية-123")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto("/volunteer/profile/identity/")
    screenshot(page, "sso-08-identity-connect-ar")
    check_accessibility(page, "identity with the national sign-on")
    page.click("#national-sso-connect")
    page.wait_for_url(f"{provider.url}/authorize**")
    page.click("#standin-approve")
    page.wait_for_url("**/volunteer/profile/identity/")
    assert page.locator("#identity-status").get_attribute("data-status") == "verified"
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.user.socialaccount_set.get().provider == "national_sso"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/volunteer/profile/identity/")
    screenshot(page, "sso-09-identity-verified-en-390")
