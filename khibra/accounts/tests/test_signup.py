import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
import pytest

from khibra.accounts.models import PolicyAcceptance, PolicyKind, User
from khibra.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "سارة بنت عبدالله العتيبي",
    "email": "sara@example.sa",
    "password1": "كلمة-مرور-طويلة-2026",
    "password2": "كلمة-مرور-طويلة-2026",
    "accept_privacy": "on",
}


def test_it_creates_the_user_with_consent_and_queues_the_verification_email(client):
    response = client.post(reverse("account_signup"), GOOD)

    assert response.status_code == 302
    user = User.objects.get(email="sara@example.sa")
    assert user.full_name == "سارة بنت عبدالله العتيبي"
    assert user.preferred_language == "ar"
    acceptance = PolicyAcceptance.objects.get(user=user)
    assert acceptance.policy.kind == PolicyKind.PRIVACY
    assert acceptance.ip_address == "127.0.0.1"
    assert OutboundEmail.objects.filter(to="sara@example.sa", status=OutboundEmail.Status.SENT).count() == 1
    assert len(mail.outbox) == 1
    assert not EmailAddress.objects.get(user=user).verified


def test_it_verifies_the_email_from_the_link(client):
    client.post(reverse("account_signup"), GOOD)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.post("/" + path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="sara@example.sa").verified


def test_it_signs_up_in_english_too(client):
    response = client.post("/en/accounts/signup/", {**GOOD, "full_name": "Sara Al-Otaibi"})

    assert response.status_code == 302
    assert User.objects.get(email="sara@example.sa").preferred_language == "en"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "123456"}, "full_name"),
        ({"full_name": "س" * 151}, "full_name"),
        ({"full_name": "<script>"}, "full_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"password2": "different-password-1"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
        ({"accept_privacy": ""}, "accept_privacy"),
    ],
)
def test_it_rejects_bad_input_and_writes_nothing(client, changes, field):
    data = {**GOOD, **changes}
    if not data["accept_privacy"]:
        del data["accept_privacy"]

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == 0
    assert PolicyAcceptance.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_a_taken_email_whatever_its_case_answers_like_a_new_one_and_tells_the_owner(client, plain_user):
    # No enumeration (ACCOUNT_PREVENT_ENUMERATION): the same redirect as a new sign-up; no second
    # account; the address's owner gets an e-mail saying somebody tried to sign up with it.
    new = client.post(reverse("account_signup"), GOOD)
    response = client.post(reverse("account_signup"), {**GOOD, "email": plain_user.email.upper()})

    assert response.status_code == new.status_code == 302
    assert response.url == new.url
    assert User.objects.filter(email__iexact=plain_user.email).count() == 1
    assert OutboundEmail.objects.filter(to__iexact=plain_user.email).count() == 1


def test_the_error_is_translated(client):
    # Messages are lazy: read each one while its request's language is active.
    arabic = str(client.post(reverse("account_signup"), {**GOOD, "full_name": "123"}).context["form"].errors["full_name"][0])
    english = str(client.post("/en/accounts/signup/", {**GOOD, "full_name": "123"}).context["form"].errors["full_name"][0])

    assert arabic != english
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic)


def test_it_accepts_names_in_any_script(client):
    response = client.post(reverse("account_signup"), {**GOOD, "full_name": "José Núñez 李雷"})

    assert response.status_code == 302
