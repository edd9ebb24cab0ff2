"""Arabic at `/` (right to left), English under `/en/` (left to right), and the switch between them."""

import re

from django.urls import reverse
import pytest

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def _heading(response) -> str:
    return re.search(r'<h1 id="hero-title">(.*?)</h1>', response.content.decode(), re.S).group(1).strip()


def test_the_home_page_is_arabic_and_right_to_left(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert response["Content-Language"] == "ar"


def test_the_english_home_page_is_left_to_right(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_the_unprefixed_site_stays_arabic_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_two_languages_show_different_text(client):
    arabic = client.get("/")
    english = client.get("/en/")
    assert _title(english) == "Khibra — professional volunteering"
    assert _heading(english) == "Your expertise can move a non-profit forward"
    assert _title(arabic) != _title(english)
    assert _heading(arabic) != _heading(english)
    assert re.search("[\u0600-\u06ff]", _heading(arabic))


def test_the_language_switch_posts_to_set_language_and_keeps_the_page(client):
    html = client.get("/organizations/").content.decode()
    form = re.search(r'<form action="([^"]+)" method="post" class="language-switch">(.*?)</form>', html, re.S)
    assert form is not None
    assert form.group(1) == reverse("set_language")
    # The page's own address in the other language, so that nothing is lost on the way back.
    assert 'name="next" type="hidden" value="/en/organizations/"' in form.group(2)
    assert 'name="language" value="en"' in form.group(2)


def test_switching_to_english_goes_to_the_same_page_in_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/organizations/"})
    assert response.status_code == 302
    assert response.url == "/en/organizations/"
    assert '<html lang="en" dir="ltr">' in client.get(response.url).content.decode()


def test_switching_back_to_arabic_drops_the_prefix(client):
    english = client.get("/en/organizations/").content.decode()
    assert 'name="next" type="hidden" value="/organizations/"' in english
    assert 'name="language" value="ar"' in english
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/organizations/"})
    assert response.status_code == 302
    assert response.url == "/organizations/"


def test_the_switch_keeps_the_query_string(client):
    html = client.get("/organizations/?city=jeddah").content.decode()
    assert 'name="next" type="hidden" value="/en/organizations/?city=jeddah"' in html


def test_the_switch_refuses_to_send_you_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_allauth_pages_follow_the_language(client):
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("account_login")).content.decode()
    assert '<html lang="en" dir="ltr">' in client.get("/en/accounts/login/").content.decode()


def test_the_health_endpoint_answers_without_a_language_prefix(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_a_volunteer_with_unread_notifications_sees_the_count_in_arabic(client, volunteer):
    from khibra.core.models import Notification

    Notification.objects.create(user=volunteer, kind="test", title="إشعار")
    client.force_login(volunteer)

    response = client.get("/")

    assert response.status_code == 200
    assert 'id="notification-count"' in response.content.decode()
