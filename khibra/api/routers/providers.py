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
from khibra.api.schemas import Ref
from khibra.opportunities.models import Opportunity
from khibra.reference.models import Field as ReferenceField

from khibra.providers import access, selectors, services
from khibra.providers.forms import InviteMemberForm
from khibra.providers.models import MemberStatus, Participation, ProviderMember

router = Router(tags=["providers"])

READ_SCOPE = "reports:read"
WRITE_SCOPE = "applications:write"
MAX_ID = 2**31 - 1


# --- schemas ------------------------------------------------------------------------------------


class ProviderSurveyAveragesOut(Schema):
    count: int
    shown: bool = Field(..., description="False below the minimum group size: then no averages are given.")
    satisfaction: float | None
    organization_quality: float | None
    training: float | None
    recommend: float | None


class ProviderPartnerOut(Schema):
    agreement_id: int
    organization: Ref
    opportunity: Ref
    starts_on: dt.date
    ends_on: dt.date


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


class ProviderEmployerOut(Schema):
    id: int
    provider: Ref
    program: Ref | None
    status: str
    status_display: str
    share_with_nonprofits: bool


class ProviderShareIn(Schema):
    share: bool


# --- serializers --------------------------------------------------------------------------------


def _ref(obj, name=None) -> dict | None:
    return {"id": obj.pk, "name": str(name if name is not None else obj.name)} if obj is not None else None


def _member_out(member: ProviderMember) -> dict:
    profile = getattr(member.user, "volunteer_profile", None) if member.user_id else None
    return {
        "id": member.pk,
        "user_id": member.user_id,
        "full_name": member.user.full_name if member.user_id else "",
        "email": member.user.email if member.user_id else member.invited_email,
        "status": member.status,
        "status_display": str(member.get_status_display()),
        "how": member.how,
        "program": _ref(member.program),
        "department": member.department,
        "job_title": member.job_title,
        "profession": _ref(profile.profession) if profile and profile.profession_id else None,
        "level": profile.level if profile else None,
        "fields": [_ref(f) for f in profile.fields.all()] if profile else [],
        "skills": [_ref(s) for s in profile.skills.all()] if profile else [],
        "share_with_nonprofits": member.share_with_nonprofits,
        "verified_at": member.verified_at,
    }


def _participation_out(p: Participation) -> dict:
    opportunity = p.engagement.opportunity
    return {
        "id": p.pk,
        "member_id": p.member_id,
        "full_name": p.member.user.full_name,
        "engagement_id": p.engagement_id,
        "opportunity": _ref(opportunity, opportunity.title),
        "organization": _ref(opportunity.organization),
        "program": _ref(p.member.program),
        "status": p.status,
        "status_display": str(p.get_status_display()),
        "paid_time": p.paid_time,
        "decided_at": p.decided_at,
        "note": p.note,
        "created_at": p.created_at,
    }


def _fresh_participation(p: Participation) -> dict:
    return _participation_out(
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
    summary = selectors.provider_summary(provider)
    averages = summary.surveys.averages
    return {
        "members_verified": summary.members_verified,
        "members_pending": summary.members_pending,
        "invitations_open": summary.invitations_open,
        "participations_pending": summary.participations_pending,
        "engagements_active": summary.engagements_active,
        "engagements_completed": summary.engagements_completed,
        "hours": float(summary.hours),
        "paid_hours": float(summary.paid_hours),
        "certificates": summary.certificates,
        "surveys": {
            "count": summary.surveys.count,
            "shown": summary.surveys.shown,
            **{name: (float(averages[name]) if name in averages and averages[name] is not None else None)
               for name in ("satisfaction", "organization_quality", "training", "recommend")},
        },
        "partners": [
            {
                "agreement_id": a.pk,
                "organization": _ref(a.organization),
                "opportunity": _ref(a.opportunity, a.opportunity.title),
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
            }
            for a in summary.partners
        ],
    }


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
    return Status(201, {"id": member.pk, "email": member.invited_email, "program": _ref(member.program),
                        "expires_at": member.invitation_expires_at})


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
    return paginate(selectors.participations_of(provider, status=filters.status or ""), query, _participation_out)


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
    return Status(201, {"id": suggestion.pk, "member_id": member.pk, "opportunity": _ref(opportunity, opportunity.title),
                        "organization": _ref(opportunity.organization), "note": suggestion.note, "created_at": suggestion.created_at})


# --- the volunteer ------------------------------------------------------------------------------


def _employer_out(member: ProviderMember) -> dict:
    return {
        "id": member.pk,
        "provider": _ref(member.provider),
        "program": _ref(member.program),
        "status": member.status,
        "status_display": str(member.get_status_display()),
        "share_with_nonprofits": member.share_with_nonprofits,
    }


@router.get("/me/employers/", response={200: Page[ProviderEmployerOut], **ERRORS}, summary="Your provider programs")
def my_employers(request, query: Query[PageQuery]):
    require_personal(request)
    rows = (
        ProviderMember.objects.filter(user=request.user).exclude(status=MemberStatus.INVITED)
        .select_related("provider", "program").order_by("-created_at", "-pk")
    )
    return paginate(rows, query, _employer_out)


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
    return _employer_out(services.set_sharing(member=member, by=request.user, share=payload.share))
