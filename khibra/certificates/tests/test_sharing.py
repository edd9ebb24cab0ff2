"""Certificates where people show them: LinkedIn's add-certification link on the volunteer's
certificates and portfolio, and share links on the public portfolio and the public impact page."""

from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from django.utils import translation
import pytest

from khibra.certificates import services, sharing

from .fixtures import (  # noqa: F401  (fixtures)
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


def test_the_linkedin_link_carries_the_certificate(certificate):
    with translation.override("en"):
        url = urlparse(sharing.linkedin_add_url(certificate))
        verification = certificate.verification_url()  # the English page, for an English profile
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://www.linkedin.com/profile/add"
    params = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert params["startTask"] == "CERTIFICATION_NAME"
    assert ARABIC_TITLE in params["name"]
    assert params["organizationName"] == (certificate.organization_name_en or certificate.organization_name_ar)
    assert params["issueYear"] == str(certificate.issued_at.year) and params["issueMonth"] == str(
        certificate.issued_at.month
    )
    assert params["certUrl"] == verification and params["certId"] == certificate.display_code


def test_a_revoked_certificate_has_no_linkedin_link(certificate, manager_a, client, applicant):
    services.revoke_certificate(certificate=certificate, by=manager_a, reason="خطأ في البيانات")
    certificate.refresh_from_db()
    assert sharing.linkedin_add_url(certificate) == ""
    login(client, applicant.user)
    assert f'id="linkedin-add-{certificate.pk}"' not in client.get(reverse("certificates:mine")).content.decode()


def test_the_volunteer_finds_add_to_linkedin_on_certificates_and_portfolio(client, certificates, applicant):
    login(client, applicant.user)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert all(f'id="linkedin-add-{c.pk}"' in page for c in certificates)
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    portfolio = client.get(reverse("certificates:portfolio")).content.decode()
    assert all(f'id="portfolio-linkedin-{c.pk}"' in portfolio for c in certificates)


def test_the_public_portfolio_has_share_links_and_no_linkedin_add(client, certificates, applicant):
    login(client, applicant.user)
    client.post(reverse("certificates:portfolio_toggle"), {"public": "1"})
    assert 'id="portfolio-share-linkedin"' in client.get(reverse("certificates:portfolio")).content.decode()
    slug = services.portfolio_of(applicant).slug
    client.logout()
    page = client.get(reverse("certificates:portfolio_public", args=[slug])).content.decode()
    assert 'id="portfolio-share-linkedin"' in page and 'id="portfolio-share-whatsapp"' in page
    assert "portfolio-linkedin-" not in page  # adding to a profile is the owner's, not a visitor's


def test_share_links_quote_the_address():
    links = dict(
        (key, link) for key, _label, link in sharing.share_links("https://khibra.sa/impact/1/?a=b&c=d", "أثر البرنامج")
    )
    assert (
        links["linkedin"]
        == "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fkhibra.sa%2Fimpact%2F1%2F%3Fa%3Db%26c%3Dd"
    )
    assert links["email"].startswith("mailto:?subject=%D8%A3") and "%20" in links["email"]
