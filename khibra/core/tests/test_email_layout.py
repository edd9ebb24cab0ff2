"""Every e-mail gets the platform's HTML face, right to left in Arabic, its one link as a button."""

from django.utils import translation
import pytest

from khibra.core.mail import queue_email

pytestmark = pytest.mark.django_db


def test_an_arabic_notice_is_right_to_left_with_its_link_as_the_button(settings):
    settings.SITE_URL = "https://khibra.example.sa"
    with translation.override("ar"):
        email = queue_email(
            to="sara@example.sa",
            subject="قُبل طلبك",
            body_text="قبلت الجمعية طلبك على فرصة «مطور مواقع».\n\nhttps://khibra.example.sa/engagements/7/\n",
        )
    html = email.body_html
    assert 'lang="ar" dir="rtl"' in html
    assert "قبلت الجمعية طلبك" in html and "افتح في خبرة" in html
    assert 'href="https://khibra.example.sa/engagements/7/"' in html
    assert 'href="https://khibra.example.sa/privacy/consents/"' in html  # choose which e-mails arrive
    assert email.body_text.startswith("قبلت الجمعية")  # the plain-text part is kept as written


def test_english_is_left_to_right_and_the_text_is_escaped():
    with translation.override("en"):
        email = queue_email(to="a@example.sa", subject="Hi <b>", body_text="Look <script>alert(1)</script> here")
    assert 'lang="en" dir="ltr"' in email.body_html
    assert "<script>" not in email.body_html and "&lt;script&gt;" in email.body_html
    assert "Open in Khibra" not in email.body_html  # no link, no button


def test_an_alert_footer_stays_in_the_footer_and_two_links_make_no_button():
    body = "Two new opportunities:\nhttps://x.sa/o/1/\nhttps://x.sa/o/2/\n\n--\nStop these alerts: https://x.sa/u/abc/\n"
    with translation.override("en"):
        html = queue_email(to="a@example.sa", subject="Alerts", body_text=body).body_html
    assert "Open in Khibra" not in html
    footer = html[html.index("Stop these alerts"):]
    assert 'href="https://x.sa/u/abc/"' in footer
