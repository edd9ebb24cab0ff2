"""The e-mails the platform sends, rendered in both languages: each one's links (in the text and
in the HTML part) resolve on the running site, and the page behind the action link answers.

The root conftest checks every e-mail any test makes the platform send the same way
(`_emails_link_to_the_site`); this file adds the kinds people meet first, in Arabic and English,
and opens their links with the test client."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
import pytest

from khibra.core.mail import queue_email
from khibra.core.models import OutboundEmail
from khibra.testing.email_links import links, unresolved

pytestmark = pytest.mark.django_db


def opened(client, link: str) -> int:
    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path).status_code


def check(client, emails) -> None:
    assert emails, "no e-mail was sent"
    for email in emails:
        assert email.body_html and links(email), email.subject
        assert unresolved(email) == [], email.subject
        for link in links(email):
            if link.startswith(settings.SITE_URL):
                assert opened(client, link) != 404, link


@pytest.mark.parametrize("language", ["ar", "en"])
def test_sign_up_and_password_reset_e_mails_link_to_the_site(client, language, volunteer):
    client.post(f"/{'en/' if language == 'en' else ''}accounts/password/reset/", {"email": volunteer.email})
    client.post(
        f"/{'en/' if language == 'en' else ''}accounts/signup/",
        {
            "full_name": "سارة العتيبي",
            "email": "new-person@example.sa",
            "password1": "كلمة-مرور-طويلة-2026",
            "password2": "كلمة-مرور-طويلة-2026",
            "accept_privacy": "on",
        },
    )
    emails = list(OutboundEmail.objects.all())
    check(client, emails)
    assert {email.to for email in emails} >= {volunteer.email, "new-person@example.sa"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_organization_invitation_links_to_its_page(client, language, admin_a, org_a):
    from khibra.organizations import services

    admin_a.preferred_language = language
    admin_a.save(update_fields=["preferred_language"])
    with translation.override(language):
        services.invite_member(organization=org_a, by=admin_a, email="newcomer@example.sa", role="manager")
    check(client, list(OutboundEmail.objects.filter(to="newcomer@example.sa")))


def test_a_dead_link_is_caught(settings):
    settings.SITE_URL = "http://127.0.0.1:8104"
    email = queue_email(to="x@example.sa", subject="s", body_text="Open http://127.0.0.1:8104/no-such-page/ now")
    wrong_port = queue_email(to="y@example.sa", subject="t", body_text="Open http://127.0.0.1:8000/ now")
    right = queue_email(to="z@example.sa", subject="u", body_text="Open http://127.0.0.1:8104/opportunities/ now")
    assert unresolved(email) and "not the site's" in unresolved(wrong_port)[0] and unresolved(right) == []
    OutboundEmail.objects.all().delete()  # not real e-mails: the conftest check would refuse them
