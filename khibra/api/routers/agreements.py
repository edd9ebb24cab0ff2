"""Agreements (step 4): the volunteer agreement of an engagement — its current version, whether the
volunteer accepted it, accepting it, its PDF — and partnership agreements seen from either party.
Same access (khibra.engagements.access, khibra.agreements.access), selectors and services as the
pages. Accepting is a personal act: it needs a personal token, never an organization's key."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import get_language, gettext as _
from ninja import Field, Query, Router, Schema

from khibra.agreements import access, documents, services
from khibra.agreements.models import AgreementAcceptance, PartnerAgreement, VolunteerAgreement
from khibra.agreements.selectors import agreement_gate
from khibra.api.access import engagement_for
from khibra.api.auth import require_personal, require_scope
from khibra.api.errors import ERRORS, ApiError
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, display, ref, resolver
from khibra.organizations.access import get_organization_for_member_by_id

router = Router(tags=["agreements"])

PARTNER_SCOPE = "programs:read"  # an organization's key reads its partnerships with this scope
MAX_VERSION = 2**31 - 1


def _language(lang: str | None = None) -> str:
    if lang in ("ar", "en"):
        return lang
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- shapes -------------------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    version: int
    opportunity: Ref
    created_at: dt.datetime
    fingerprint: str = Field(..., description="SHA-256 of the frozen text: what a volunteer accepts.")
    document: dict = Field(..., description="The agreement's sections in the caller's language.")

    resolve_opportunity = resolver("opportunity", lambda a, _c: {"id": a.opportunity_id, "name": a.opportunity.title})
    resolve_fingerprint = resolver("fingerprint", lambda a, _c: a.content_hash)
    resolve_document = resolver("document", lambda a, _c: a.content[_language()])


class AgreementStateOut(Schema):
    engagement_id: int
    required: bool = Field(..., description="False for service models that skip step 4 (free commercial services).")
    agreement: AgreementOut | None = Field(..., description="The current version (null before the first is generated).")
    accepted: bool = Field(..., description="The volunteer accepted the current version.")
    accepted_at: dt.datetime | None
    accepted_earlier: bool = Field(..., description="Only an earlier version was accepted: a new version waits.")
    work_open: bool = Field(..., description="Hours, submissions, completion and certificates are open.")


class AcceptIn(Schema):
    version: int = Field(..., ge=1, le=MAX_VERSION, description="The version the volunteer read and accepts (the current one).")


class PdfQuery(Schema):
    lang: Literal["ar", "en"] | None = Field(None, description="The document's language; the caller's by default.")
    version: int | None = Field(None, ge=1, le=MAX_VERSION, description="A version; the current one by default.")


class PartnerAgreementOut(Schema):
    id: int
    version: int
    status: str
    status_display: str
    organization: Ref = Field(..., description="The non-profit.")
    partner: Ref = Field(..., description="The company, government body or university.")
    opportunity: Ref = Field(..., description="Annex A: the volunteer agreement of this opportunity.")
    volunteers_count: int
    starts_on: dt.date
    ends_on: dt.date
    organization_accepted_at: dt.datetime | None
    partner_accepted_at: dt.datetime | None
    side: str = Field(..., description="The caller's party: organization or partner.")

    resolve_status_display = display("status")
    resolve_organization = resolver("organization", lambda a, _c: ref(a.organization))
    resolve_partner = resolver("partner", lambda a, _c: ref(a.partner))
    resolve_opportunity = resolver("opportunity", lambda a, _c: {"id": a.opportunity_id, "name": a.opportunity.title})
    resolve_side = resolver("side", lambda a, context: "organization" if a.organization_id == context.get("viewer") else "partner")


# --- the volunteer agreement of an engagement -----------------------------------------------------


def _state(engagement) -> dict:
    user = engagement.volunteer.user
    gate = agreement_gate(user=user, opportunity=engagement.opportunity)
    acceptance = (
        AgreementAcceptance.objects.filter(agreement=gate.agreement, volunteer=user).first() if gate.agreement else None
    )
    return {
        "engagement_id": engagement.pk,
        "required": gate.required,
        "agreement": AgreementOut.from_orm(gate.agreement) if gate.agreement else None,
        "accepted": gate.accepted,
        "accepted_at": acceptance.accepted_at if acceptance else None,
        "accepted_earlier": gate.accepted_earlier,
        "work_open": gate.is_open,
    }


@router.get(
    "/engagements/{engagement_id}/agreement/",
    response={200: AgreementStateOut, **ERRORS},
    summary="The engagement's volunteer agreement: its current version and whether the volunteer accepted it",
)
def engagement_agreement(request, engagement_id: int):
    engagement, _role = engagement_for(request, engagement_id)
    return _state(engagement)


@router.post(
    "/engagements/{engagement_id}/agreement/accept/",
    response={200: AgreementStateOut, **ERRORS},
    summary="Accept the current version of your engagement's agreement (the volunteer; opens the work)",
)
def accept_agreement(request, engagement_id: int, payload: AcceptIn):
    engagement, _role = engagement_for(request, engagement_id, volunteer=True, scope=None)
    gate = agreement_gate(user=request.user, opportunity=engagement.opportunity)
    if not gate.required:
        raise ApiError(400, "no_agreement", _("This service model needs no volunteer agreement: the work is already open."))
    agreement = VolunteerAgreement.objects.filter(opportunity=engagement.opportunity, version=payload.version).first()
    if agreement is None:
        message = _("This opportunity has no agreement with this version.")
        raise ApiError(400, "validation_error", message, {"version": [message]})
    services.accept_volunteer_agreement(agreement=agreement, volunteer=request.user, request=request)
    return _state(engagement)


@router.get(
    "/engagements/{engagement_id}/agreement/pdf/",
    response={200: None, **ERRORS},
    summary="The engagement's volunteer agreement as a PDF (Arabic or English)",
    openapi_extra={"responses": {200: {"description": "The PDF.", "content": {"application/pdf": {}}}}},
)
def engagement_agreement_pdf(request, engagement_id: int, query: Query[PdfQuery]):
    engagement, _role = engagement_for(request, engagement_id)
    versions = VolunteerAgreement.objects.filter(opportunity=engagement.opportunity).select_related("opportunity")
    agreement = (versions.filter(version=query.version) if query.version else versions.order_by("-version")).first()
    if agreement is None:
        raise ApiError(404, "not_found", _("This engagement has no agreement with this version."))
    # Signed by the engagement's volunteer: the block names their acceptance alone.
    return _pdf(*documents.volunteer_pdf(agreement, _language(query.lang), volunteer=engagement.volunteer.user))


# --- partnership agreements, from either party -----------------------------------------------------


def _partner_rows(organization):
    return access.partner_agreements_of(organization).select_related("organization", "partner", "opportunity")


def _member_of(request, organization_id: int, pk: int | None = None):
    """(organization, agreement or None): members of either party (drafts stay the non-profit's);
    an organization's key needs the scope and to be that party's."""
    if pk is None:
        organization, _membership = get_organization_for_member_by_id(request.user, organization_id)
        agreement = None
    else:
        organization, _membership, agreement = access.get_partner_agreement_for_member_by_id(request.user, organization_id, pk)
    require_scope(request, PARTNER_SCOPE, organization)
    return organization, agreement


@router.get(
    "/organizations/{organization_id}/partner-agreements/",
    response={200: Page[PartnerAgreementOut], **ERRORS},
    summary="The organization's partnership agreements, as the non-profit or as the partner",
)
def partner_agreements(request, organization_id: int, query: Query[PageQuery]):
    organization, _agreement = _member_of(request, organization_id)
    rows = _partner_rows(organization).order_by("-updated_at", "-pk")
    return paginate(rows, query, lambda row: PartnerAgreementOut.from_orm(row, context={"viewer": organization.pk}))


@router.get(
    "/organizations/{organization_id}/partner-agreements/{agreement_id}/",
    response={200: PartnerAgreementOut, **ERRORS},
    summary="One partnership agreement, seen from one of its two parties",
)
def partner_agreement(request, organization_id: int, agreement_id: int):
    organization, agreement = _member_of(request, organization_id, agreement_id)
    return PartnerAgreementOut.from_orm(agreement, context={"viewer": organization.pk})


@router.post(
    "/organizations/{organization_id}/partner-agreements/{agreement_id}/accept/",
    response={200: PartnerAgreementOut, **ERRORS},
    summary="Accept a proposed partnership agreement for your party (an admin or manager; signed once both accept)",
)
def accept_partner_agreement(request, organization_id: int, agreement_id: int):
    require_personal(request)
    organization, agreement = _member_of(request, organization_id, agreement_id)
    agreement = services.accept_partner_agreement(agreement=agreement, by=request.user)
    agreement = PartnerAgreement.objects.select_related("organization", "partner", "opportunity").get(pk=agreement.pk)
    return PartnerAgreementOut.from_orm(agreement, context={"viewer": organization.pk})


@router.get(
    "/organizations/{organization_id}/partner-agreements/{agreement_id}/pdf/",
    response={200: None, **ERRORS},
    summary="A partnership agreement as a PDF, with annex A",
    openapi_extra={"responses": {200: {"description": "The PDF.", "content": {"application/pdf": {}}}}},
)
def partner_agreement_pdf(request, organization_id: int, agreement_id: int, query: Query[PdfQuery]):
    _organization, agreement = _member_of(request, organization_id, agreement_id)
    return _pdf(*documents.partner_pdf(agreement, _language(query.lang)))
