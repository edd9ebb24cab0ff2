"""The portfolio: the volunteer's own page, and the public page they can turn on and off."""

from django.urls import reverse
import pytest

from khibra.certificates import services
from khibra.certificates.models import Portfolio

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    ARABIC_TITLE,
    applicant,
    application,
    certificate,
    certificates,
    completed,
    engagement,
    hours,
    login,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thanks(completed, manager_a):
    return services.thank_volunteer(engagement=completed, by=manager_a, message="نشكر لك عطاءك المتميز")


def test_the_volunteer_sees_hours_completed_work_certificates_and_all_thanks(client, certificates, thanks, applicant, completed):
    login(client, applicant.user)
    page = client.get(reverse("certificates:portfolio")).content.decode()
    assert 'id="portfolio"' in page and 'id="portfolio-public-toggle"' in page
    assert f'id="completed-{completed.pk}"' in page and ARABIC_TITLE in page
    assert all(f'id="portfolio-certificate-{c.pk}"' in page for c in certificates)
    assert thanks.message in page  # private page: shown even when not public
    assert "43" in page or "42" in page  # 42.5 verified hours


def test_the_public_page_is_off_by_default(client, certificates, applicant):
    portfolio = services.portfolio_of(applicant)
    assert client.get(reverse("certificates:portfolio_public", args=[portfolio.slug])).status_code == 404


def test_the_volunteer_turns_the_public_page_on_and_off(client, certificates, applicant):
    client.force_login(applicant.user)
    client.post(reverse("certificates:portfolio_toggle"), {"public": "1"})
    portfolio = Portfolio.objects.get(volunteer=applicant)
    assert portfolio.is_public and len(portfolio.slug) >= 12
    client.logout()
    assert client.get(reverse("certificates:portfolio_public", args=[portfolio.slug])).status_code == 200
    client.force_login(applicant.user)
    client.post(reverse("certificates:portfolio_toggle"), {"public": "0"})
    client.logout()
    assert client.get(reverse("certificates:portfolio_public", args=[portfolio.slug])).status_code == 404


def test_the_public_page_shows_only_what_the_volunteer_shares(client, certificates, thanks, applicant, manager_a, completed):
    from khibra.testing.factories import national_id

    applicant.national_id = national_id()
    applicant.identity_status = "pending"
    applicant.bio = "نبذة خاصة"
    applicant.save()
    services.credit_volunteer(engagement=completed, by=manager_a, text="أعدّت القوائم المالية")
    portfolio = services.set_portfolio_public(profile=applicant, by=applicant.user, public=True)
    url = reverse("certificates:portfolio_public", args=[portfolio.slug])

    page = client.get(url).content.decode()
    assert ARABIC_NAME in page and applicant.headline in page and ARABIC_TITLE in page
    assert "أعدّت القوائم المالية" in page
    assert all(c.get_absolute_url() in page for c in certificates)
    for private in (applicant.user.email, applicant.phone, applicant.national_id, applicant.bio, 'id="portfolio-public-toggle"'):
        assert private not in page
    assert thanks.message not in page  # not allowed yet

    services.set_thanks_public(thanks=thanks, by=applicant.user, shown=True)
    assert thanks.message in client.get(url).content.decode()


def test_revoked_certificates_leave_the_public_page(client, certificate, applicant, admin_a):
    portfolio = services.set_portfolio_public(profile=applicant, by=applicant.user, public=True)
    services.revoke_certificate(certificate=certificate, by=admin_a, reason="خطأ")
    page = client.get(reverse("certificates:portfolio_public", args=[portfolio.slug])).content.decode()
    assert f'id="portfolio-certificate-{certificate.pk}"' not in page


def test_only_the_volunteer_toggles_their_thanks(client, thanks, other_volunteer, applicant):
    client.force_login(other_volunteer)
    assert client.post(reverse("certificates:thanks_toggle", args=[thanks.pk]), {"shown": "1"}).status_code == 404
    client.force_login(applicant.user)
    assert client.post(reverse("certificates:thanks_toggle", args=[thanks.pk]), {"shown": "1"}).status_code == 302
    thanks.refresh_from_db()
    assert thanks.shown_publicly
