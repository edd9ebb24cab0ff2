"""Pages: a body over the limit gets a 413 page in the URL's language, never a 500 or a bare 400."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
import pytest

pytestmark = pytest.mark.django_db

BIG = "x" * (5 * 1024 * 1024 + 1)


def test_the_sign_in_form_answers_413_in_arabic(client):
    response = client.post(reverse("account_login"), BIG, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    text = response.content.decode()
    assert 'lang="ar" dir="rtl"' in text
    assert "يمكن إرسال 5 ميغابايت على الأكثر" in text


def test_the_english_pages_answer_in_english(client):
    response = client.post("/en/accounts/login/", {"login": "a@example.sa", "password": BIG})
    assert response.status_code == 413
    assert "at most 5 MB can be sent at once" in response.content.decode()


def test_a_file_upload_may_be_larger_than_a_form_but_not_without_end(client, settings):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"x" * (6 * 1024 * 1024))
    small = client.post(reverse("account_login"), {"login": "a@example.sa", "file": upload})
    assert small.status_code == 200
    settings.REQUEST_MAX_UPLOAD_BYTES = 1024 * 1024
    large = client.post(reverse("account_login"), {"login": "a@example.sa", "notes": "x" * (2 * 1024 * 1024)})
    assert large.status_code == 413


def test_a_body_under_the_limit_is_a_normal_request(client):
    response = client.post(reverse("account_login"), {"login": "a@example.sa", "password": "wrong-password"})
    assert response.status_code == 200


def test_a_file_upload_whose_fields_pass_the_limit_answers_413_through_csrf(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get("/en/accounts/login/")  # the CSRF cookie, so that the middleware goes on to read the fields
    response = client.post("/en/accounts/login/", {"login": "a@example.sa", "password": BIG})
    assert response.status_code == 413
    assert "at most 5 MB can be sent at once" in response.content.decode()
