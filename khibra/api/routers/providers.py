"""Provider programs: the provider's summary, members, verification, participations and
suggestions; the volunteer's employers. Same access (khibra.providers.access) and services as
the pages. Organization keys: "reports:read" for reads, "applications:write" for writes."""

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import organization_for_member
from khibra.api.auth import require_personal, require_scope
from khibra.api.errors import ERRORS, ApiError
from khibra.api.forms import validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, display, resolver
from khibra.opportunities.models import Opportunity
from khibra.providers import access, selectors, services
from khibra.providers.forms import InviteMemberForm
from khibra.providers.models import MemberStatus, Participation, ProviderMember
from khibra.reference.models import Field as ReferenceField

router = Router(tags=["providers"])

READ_SCOPE = "reports:read"
WRITE_SCOPE = "applications:write"
MAX_ID = 2**31 - 1


# --- schemas ------------------------------------------------------------------------------------
# Read from the models (and from `selectors.provider_summary`): each plain field by its name, the
# rest through the resolvers.


def _titled(obj) -> dict:
    """An opportunity as a Ref: its title is its name."""
    return {"id": obj.pk, "name": obj.title}


def _average(name: str) -> staticmethod:
    def compute(surveys, _context):
        value = surveys.averages.get(name)
        return float(value) if value is not None else None

    return resolver(name, compute)


def _profile(member: ProviderMember):
    return getattr(member.user, "volunteer_profile", None) if member.user_id else None


def _profession(profile):
    return profile.profession if profile and profile.profession_id else None


class ProviderSurveyAveragesOut(Schema):
    count: int
    shown: bool = Field(..., description="False below the minimum group size: then no averages are given.")
    satisfaction: float | None
    organization_quality: float | None
    training: float | None
    recommend: float | None

    resolve_satisfaction = _average("satisfaction")
    resolve_organization_quality = _average("organization_quality")
    resolve_training = _average("training")
    resolve_recommend = _average("recommend")


class ProviderPartnerOut(Schema):
    agreement_id: int
    organization: Ref
    opportunity: Ref
    starts_on: dt.date
    ends_on: dt.date

    resolve_agreement_id = resolver("agreement_id", lambda agreement, _context: agreement.pk)
    resolve_opportunity = resolver("opportunity", lambda agreement, _context: _titled(agreement.opportunity))


class ProviderSummaryOut(Schema):
    members_verified: int
    members_pending: int
    invitations_open: int
    participations_pending: int
    engagements_active: int
    engagements_completed: int
    hours: float = Field(..., description="Approved hours tagged with this provider.")
    paid_hours: float = Field(..., description="Of them, on engagements approved as paid work time.")
    certificates: int
    surveys: ProviderSurveyAveragesOut
    partners: list[ProviderPartnerOut]

    resolve_hours = resolver("hours", lambda summary, _context: float(summary.hours))
    resolve_paid_hours = resolver("paid_hours", lambda summary, _context: float(summary.paid_hours))
    resolve_partners = resolver("partners", lambda summary, _context: list(summary.partners))


class ProviderMemberOut(Schema):
    id: int
    user_id: int | None
    full_name: str
    email: str
    status: str
    status_display: str
    how: str
    program: Ref | None
    department: str
    job_title: str
    profession: Ref | None
    level: str | None
    fields: list[Ref]
    skills: list[Ref]
    share_with_nonprofits: bool
    verified_at: dt.datetime | None

    resolve_full_name = resolver("full_name", lambda member, _context: member.user.full_name if member.user_id else "")
    resolve_email = resolver(
        "email", lambda member, _context: member.user.email if member.user_id else member.invited_email
    )
    resolve_status_display = display("status")
    resolve_profession = resolver("profession", lambda member, _context: _profession(_profile(member)))
    resolve_level = resolver("level", lambda member, _context: _profile(member).level if _profile(member) else None)
    resolve_fields = resolver(
        "fields", lambda member, _context: list(_profile(member).fields.all()) if _profile(member) else []
    )
    resolve_skills = resolver(
        "skills", lambda member, _context: list(_profile(member).skills.all()) if _profile(member) else []
    )


class ProviderMembersQuery(Schema):
    status: Literal["invited", "pending", "verified", "declined", "left"] | None = None
    field: int | None = Field(None, ge=1, le=MAX_ID, description="A reference field id.")
    skill: str = Field("", max_length=100, description="Part of a skill name.")


