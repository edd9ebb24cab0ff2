"""Showing a certificate where people show their work: LinkedIn's "add a certification" link and
share links for the portfolio and the public impact page. Links only: nothing is sent anywhere
until the person follows one, and nothing is kept."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

from .models import Certificate

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def certificate_name(certificate: Certificate) -> str:
    """The certification's name on the profile, in the active language."""
    return _("%(kind)s: %(opportunity)s") % {
        "kind": certificate.get_kind_display(),
        "opportunity": certificate.opportunity_title,
    }


def linkedin_add_url(certificate: Certificate) -> str:
    """LinkedIn's add-certification link: name, issuing organization, issue month and year, the
    public verification page and the code. None for a revoked certificate."""
    if certificate.is_revoked:
        return ""
    issued = certificate.issued_at
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate_name(certificate)[:200],
        "organizationName": certificate.organization_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": certificate.verification_url(),
        "certId": certificate.display_code,
    }
    return f"{LINKEDIN_ADD}?{urlencode(params)}"


def share_links(url: str, text: str) -> list[tuple[str, str, str]]:
    """(id, label, link) for sharing a public page on LinkedIn, X, WhatsApp and by e-mail."""
    return [
        ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("x", "X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": text})),
        ("whatsapp", _("WhatsApp"), "https://wa.me/?" + urlencode({"text": f"{text} {url}"})),
        ("email", _("E-mail"), "mailto:?" + urlencode({"subject": text, "body": url}, quote_via=quote)),
    ]
