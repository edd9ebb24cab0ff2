"""Nobody learns from an answer whether an e-mail address has an account: sign-up (web and API),
password reset, log-in and a team lead's invitation answer the same for a registered address and
a free one; the owner of a registered address is told by e-mail instead."""

import re

from allauth.account.models import EmailAddress
from django.urls import reverse
import pytest

from khibra.accounts.models import User
from khibra.core.models import OutboundEmail
from khibra.teams import services as teams
from khibra.teams.models import TeamMember
from khibra.testing.api import ApiClient
from khibra.testing.factories import UserFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db
PASSWORD = "كلمة-مرور-طويلة-2026"


@pytest.fixture
def nora(db):
    user = UserFactory(email="nora@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def signup_data(email):
    return {"full_name": "سارة العتيبي", "email": email, "password1": PASSWORD, "password2": PASSWORD, "accept_privacy": "on"}


def page_text(response, email):
    text = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r"\1TOKEN", text)


def messages_shown(response) -> str:
    match = re.search(r'<ul class="messages">.*?</ul>', response.content.decode(), re.S)
    return match.group(0) if match else ""


def test_web_sign_up_answers_the_same_for_a_registered_address(client, nora):
    free = client.post(reverse("account_signup"), signup_data("free@example.sa"), follow=True)
    client.logout()
    taken = client.post(reverse("account_signup"), signup_data("Nora@Example.sa"), follow=True)

    assert taken.redirect_chain == free.redirect_chain
    assert page_text(taken, "nora@example.sa") == page_text(free, "free@example.sa")
    assert User.objects.filter(email__iexact="nora@example.sa").count() == 1
    told = OutboundEmail.objects.get(to="nora@example.sa")
    assert "/accounts/password/reset/" in told.body_text  # "somebody tried to sign up; reset your password if it was you"


def test_password_reset_answers_the_same_for_an_unknown_address(client, nora):
    known = client.post(reverse("account_reset_password"), {"email": "nora@example.sa"}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.sa"}, follow=True)

    assert unknown.redirect_chain == known.redirect_chain
    assert page_text(unknown, "nobody@example.sa") == page_text(known, "nora@example.sa")
    assert "/accounts/password/reset/key/" in OutboundEmail.objects.get(to="nora@example.sa").body_text
    # The unknown address is told that it has no account (and how to sign up), without a reset key.
    assert "/accounts/password/reset/key/" not in OutboundEmail.objects.get(to="nobody@example.sa").body_text


def test_log_in_answers_the_same_for_an_unknown_address_and_a_wrong_password(client, nora):
    wrong = client.post(reverse("account_login"), {"login": "nora@example.sa", "password": "wrong-password-1"})
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.sa", "password": "wrong-password-1"})

    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_api_sign_up_answers_the_same_for_a_registered_address(nora):
    payload = {"full_name": "سارة العتيبي", "password": PASSWORD, "accept_privacy": True}
    free = ApiClient(language="en").post("/volunteers/", {**payload, "email": "free@example.sa"})
    taken = ApiClient(language="en").post("/volunteers/", {**payload, "email": "NORA@example.sa"})

    assert free.status_code == taken.status_code == 202
    assert taken.json() == {**free.json(), "email": "nora@example.sa"}
    assert set(free.json()) == {"email", "detail"}
    assert User.objects.filter(email__iexact="nora@example.sa").count() == 1
    assert OutboundEmail.objects.filter(to="nora@example.sa").count() == 1


def test_api_token_answers_the_same_for_an_unknown_address(nora):
    wrong = ApiClient(language="en").post("/auth/token/", {"email": "nora@example.sa", "password": "wrong-password-1"})
    unknown = ApiClient(language="en").post("/auth/token/", {"email": "nobody@example.sa", "password": "wrong-password-1"})

    assert wrong.status_code == unknown.status_code
    assert wrong.json() == unknown.json()


# --- a team lead's invitation ------------------------------------------------------------------


@pytest.fixture
def team(volunteer):
    return teams.create_team(by=volunteer, name="فريق التحول الرقمي", description="فريق من المطورين.")


@pytest.fixture
def addresses(plain_user):
    profile = VolunteerProfileFactory()
    return {
        "a volunteer": profile.user.email,
        "an account without a volunteer profile": plain_user.email,
        "nobody": "nobody@example.sa",
    }


def test_the_invitation_page_answers_the_same_whoever_the_address_is(client, volunteer, team, addresses):
    client.force_login(volunteer)
    answers = {}
    for who, email in [*addresses.items(), ("the volunteer again", addresses["a volunteer"])]:
        response = client.post(reverse("teams:invite", args=[team.pk]), {"email": email}, follow=True)
        answers[who] = (response.redirect_chain, response.status_code, messages_shown(response))

    assert len(set(map(repr, answers.values()))) == 1, answers
    assert "invitation" in answers["nobody"][2] or "الدعوة" in answers["nobody"][2]
    # What happened behind the answer: the volunteer is invited, the others got an e-mail.
    assert TeamMember.objects.filter(team=team, status="invited").count() == 1
    assert OutboundEmail.objects.filter(to__in=[addresses["nobody"], addresses["an account without a volunteer profile"]]).count() == 2


def test_the_invitation_api_answers_the_same_whoever_the_address_is(volunteer, team, addresses):
    api = ApiClient(volunteer, language="en")
    answers = [api.post(f"/teams/{team.pk}/members/", {"email": email}) for email in addresses.values()]

    assert {response.status_code for response in answers} == {202}
    assert len({response.content for response in answers}) == 1


def test_an_invitation_to_a_bad_address_is_still_refused(client, volunteer, team):
    # What the lead typed is checked; only the account behind it stays unknown.
    client.force_login(volunteer)
    assert client.post(reverse("teams:invite", args=[team.pk]), {"email": "not-an-email"}).status_code == 400
