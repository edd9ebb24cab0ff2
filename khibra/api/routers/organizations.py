"""Organizations: the public directory, registration and profile, members and invitations, and
platform staff's verification. The same forms, access rules and services as the web pages."""

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import organization_for_member
from khibra.api.auth import optional_bearer, require_personal
from khibra.api.errors import ERRORS
from khibra.api.forms import validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, display, resolver
from khibra.organizations import access, services
from khibra.organizations.forms import DirectoryFilterForm, InviteForm, OrganizationForm, RejectionForm
from khibra.organizations.models import Membership, Organization, OrganizationKind

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
router = Router(tags=["organizations"])


# --- shapes ------------------------------------------------------------------------------------


class OrganizationOut(Schema):
    id: int
    name: str = Field(..., description="In the caller's language.")
    name_ar: str
    name_en: str
    slug: str
    kind: str
    kind_display: str
    verification_status: str
    verification_status_display: str
    rejection_reason: str = Field(..., description="Why platform staff rejected it; empty unless rejected.")
    registration_number: str | None = Field(..., description="Shown to its members and platform staff only.")
    city: Ref
    region: Ref
    fields: list[Ref]
    description: str
    contact_email: str
    contact_phone: str
    website: str
    logo_url: str | None
    signatory_name: str = Field(..., description="Who signs the certificates (the signature image is set on the web page).")
    signatory_title: str
    verified_at: dt.datetime | None
    my_role: str | None = Field(..., description="The caller's role in the organization, if a member.")

    # Read from the model; what depends on the caller comes from the context (`organization_out`).
    resolve_name = resolver("name", lambda organization, _context: str(organization.name))
    resolve_kind_display = display("kind")
    resolve_verification_status_display = display("verification_status")
    resolve_registration_number = resolver(
        "registration_number",
        lambda organization, context: organization.registration_number if context.get("insider") else None,
    )
    resolve_region = resolver("region", lambda organization, _context: organization.city.region)
    resolve_logo_url = resolver(
        "logo_url", lambda organization, _context: organization.logo.url if organization.logo else None
    )
    resolve_verified_at = resolver(
        "verified_at", lambda organization, _context: organization.verified_at if organization.is_verified else None
    )
    resolve_my_role = resolver("my_role", lambda _organization, context: context.get("my_role"))


class OrganizationSummaryOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    kind_display: str
    verification_status: str
    city: Ref

    resolve_name = resolver("name", lambda organization, _context: str(organization.name))
    resolve_kind_display = display("kind")


class MyMembershipOut(Schema):
    id: int
    organization: OrganizationSummaryOut
    role: str
    role_display: str
    can_manage: bool
    is_admin: bool

    resolve_role_display = display("role")


class MemberUserOut(Schema):
    id: int
    name: str
    email: str

    resolve_name = resolver("name", lambda user, _context: user.full_name)


class MemberOut(Schema):
    id: int = Field(..., description="The membership's id.")
    user: MemberUserOut
    role: str
    role_display: str
    joined_at: dt.datetime

    resolve_role_display = display("role")
    resolve_joined_at = resolver("joined_at", lambda membership, _context: membership.created_at)


class MemberInvitationOut(Schema):
    id: int
    email: str
    role: str
    role_display: str
    expires_at: dt.datetime
    created_at: dt.datetime

    resolve_role_display = display("role")


class DirectoryQuery(Schema):
    q: str = Field("", max_length=100, description="Part of the name, Arabic or English.")
    kind: OrganizationKind | None = None
    city: int | None = Field(None, ge=1, le=2_147_483_647, description="A city id (GET /reference/cities/).")


class OrganizationPatch(Schema):
    name_ar: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    registration_number: str | None = Field(None, max_length=60)
    city: int | None = Field(None, ge=1, le=2_147_483_647, description="A city id.")
    fields: list[Id] | None = Field(None, max_length=50, description="Field ids.")
    description: str | None = Field(None, max_length=4000)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=30)
    website: str | None = Field(None, max_length=200)
    signatory_name: str | None = Field(None, max_length=150, description="Who signs the certificates.")
    signatory_title: str | None = Field(None, max_length=150, description="The signatory's title.")


class OrganizationIn(OrganizationPatch):
    kind: str = Field(..., max_length=20, description="nonprofit, company, government or university.")
    name_ar: str = Field(..., max_length=200)
    registration_number: str = Field(..., max_length=60)
    city: int = Field(..., ge=1, le=2_147_483_647, description="A city id.")
    contact_email: str = Field(..., max_length=254)


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: str = Field(..., max_length=20, description="admin, manager or supervisor (coordinator for providers).")


class RejectionIn(Schema):
    reason: str = Field(..., max_length=2000)


# --- helpers -----------------------------------------------------------------------------------


def organization_out(organization: Organization, user) -> OrganizationOut:
    membership = access.active_membership(organization, user)
    insider = membership is not None or access.is_staff(user)
    context = {"insider": insider, "my_role": membership.role if membership else None}
    return OrganizationOut.from_orm(organization, context=context)


def _form_data(payload: Schema) -> dict:
    return {name: ("" if value is None else value) for name, value in payload.dict(exclude_unset=True).items()}