class ProviderInvitationIn(Schema):
    email: str = Field(..., max_length=254)
    program: int | None = Field(None, ge=1, le=MAX_ID, description="One of the provider's active programs.")


class ProviderInvitationOut(Schema):
    id: int
    email: str
    program: Ref | None
    expires_at: dt.datetime | None

    # Read from the invited ProviderMember.
    resolve_email = resolver("email", lambda member, _context: member.invited_email)
    resolve_expires_at = resolver("expires_at", lambda member, _context: member.invitation_expires_at)


class ProviderNoteIn(Schema):
    note: str = Field("", max_length=500)


class ProviderApproveIn(Schema):
    paid_time: bool = Field(False, description="Only where the member's program counts pro bono as paid work time.")
    note: str = Field("", max_length=500)


class ProviderParticipationOut(Schema):
    id: int
    member_id: int
    full_name: str
    engagement_id: int
    opportunity: Ref
    organization: Ref
    program: Ref | None
    status: str
    status_display: str
    paid_time: bool
    decided_at: dt.datetime | None
    note: str
    created_at: dt.datetime

    resolve_full_name = resolver("full_name", lambda participation, _context: participation.member.user.full_name)
    resolve_opportunity = resolver(
        "opportunity", lambda participation, _context: _titled(participation.engagement.opportunity)
    )
    resolve_organization = resolver(
        "organization", lambda participation, _context: participation.engagement.opportunity.organization
    )
    resolve_program = resolver("program", lambda participation, _context: participation.member.program)
    resolve_status_display = display("status")


class ProviderParticipationsQuery(Schema):
    status: Literal["pending", "approved", "declined"] | None = None


class ProviderSuggestionIn(Schema):
    opportunity_id: int = Field(..., ge=1, le=MAX_ID)
    note: str = Field("", max_length=1000)


class ProviderSuggestionOut(Schema):
    id: int
    member_id: int
    opportunity: Ref
    organization: Ref
    note: str
    created_at: dt.datetime

    resolve_opportunity = resolver("opportunity", lambda suggestion, _context: _titled(suggestion.opportunity))
    resolve_organization = resolver("organization", lambda suggestion, _context: suggestion.opportunity.organization)


class ProviderEmployerOut(Schema):
    id: int
    provider: Ref
    program: Ref | None
    status: str
    status_display: str
    share_with_nonprofits: bool

    resolve_status_display = display("status")


class ProviderShareIn(Schema):
    share: bool


# --- serializers --------------------------------------------------------------------------------


def _member_out(member: ProviderMember) -> ProviderMemberOut:
    return ProviderMemberOut.from_orm(member)


def _fresh_participation(p: Participation) -> ProviderParticipationOut:
    return ProviderParticipationOut.from_orm(
        Participation.objects.select_related(
            "member__user", "member__program", "engagement__opportunity__organization"
        ).get(pk=p.pk)
    )


# --- the provider -------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/provider/summary/",
    response={200: ProviderSummaryOut, **ERRORS},
    summary="The provider program in figures (admins and coordinators)",
)
def provider_summary(request, organization_id: int):
    provider, _membership = organization_for_member(request, organization_id, manage=True, scope=READ_SCOPE)
    access.require_provider(provider)
    return ProviderSummaryOut.from_orm(selectors.provider_summary(provider))


@router.get(
    "/organizations/{organization_id}/provider/members/",
    response={200: Page[ProviderMemberOut], **ERRORS},
    summary="The provider's members, with skills, profession and level",
)
def provider_members(request, organization_id: int, filters: Query[ProviderMembersQuery], query: Query[PageQuery]):
    provider, _membership = organization_for_member(request, organization_id, manage=True, scope=READ_SCOPE)
    access.require_provider(provider)
    field = get_object_or_404(ReferenceField, pk=filters.field) if filters.field else None
    if filters.status == MemberStatus.INVITED:
        rows = selectors.open_invitations(provider).select_related("program")
    else:
        rows = selectors.members_of(provider, status=filters.status or "", field=field, skill=filters.skill.strip())
    return paginate(rows, query, _member_out)


@router.post(
    "/organizations/{organization_id}/provider/members/invitations/",
    response={201: ProviderInvitationOut, **ERRORS},
    summary="Invite a person by e-mail; accepting makes them a verified member",
)
def invite(request, organization_id: int, payload: ProviderInvitationIn):
    provider, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE_SCOPE)
    access.require_provider(provider)
    data = validated(InviteMemberForm(data=payload.dict(), provider=provider))
    member = services.invite_member(provider=provider, by=request.user, **data)
    return Status(201, ProviderInvitationOut.from_orm(member))


