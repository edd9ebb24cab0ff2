"""Certificates: public verification (what the verification page shows, no more), the volunteer's
certificates, and issuing and revoking by the organization. Same services and access as the web."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import engagement_for, organization_for_member
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS, ApiError
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.routers.engagements import validated_as
from khibra.api.schemas import Ref
from khibra.certificates import services
from khibra.certificates.forms import RevokeForm
from khibra.certificates.models import Certificate, CertificateKind
from khibra.certificates.pdf import LANGUAGES
from khibra.certificates.views import _count_miss, _too_many_misses
from khibra.recruitment.access import get_volunteer_profile

router = Router(tags=["certificates"])

WRITE_SCOPE = "engagements:write"


class VerificationOut(Schema):
    """The facts of the public verification page."""

    code: str
    display_code: str = Field(..., description="The code as printed: ABCD-EFGH-JKMN-PQRS.")
    status: str = Field(..., description="valid or revoked")
    status_display: str
    revoked_on: dt.date | None = Field(..., description="When the issuing organization revoked it.")
    kind: str
    kind_display: str
    volunteer_name: str
    opportunity_title: str
    organization_name: str
    hours: float = Field(..., description="Approved hours when it was issued.")
    started_on: dt.date | None
    ended_on: dt.date | None
    issued_on: dt.date
    verify_url: str
    pdf_url: str | None = Field(
        ..., description="The web download, when it is public. Certificates are downloaded by their volunteer only: null here."
    )


class CertificateOut(VerificationOut):
    id: int
    engagement_id: int
    organization: Ref
    pdf_url: str | None = Field(..., description="The web download (a signed-in page) in the caller's language.")
    pdf_urls: dict[str, str] = Field(..., description="The web downloads by language (ar, en).")


class IssueIn(Schema):
    kind: CertificateKind


class RevokeIn(Schema):
    reason: str = Field(..., max_length=1000)


def _status_display(certificate: Certificate) -> str:
    return _("Revoked") if certificate.is_revoked else _("Valid")


def verification_out(certificate: Certificate) -> dict:
    return {
        "code": certificate.code,
        "display_code": certificate.display_code,
        "status": "revoked" if certificate.is_revoked else "valid",
        "status_display": _status_display(certificate),
        "revoked_on": certificate.revoked_at.date() if certificate.revoked_at else None,
        "kind": certificate.kind,
        "kind_display": str(certificate.get_kind_display()),
        "volunteer_name": certificate.volunteer_name,
        "opportunity_title": certificate.opportunity_title,
        "organization_name": certificate.organization_name,
        "hours": float(certificate.hours),
        "started_on": certificate.started_on,
        "ended_on": certificate.ended_on,
        "issued_on": certificate.issued_at.date(),
        "verify_url": certificate.verification_url(),
        "pdf_url": None,
    }


def certificate_out(certificate: Certificate, *, download: str = "certificates:download") -> dict:
    """`download`: the volunteer's download page, or the organization's ("certificates:org_download")."""
    if download == "certificates:org_download":
        slug = certificate.organization.slug
        urls = {language: reverse(download, args=[slug, certificate.pk, language]) for language in LANGUAGES}
    else:
        urls = {language: reverse(download, args=[certificate.pk, language]) for language in LANGUAGES}
    language = (get_language() or "ar")[:2]
    return {
        **verification_out(certificate),
        "id": certificate.pk,
        "engagement_id": certificate.engagement_id,
        "organization": {"id": certificate.organization_id, "name": certificate.organization_name},
        "pdf_url": urls.get(language, urls["ar"]),
        "pdf_urls": urls,
    }


@router.get(
    "/certificates/{code}/",
    auth=None,
    response={200: VerificationOut, **ERRORS},
    summary="Verify a certificate by its code (public)",
)
def verify(request, code: str):
    if _too_many_misses(request):
        raise ApiError(429, "rate_limited", _("Too many requests. Wait a little and try again."))
    certificate = services.verify(code[:64])
    if certificate is None:
        _count_miss(request)
        raise ApiError(404, "not_found", _("No certificate has this code. Check it against the certificate and try again."))
    return verification_out(certificate)


@router.get("/me/certificates/", response={200: Page[CertificateOut], **ERRORS}, summary="Your certificates")
def my_certificates(request, query: Query[PageQuery]):
    require_personal(request)
    profile = get_volunteer_profile(request.user)
    certificates = Certificate.objects.filter(volunteer=profile).select_related("organization").order_by("-issued_at", "-pk")
    return paginate(certificates, query, certificate_out)


@router.post(
    "/engagements/{engagement_id}/certificates/",
    response={200: CertificateOut, 201: CertificateOut, **ERRORS},
    summary="Issue a certificate by hand (201; 200 when it was already issued)",
)
def issue_certificate(request, engagement_id: int, payload: IssueIn):
    # The recognition page: the organization's managers or the supervisor reach it; the service
    # lets only managers issue.
    engagement, _role = engagement_for(request, engagement_id, org_side=True, scope=WRITE_SCOPE)
    existed = Certificate.objects.filter(engagement=engagement, kind=payload.kind.value).exists()
    certificate = services.issue_certificate(engagement=engagement, kind=payload.kind.value, by=request.user)
    body = certificate_out(Certificate.objects.select_related("organization").get(pk=certificate.pk), download="certificates:org_download")
    return Status(200 if existed else 201, body)


@router.get(
    "/organizations/{organization_id}/certificates/",
    response={200: Page[CertificateOut], **ERRORS},
    summary="The certificates the organization issued",
)
def organization_certificates(request, organization_id: int, query: Query[PageQuery]):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope="applications:read")
    certificates = Certificate.objects.filter(organization=organization).select_related("organization").order_by("-issued_at", "-pk")
    return paginate(certificates, query, lambda c: certificate_out(c, download="certificates:org_download"))


@router.post(
    "/organizations/{organization_id}/certificates/{certificate_id}/revoke/",
    response={200: CertificateOut, **ERRORS},
    summary="Revoke a certificate (it stays on record; its verification says it is revoked)",
)
def revoke_certificate(request, organization_id: int, certificate_id: int, payload: RevokeIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE_SCOPE)
    certificate = get_object_or_404(Certificate, organization=organization, pk=certificate_id)
    data = validated_as(RevokeForm(data={"reason": payload.reason}))
    services.revoke_certificate(certificate=certificate, by=request.user, reason=data["reason"])
    certificate = Certificate.objects.select_related("organization").get(pk=certificate.pk)
    return certificate_out(certificate, download="certificates:org_download")