def _reload(organization: Organization) -> Organization:
    return Organization.objects.select_related("city__region").get(pk=organization.pk)


# --- public ------------------------------------------------------------------------------------


@router.get(
    "/organizations/",
    auth=optional_bearer,
    response={200: Page[OrganizationSummaryOut], **ERRORS},
    summary="The directory of verified organizations",
)
def list_organizations(request, filters: Query[DirectoryQuery], query: Query[PageQuery]):
    form = DirectoryFilterForm(
        data={"kind": filters.kind.value if filters.kind else "", "city": filters.city or ""}
    )
    validated(form)
    organizations = form.filter(Organization.objects.verified().select_related("city__region").order_by("name_ar", "pk"))
    text = filters.q.strip()
    if text:
        organizations = organizations.filter(Q(name_ar__icontains=text) | Q(name_en__icontains=text))
    return paginate(organizations, query, OrganizationSummaryOut.from_orm)


@router.get(
    "/organizations/{organization_id}/",
    auth=optional_bearer,
    response={200: OrganizationOut, **ERRORS},
    summary="One organization (verified ones are public)",
)
def get_organization(request, organization_id: int):
    organization, _membership = access.get_organization_for_viewer(request.user, organization_id=organization_id)
    return organization_out(organization, request.user)


@router.get("/me/organizations/", response={200: Page[MyMembershipOut], **ERRORS}, summary="Your organizations and roles")
def my_organizations(request, query: Query[PageQuery]):
    require_personal(request)
    memberships = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("organization__city")
        .order_by("organization__name_ar", "pk")
    )
    return paginate(memberships, query, MyMembershipOut.from_orm)


# --- registration and profile ------------------------------------------------------------------


@router.post(
    "/organizations/",
    response={201: OrganizationOut, **ERRORS},
    summary="Register an organization (you become its admin; it waits for review)",
)
def register_organization(request, payload: OrganizationIn):
    require_personal(request)
    cleaned = validated(OrganizationForm(data=_form_data(payload)))
    organization = services.register_organization(by=request.user, **cleaned)
    return Status(201, organization_out(_reload(organization), request.user))


@router.patch(
    "/organizations/{organization_id}/",
    response={200: OrganizationOut, **ERRORS},
    summary="Edit the organization's profile (admins)",
    description=(
        "Admins only. Send only what changes. Changing the names or the registration number of a verified "
        "organization sends it back to review; any edit of a rejected one resubmits it. The logo cannot be "
        "uploaded through the API: use the website."
    ),
)
def update_organization(request, organization_id: int, payload: OrganizationPatch):
    require_personal(request)
    organization, _membership = organization_for_member(request, organization_id, admin=True)
    form = OrganizationForm(organization=organization)
    files = ("logo", "signature")  # uploaded on the organization's page
    data = {name: form.initial.get(name) for name in form.fields if name not in files}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data.update(_form_data(payload))
    form = OrganizationForm(data=data, organization=organization)
    validated(form)
    changes = {name: value for name, value in form.changes().items() if name not in files}
    organization = services.update_organization(organization=organization, by=request.user, **changes)
    return organization_out(_reload(organization), request.user)


# --- members -----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/members/",
    response={200: Page[MemberOut], **ERRORS},
    summary="The organization's team (admins and volunteer managers, as on the website)",
)
def list_members(request, organization_id: int, query: Query[PageQuery]):
    require_personal(request)
    organization, _membership = organization_for_member(request, organization_id, manage=True)
    members = organization.memberships.active().select_related("user").order_by("role", "user__full_name", "pk")
    return paginate(members, query, MemberOut.from_orm)


@router.post(
    "/organizations/{organization_id}/invitations/",
    response={201: MemberInvitationOut, **ERRORS},
    summary="Invite someone by e-mail to join with a role (admins)",
)
def invite(request, organization_id: int, payload: InvitationIn):
    require_personal(request)
    organization, _membership = organization_for_member(request, organization_id, admin=True)
    cleaned = validated(InviteForm(data=payload.dict(), organization=organization))
    invitation = services.invite_member(organization=organization, by=request.user, **cleaned)
    return Status(201, MemberInvitationOut.from_orm(invitation))


# --- verification by platform staff ------------------------------------------------------------


@router.post(
    "/organizations/{organization_id}/verify/",
    response={200: OrganizationOut, **ERRORS},
    summary="Verify an organization (platform staff)",
)
def verify(request, organization_id: int):
    require_personal(request)
    organization = access.get_organization_for_staff(request.user, organization_id)
    organization = services.verify_organization(organization=organization, by=request.user)
    return organization_out(_reload(organization), request.user)


@router.post(
    "/organizations/{organization_id}/reject/",
    response={200: OrganizationOut, **ERRORS},
    summary="Reject an organization with a reason (platform staff)",
)
def reject(request, organization_id: int, payload: RejectionIn):
    require_personal(request)
    organization = access.get_organization_for_staff(request.user, organization_id)
    cleaned = validated(RejectionForm(data=payload.dict()))
    organization = services.reject_organization(organization=organization, by=request.user, reason=cleaned["reason"])
    return organization_out(_reload(organization), request.user)

