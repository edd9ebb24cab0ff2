"""Agreements as documents: the text in one language and the PDF, for the pages and the API alike."""

from khibra.core import pdf as pdf_output

from . import content, selectors
from .models import PartnerAgreement, VolunteerAgreement


def volunteer_pdf(agreement: VolunteerAgreement, language: str) -> tuple[bytes, str]:
    """(the PDF of one version, its file name)."""
    data = pdf_output.render_template_pdf(
        "agreements/pdf/volunteer.html",
        {"agreement": agreement, "document": agreement.content[language]},
        language=language,
    )
    return data, f"agreement-{agreement.opportunity_id}-v{agreement.version}-{language}.pdf"


def partner_document(agreement: PartnerAgreement, language: str) -> tuple[dict, dict | None, int | None]:
    """(the agreement's text, annex A's text, annex A's version) in `language`: the frozen text
    once signed, else built from the current terms and the current volunteer agreement."""
    if agreement.content:
        frozen = agreement.content
        annex = frozen.get("annex_a")
        return frozen[language], annex["content"][language] if annex else None, annex["version"] if annex else None
    annex = selectors.current_agreement(agreement.opportunity)
    built = content.build_partner_agreement(agreement)
    return built[language], annex.content[language] if annex else None, annex.version if annex else None


def partner_pdf(agreement: PartnerAgreement, language: str) -> tuple[bytes, str]:
    document, annex, annex_version = partner_document(agreement, language)
    data = pdf_output.render_template_pdf(
        "agreements/pdf/partner.html",
        {"agreement": agreement, "document": document, "annex": annex, "annex_version": annex_version},
        language=language,
    )
    return data, f"partner-agreement-{agreement.pk}-v{agreement.version}-{language}.pdf"