@router.post("/provider-members/{member_id}/verify/", response={200: ProviderMemberOut, **ERRORS}, summary="Verify a request to join")
def verify(request, member_id: int):
    member = access.get_member_for_staff(request.user, member_id)
    require_scope(request, WRITE_SCOPE, member.provider)
    member = services.verify_member(member=member, by=request.user)
    return _member_out(member)


@router.post("/provider-members/{member_id}/decline/", response={200: ProviderMemberOut, **ERRORS}, summary="Decline a request to join")
def decline(request, member_id: int, payload: ProviderNoteIn):
    member = access.get_member_for_staff(request.user, member_id)
    require_scope(request, WRITE_SCOPE, member.provider)
    member = services.decline_member(member=member, by=request.user, note=payload.note)
    return _member_out(member)


@router.get(
    "/organizations/{organization_id}/provider/participations/",
    response={200: Page[ProviderParticipationOut], **ERRORS},
    summary="Members' engagements awaiting (or after) the provider's approval",
)
def participations(request, organization_id: int, filters: Query[ProviderParticipationsQuery], query: Query[PageQuery]):
    provider, _membership = organization_for_member(request, organization_id, manage=True, scope=READ_SCOPE)
    access.require_provider(provider)
    rows = selectors.participations_of(provider, status=filters.status or "")
    return paginate(rows, query, ProviderParticipationOut.from_orm)


@router.post("/participations/{participation_id}/approve/", response={200: ProviderParticipationOut, **ERRORS}, summary="Approve a participation")
def approve(request, participation_id: int, payload: ProviderApproveIn):
    participation = access.get_participation_for_staff(request.user, participation_id)
    require_scope(request, WRITE_SCOPE, participation.member.provider)
    participation = services.approve_participation(
        participation=participation, by=request.user, paid_time=payload.paid_time, note=payload.note
    )
    return _fresh_participation(participation)


@router.post("/participations/{participation_id}/decline/", response={200: ProviderParticipationOut, **ERRORS}, summary="Decline a participation")
def decline_participation(request, participation_id: int, payload: ProviderNoteIn):
    participation = access.get_participation_for_staff(request.user, participation_id)
    require_scope(request, WRITE_SCOPE, participation.member.provider)
    participation = services.decline_participation(
        participation=participation, by=request.user, note=payload.note
    )
    return _fresh_participation(participation)


@router.post(
    "/provider-members/{member_id}/suggestions/",
    response={201: ProviderSuggestionOut, **ERRORS},
    summary="Suggest a verified member to an open opportunity of a partner non-profit",
)
def suggest(request, member_id: int, payload: ProviderSuggestionIn):
    member = access.get_member_for_staff(request.user, member_id)
    require_scope(request, WRITE_SCOPE, member.provider)
    opportunity = Opportunity.objects.filter(pk=payload.opportunity_id).select_related("organization").first()
    if opportunity is None:
        raise ApiError(400, "validation_error", _("Some fields need correcting."),
                       {"opportunity_id": [_("Choose an open opportunity of a non-profit you have a signed partner agreement with.")]})
    suggestion = services.suggest_member(member=member, opportunity=opportunity, by=request.user, note=payload.note)
    return Status(201, ProviderSuggestionOut.from_orm(suggestion))


# --- the volunteer ------------------------------------------------------------------------------


@router.get("/me/employers/", response={200: Page[ProviderEmployerOut], **ERRORS}, summary="Your provider programs")
def my_employers(request, query: Query[PageQuery]):
    require_personal(request)
    rows = (
        ProviderMember.objects.filter(user=request.user).exclude(status=MemberStatus.INVITED)
        .select_related("provider", "program").order_by("-created_at", "-pk")
    )
    return paginate(rows, query, ProviderEmployerOut.from_orm)


@router.post(
    "/me/employers/{member_id}/share/",
    response={200: ProviderEmployerOut, **ERRORS},
    summary="Allow or stop non-profits seeing this employer",
)
def share(request, member_id: int, payload: ProviderShareIn):
    require_personal(request)
    if not 0 < member_id <= MAX_ID:
        raise Http404
    member = access.get_own_member(request.user, member_id)
    return ProviderEmployerOut.from_orm(services.set_sharing(member=member, by=request.user, share=payload.share))
