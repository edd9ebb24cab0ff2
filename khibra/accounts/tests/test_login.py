from axes.models import AccessAttempt
from django.urls import reverse
import pytest

from khibra.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "كلمة-مرور-قوية-123"


@pytest.fixture
def verified_user(db):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="nora@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def test_it_logs_in_with_email_and_password(client, verified_user):
    response = client.post(reverse("account_login"), {"login": "Nora@Example.sa", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_an_unverified_email_cannot_log_in(client):
    UserFactory(email="new@example.sa")
    response = client.post(reverse("account_login"), {"login": "new@example.sa", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response.url


def test_five_failures_lock_the_account_from_that_address(client, verified_user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "nora@example.sa", "password": "wrong-password"})

    response = client.post(reverse("account_login"), {"login": "nora@example.sa", "password": PASSWORD})

    # The right password no longer gets in: the lock holds for 30 minutes.
    assert response.status_code != 302
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="nora@example.sa").failures_since_start >= 5


def test_a_lock_on_one_account_does_not_block_another(client, verified_user):
    from allauth.account.models import EmailAddress

    other = UserFactory(email="reem@example.sa")
    EmailAddress.objects.create(user=other, email=other.email, primary=True, verified=True)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "nora@example.sa", "password": "wrong-password"})

    response = client.post(reverse("account_login"), {"login": "reem@example.sa", "password": PASSWORD})

    assert response.status_code == 302


def test_log_out_needs_a_post(client, verified_user):
    client.force_login(verified_user)
    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_the_dashboard_needs_a_login(client):
    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_password_reset_sends_a_link(client, verified_user, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nora@example.sa"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
