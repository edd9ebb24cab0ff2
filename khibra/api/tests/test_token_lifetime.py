"""Personal tokens expire API_TOKEN_LIFETIME_DAYS after their issue, and a new password — changed,
reset through the e-mailed link, or set — revokes all of them (and Django ends the other sessions)."""

from datetime import timedelta
import re

from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.api import services
from khibra.api.models import ApiToken
from khibra.core.models import AuditEvent
from khibra.testing.api import ApiClient, error_of
from khibra.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "كلمة-مرور-قوية-123"
NEW_PASSWORD = "سر-جديد-أطول-من-قبل-987"


@pytest.fixture
def nora(db):
    user = UserFactory(email="nora@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _age(token_id: int, days: float) -> None:
    ApiToken.objects.filter(pk=token_id).update(created_at=timezone.now() - timedelta(days=days))


def test_a_token_works_until_its_lifetime_ends(nora, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token, secret = services.issue_token(user=nora, name="laptop")
    client = ApiClient(secret=secret)
    listed = client.get("/auth/tokens/").json()
    assert listed[0]["expires_at"][:10] == (token.created_at + timedelta(days=30)).date().isoformat()

    _age(token.pk, 29.9)
    assert client.get("/auth/tokens/").status_code == 200
    _age(token.pk, 30.01)
    response = client.get("/auth/tokens/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_an_expired_token_no_longer_counts_or_shows(nora, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    old, _secret = services.issue_token(user=nora, name="old")
    _age(old.pk, 31)
    fresh, secret = services.issue_token(user=nora, name="fresh")
    assert [row["id"] for row in ApiClient(secret=secret).get("/auth/tokens/").json()] == [fresh.pk]


def test_a_reset_through_the_emailed_link_revokes_every_token_and_other_sessions(nora, mailoutbox):
    _token, secret = services.issue_token(user=nora, name="laptop")
    other_browser = Client()
    other_browser.force_login(nora)
    assert ApiClient(secret=secret).get("/auth/tokens/").status_code == 200

    browser = Client()
    assert browser.post(reverse("account_reset_password"), {"email": nora.email}).status_code == 302
    link = re.search(r"https?://[^/\s]+(/\S*/accounts/password/reset/key/\S+|/accounts/password/reset/key/\S+)", mailoutbox[-1].body).group(1)
    form = browser.get(link, follow=True)
    assert form.status_code == 200
    done = browser.post(form.redirect_chain[-1][0] if form.redirect_chain else link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302, done.content.decode()[:500]
    nora.refresh_from_db()
    assert nora.check_password(NEW_PASSWORD)

    response = ApiClient(secret=secret).get("/auth/tokens/")
    assert response.status_code == 401
    assert ApiToken.objects.get(user=nora).revoked_at is not None
    assert AuditEvent.objects.filter(verb="api.tokens.revoked_on_new_password", target_id=str(nora.pk)).count() == 1
    assert other_browser.get(reverse("core:dashboard")).status_code == 302  # signed out


def test_changing_the_password_revokes_every_token_and_keeps_this_session(nora):
    _one, first = services.issue_token(user=nora, name="laptop")
    _two, second = services.issue_token(user=nora, name="phone")
    browser = Client()
    browser.force_login(nora)
    other_browser = Client()
    other_browser.force_login(nora)

    response = browser.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert ApiClient(secret=first).get("/auth/tokens/").status_code == 401
    assert ApiClient(secret=second).get("/auth/tokens/").status_code == 401
    assert browser.get(reverse("core:dashboard")).status_code == 200
    assert other_browser.get(reverse("core:dashboard")).status_code == 302


def test_a_new_password_leaves_other_peoples_tokens_alone(nora):
    other = UserFactory(email="sara@example.sa")
    _token, secret = services.issue_token(user=other, name="laptop")
    browser = Client()
    browser.force_login(nora)
    browser.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert ApiClient(secret=secret).get("/auth/tokens/").status_code == 200


def test_a_token_issued_after_the_new_password_works(nora):
    services.issue_token(user=nora, name="before")
    services.revoke_tokens_for_new_password(user=nora)
    _token, secret = services.issue_token(user=nora, name="after")
    assert ApiClient(secret=secret).get("/auth/tokens/").status_code == 200


def test_a_password_replaced_by_platform_staff_or_the_command_line_revokes_tokens_too(nora):
    # The admin's "change password" form and `manage.py changepassword` call set_password() and
    # save(); no allauth signal fires there, the account's own hook does.
    from django.contrib.auth.forms import AdminPasswordChangeForm

    _token, secret = services.issue_token(user=nora, name="laptop")
    form = AdminPasswordChangeForm(nora, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    assert ApiClient(secret=secret).get("/auth/tokens/").status_code == 401

    _token, secret = services.issue_token(user=nora, name="phone")
    nora.full_name = "نورة الشهري"
    nora.save()  # a save that keeps the password changes nothing
    assert ApiClient(secret=secret).get("/auth/tokens/").status_code == 200


def test_tokens_that_stopped_working_long_ago_are_forgotten(nora, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    working, _ = services.issue_token(user=nora, name="laptop")
    expired_lately, _ = services.issue_token(user=nora, name="old phone")
    expired_long_ago, _ = services.issue_token(user=nora, name="older phone")
    revoked_lately, _ = services.issue_token(user=nora, name="tablet")
    revoked_long_ago, _ = services.issue_token(user=nora, name="old tablet")
    _age(expired_lately.pk, 90 + services.STALE_TOKEN_DAYS - 1)
    _age(expired_long_ago.pk, 90 + services.STALE_TOKEN_DAYS + 1)
    now = timezone.now()
    ApiToken.objects.filter(pk=revoked_lately.pk).update(revoked_at=now - timedelta(days=1))
    ApiToken.objects.filter(pk=revoked_long_ago.pk).update(revoked_at=now - timedelta(days=services.STALE_TOKEN_DAYS + 1))
    assert services.forget_stale_tokens() == 2
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"laptop", "old phone", "tablet"}
    # What happened to the forgotten ones stays in the audit trail.
    assert AuditEvent.objects.filter(verb="api.token.issued").count() == 5
