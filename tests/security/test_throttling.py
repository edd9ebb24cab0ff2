"""Log-in lock-out (django-axes: 5 failures for one e-mail from one address lock that pair for 30
minutes) and allauth's per-address limits on sign-up and password reset (5 a minute). Rate limits
live in the cache: locmem in one process, Redis when REDIS_URL is set (shared by every worker)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
import pytest

from khibra.accounts.models import User
from khibra.core.models import OutboundEmail
from khibra.testing.api import ApiClient
from khibra.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "كلمة-مرور-قوية-123"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


@pytest.fixture
def nora(db):
    user = UserFactory(email="nora@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.fixture
def reem(db):
    user = UserFactory(email="reem@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def log_in(client, email, password=PASSWORD, ip=HOME):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client, email="nora@example.sa", ip=HOME):
    for n in range(5):
        response = log_in(client, email, "wrong-password", ip=ip)
        # The form again with its error; the fifth failure already answers with the lock-out page.
        assert response.status_code == (429 if n == 4 else 200)


def time_passes(minutes: int) -> None:
    """Move the recorded failures back in time, and let the cache's short windows expire."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))
    cache.clear()


def test_five_failures_lock_that_email_from_that_address(client, nora):
    fail_five_times(client)
    cache.clear()  # past allauth's own 5-minute window: what still holds is the 30-minute lock

    response = log_in(client, "nora@example.sa")

    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)  # the lock-out's cool-off
    assert "_auth_user_id" not in client.session
    assert b'href="/accounts/password/reset/"' in response.content  # the page offers a reset


def test_four_failures_do_not_lock(client, nora):
    for _ in range(4):
        log_in(client, "nora@example.sa", "wrong-password")

    assert log_in(client, "nora@example.sa").status_code == 302


def test_the_lock_does_not_reach_another_address_or_another_account(client, nora, reem):
    fail_five_times(client)
    cache.clear()

    assert log_in(client, "reem@example.sa").status_code == 302
    client.logout()
    assert log_in(client, "nora@example.sa", ip=ELSEWHERE).status_code == 302


def test_the_lock_still_holds_after_29_minutes(client, nora):
    fail_five_times(client)
    time_passes(29)

    assert log_in(client, "nora@example.sa").status_code == 429


def test_the_lock_lifts_after_30_minutes(client, nora):
    # (An attempt during the lock starts the 30 minutes again: AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT.)
    fail_five_times(client)
    time_passes(31)

    response = log_in(client, "nora@example.sa")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == nora.pk


def test_a_locked_account_is_locked_on_the_api_too(nora):
    for _ in range(5):
        ApiClient().post("/auth/token/", {"email": "nora@example.sa", "password": "wrong-password"})
    cache.clear()

    response = ApiClient().post("/auth/token/", {"email": "nora@example.sa", "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)


# --- sign-up and password reset: 5 a minute from one address ---------------------------------


def sign_up(client, n, ip=HOME, path=None):
    data = {
        "full_name": "سارة العتيبي", "email": f"p{n}@example.sa", "password1": "كلمة-مرور-طويلة-2026",
        "password2": "كلمة-مرور-طويلة-2026", "accept_privacy": "on",
    }
    return client.post(path or reverse("account_signup"), data, REMOTE_ADDR=ip)


def test_the_sixth_sign_up_in_a_minute_from_one_address_is_turned_away_kindly(client):
    for n in range(5):
        assert sign_up(client, n).status_code == 302
        client.logout()

    response = sign_up(client, 5)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert b'id="too-many-requests"' in response.content  # the friendly page, in the site's layout
    assert not User.objects.filter(email="p5@example.sa").exists()
    # Another address is not held back, and neither is this one a minute later.
    assert sign_up(client, 6, ip=ELSEWHERE).status_code == 302
    cache.clear()
    client.logout()
    assert sign_up(client, 7).status_code == 302


def test_the_throttled_page_speaks_english_on_the_english_site(client):
    for n in range(5):
        sign_up(client, n, path="/en/accounts/signup/")
        client.logout()

    response = sign_up(client, 5, path="/en/accounts/signup/")

    assert response.status_code == 429
    assert b"Too many requests" in response.content


def test_the_sixth_password_reset_in_a_minute_from_one_address_is_turned_away(client, nora):
    for n in range(5):
        response = client.post(reverse("account_reset_password"), {"email": f"r{n}@example.sa"}, REMOTE_ADDR=HOME)
        assert response.status_code == 302

    response = client.post(reverse("account_reset_password"), {"email": "nora@example.sa"}, REMOTE_ADDR=HOME)

    assert response.status_code == 429
    assert b'id="too-many-requests"' in response.content
    assert not OutboundEmail.objects.filter(to="nora@example.sa").exists()
    assert client.post(reverse("account_reset_password"), {"email": "nora@example.sa"}, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_the_sixth_api_sign_up_in_a_minute_is_refused():
    for n in range(5):
        response = ApiClient().post("/volunteers/", {"full_name": "سارة العتيبي", "email": f"a{n}@example.sa",
                                                     "password": "كلمة-مرور-طويلة-2026", "accept_privacy": True})
        assert response.status_code == 202

    response = ApiClient().post("/volunteers/", {"full_name": "سارة العتيبي", "email": "late@example.sa",
                                                 "password": "كلمة-مرور-طويلة-2026", "accept_privacy": True})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"  # docs/api.md: every 429 says when to try again
    assert not User.objects.filter(email="late@example.sa").exists()


def test_the_limits_are_per_address(settings):
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["signup"] == "5/m/ip"
    assert "5/m/ip" in limits["reset_password"].split(",")
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
