"""Agreements as documents: the text in one language and the PDF, for the pages and the API alike."""

from django.utils.translation import gettext_lazy as _

from khibra.core import pdf as pdf_output

from . import content, selectors
from .models import AgreementAcceptance, PartnerAgreement, VolunteerAgreement


def acceptances_of(agreement: VolunteerAgreement, *, volunteer=None) -> list[AgreementAcceptance]:
    """Who accepted this version and when, for the PDF's signature block: one volunteer's own
    acceptance when `volunteer` is given, else everyone's (the organization's copy)."""
    rows = AgreementAcceptance.objects.filter(agreement=agreement).select_related("volunteer")
    if volunteer is not None:
        rows = rows.filter(volunteer=volunteer)
    return list(rows.order_by("accepted_at", "pk"))


def volunteer_signers(agreement: VolunteerAgreement, *, volunteer=None) -> list[tuple]:
    """(party, person, moment) rows of the signature block; an unsigned volunteer's own copy
    shows their name with no moment."""
    signers = [
        (_("Volunteer"), row.volunteer.full_name, row.accepted_at)
        for row in acceptances_of(agreement, volunteer=volunteer)
    ]
    if not signers and volunteer is not None:
        signers = [(_("Volunteer"), volunteer.full_name, None)]
    return signers


def partner_signers(agreement: PartnerAgreement) -> list[tuple]:
    """Both parties: the organization (a name in the reader's language) and who accepted for it."""

    def person(user):
        return user.full_name if user is not None else ""

    return [
        (agreement.organization, person(agreement.organization_accepted_by), agreement.organization_accepted_at),
        (agreement.partner, person(agreement.partner_accepted_by), agreement.partner_accepted_at),
    ]


def _logo(organization) -> tuple[dict, dict]:
    """(context, images) that put the organization's logo at the top of its document."""
    data = pdf_output.stored_image(organization.logo)
    return ({"logo": pdf_output.image_url("logo")}, {"logo": data}) if data else ({}, {})


def volunteer_pdf(agreement: VolunteerAgreement, language: str, *, volunteer=None) -> tuple[bytes, str]:
    """(the PDF of one version, its file name). It ends with a signature block: who accepted
    this version, when (both calendars), the version and its fingerprint."""
    logo, images = _logo(agreement.opportunity.organization)
    data = pdf_output.render_template_pdf(
        "agreements/pdf/volunteer.html",
        {
            "agreement": agreement,
            "document": agreement.content[language],
            "signers": volunteer_signers(agreement, volunteer=volunteer),
            **logo,
        },
        language=language,
        images=images,
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
    # The fingerprint of the text both parties accepted (frozen once signed), else of this draft.
    fingerprint = content.fingerprint(agreement.content or content.build_partner_agreement(agreement))
    logo, images = _logo(agreement.organization)
    data = pdf_output.render_template_pdf(
        "agreements/pdf/partner.html",
        {
            "agreement": agreement,
            "document": document,
            "annex": annex,
            "annex_version": annex_version,
            "fingerprint": fingerprint,
            "signers": partner_signers(agreement),
            **logo,
        },
        language=language,
        images=images,
    )
    return data, f"partner-agreement-{agreement.pk}-v{agreement.version}-{language}.pdf"
