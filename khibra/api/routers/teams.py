"""Teams: the caller's teams, creating one, inviting members and applying as a team; the
organization's side answers team applications. See khibra/api/__init__.py. Same forms,
services and access rules as the pages (views.py)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import member_object, organization_for_member
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS, ApiError
from khibra.api.forms import form_error, validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, ref
from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.volunteers.models import VolunteerProfile

from khibra.teams import access, selectors, services
from khibra.teams.forms import DeclineForm, InviteForm, TeamApplyForm, TeamForm
from khibra.teams.models import Team, TeamAssignment, TeamMember

router = Router(tags=["teams"])
MAX_ID = 2**31 - 1


# --- shapes ----------------------------------------------------------------------------------------


class TeamMemberOut(Schema):
    id: int
    volunteer_id: int
    full_name: str
    role: str
    role_display: str
    status: str
    status_display: str
    joined_at: dt.datetime | None


class TeamMemberWorkOut(Schema):
    engagement_id: int
    volunteer_id: int
    full_name: str
    engagement_status: str
    approved_hours: Decimal
    deliverable_status: str | None = Field(..., description="The status of the member's final deliverable, if any.")


class TeamAssignmentOut(Schema):
    id: int
    team_id: int
    opportunity: Ref
    organization: Ref
    status: str
    status_display: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    members_work: list[TeamMemberWorkOut] = Field(..., description="Each member's engagement once the team is accepted.")


class TeamSummaryOut(Schema):
    id: int
    name: str
    provider: Ref | None
    leader_id: int = Field(..., description="The user id of the team lead.")
    is_active: bool
    my_status: str | None = Field(..., description="The caller's membership: invited or active (null for provider staff).")


class TeamOut(TeamSummaryOut):
    description: str
    members: list[TeamMemberOut]
    assignments: list[TeamAssignmentOut]
    approved_hours: Decimal = Field(..., description="The members' approved hours on the team's engagements.")


class TeamApplicantOut(Schema):
    volunteer_id: int
    full_name: str
    role: str
    profession: Ref | None
    city: Ref | None
    years_of_experience: int


class TeamApplicationOut(Schema):
    id: int
    team: Ref
    provider: Ref | None
    status: str
    status_display: str
    motivation: str
    answers: dict[str, str]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    members: list[TeamApplicantOut]


def _member_out(member: TeamMember) -> dict:
    return {
        "id": member.pk,
        "volunteer_id": member.volunteer_id,
        "full_name": member.volunteer.user.full_name,
        "role": member.role,
        "role_display": str(member.get_role_display()),
        "status": member.status,
        "status_display": str(member.get_status_display()),
        "joined_at": member.joined_at,
    }


def _assignment_out(assignment: TeamAssignment, work: list) -> dict:
    return {
        "id": assignment.pk,
        "team_id": assignment.team_id,
        "opportunity": {"id": assignment.opportunity_id, "name": assignment.opportunity.title},
        "organization": ref(assignment.opportunity.organization),
        "status": assignment.status,
        "status_display": str(assignment.get_status_display()),
        "created_at": assignment.created_at,
        "decided_at": assignment.decided_at,
        "members_work": [
            {
                "engagement_id": row.engagement.pk,
                "volunteer_id": row.engagement.volunteer_id,
                "full_name": row.engagement.volunteer.user.full_name,
                "engagement_status": row.engagement.status,
                "approved_hours": row.hours,
                "deliverable_status": row.deliverable_status,
            }
            for row in work
        ],
    }


def _summary_out(team: Team, my_status: str | None) -> dict:
    return {
        "id": team.pk,
        "name": team.name,
        "provider": ref(team.provider),
        "leader_id": team.leader_id,
        "is_active": team.is_active,
        "my_status": my_status,
    }


def _team_out(team: Team, membership: TeamMember | None) -> dict:
    assignments = list(selectors.assignments_of(team))
    work = selectors.member_work(assignments)
    return {
        **_summary_out(team, membership.status if membership else None),
        "description": team.description,
        "members": [_member_out(member) for member in selectors.members_of(team)],
        "assignments": [_assignment_out(assignment, work.get(assignment.pk, [])) for assignment in assignments],
        "approved_hours": selectors.team_hours(team),
    }


def _application_out(assignment: TeamAssignment) -> dict:
    return {
        "id": assignment.pk,
        "team": {"id": assignment.team_id, "name": assignment.team.name},
        "provider": ref(assignment.team.provider),
        "status": assignment.status,
        "status_display": str(assignment.get_status_display()),
        "motivation": assignment.motivation,
        "answers": {str(key): str(value) for key, value in (assignment.answers or {}).items()},
        "created_at": assignment.created_at,
        "decided_at": assignment.decided_at,
        "members": [
            {
                "volunteer_id": member.volunteer_id,
                "full_name": member.volunteer.user.full_name,
                "role": member.role,
                "profession": ref(member.volunteer.profession),
                "city": ref(member.volunteer.city),
                "years_of_experience": member.volunteer.years_of_experience,
            }
            for member in assignment.team.active_members
        ],
    }


# --- the volunteer's side --------------------------------------------------------------------------


@router.get("/me/teams/", response={200: Page[TeamSummaryOut], **ERRORS}, summary="Your teams and team invitations")
def my_teams(request, query: Query[PageQuery]):
    require_personal(request)
    return paginate(selectors.teams_of(request.user), query, lambda team: _summary_out(team, team.my_status))


class TeamIn(Schema):
    name: str = Field(..., max_length=150)
    description: str = Field("", max_length=2000)
    provider_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="For a provider's team project (its admins and coordinators only)."
    )
    leader_volunteer_id: int | None = Field(None, ge=1, le=MAX_ID, description="Provider teams: the lead's volunteer id.")
    member_volunteer_ids: list[int] = Field(
        default_factory=list, max_length=50, description="Provider teams: the members' volunteer ids."
    )


@router.post("/teams/", response={201: TeamOut, **ERRORS}, summary="Start a team (you lead it), or a provider's team project")
def create_team(request, payload: TeamIn):
    require_personal(request)
    form = TeamForm(data={"name": payload.name, "description": payload.description})
    values = validated(form)
    provider = leader = None
    members: list[VolunteerProfile] = []
    if payload.provider_id is not None:
        provider, _membership = organization_for_member(request, payload.provider_id, manage=True)
        if not provider.is_provider:
            raise Http404
        if payload.leader_volunteer_id is None:
            raise ApiError(400, "validation_error", _("Choose the team lead."), {"leader_volunteer_id": [_("Choose the team lead.")]})
        ids = {payload.leader_volunteer_id, *[i for i in payload.member_volunteer_ids if 0 < i <= MAX_ID]}
        profiles = {p.pk: p for p in VolunteerProfile.objects.select_related("user").filter(pk__in=ids)}
        if set(profiles) != ids:
            raise ApiError(400, "validation_error", _("Some volunteers do not exist."), {"member_volunteer_ids": [_("Some volunteers do not exist.")]})
        leader = profiles[payload.leader_volunteer_id]
        members = [profiles[i] for i in dict.fromkeys(payload.member_volunteer_ids) if i in profiles]
    elif payload.leader_volunteer_id is not None or payload.member_volunteer_ids:
        raise ApiError(
            400, "validation_error", _("A volunteer team is led by its creator; members join by invitation."),
            {"member_volunteer_ids": [_("A volunteer team is led by its creator; members join by invitation.")]},
        )
    team = services.create_team(by=request.user, provider=provider, leader=leader, members=members, **values)
    team, membership = access.get_team_for_viewer(request.user, team.pk)
    return Status(201, _team_out(team, membership))


@router.get("/teams/{team_id}/", response={200: TeamOut, **ERRORS}, summary="A team: members, assignments, hours")
def get_team(request, team_id: int):
    require_personal(request)
    team, membership = access.get_team_for_viewer(request.user, team_id)
    return _team_out(team, membership)


class TeamInviteIn(Schema):
    email: str = Field(..., max_length=254, description="The e-mail address of the volunteer's account.")


class TeamInviteOut(Schema):
    detail: str


@router.post(
    "/teams/{team_id}/members/", response={202: TeamInviteOut, **ERRORS}, summary="Invite a volunteer (the team lead)",
    description=(
        "The answer is the same whether or not the address belongs to a volunteer who can join: such a "
        "volunteer is invited (see the team's members), anybody else is e-mailed how to join."
    ),
)
def invite_member(request, team_id: int, payload: TeamInviteIn):
    require_personal(request)
    team, _membership = access.get_team_for_lead(request.user, team_id)
    form = InviteForm(data={"email": payload.email})
    email = validated(form)["email"]
    try:
        services.invite_member(team=team, by=request.user, email=email)
    except ValidationError as error:
        add_service_errors(form, error)
        raise form_error(form) from None
    return Status(202, {"detail": selectors.invitation_sent_message()})


class TeamApplyIn(Schema):
    opportunity_id: int = Field(..., ge=1, le=MAX_ID)
    motivation: str = Field("", max_length=4000, description="Why the team fits the work.")
    answers: dict[str, str] = Field(default_factory=dict, max_length=50, description="Answers to the screening questions, by question id.")
    availability_confirmed: bool = Field(False, description="The team can give the hours and dates the opportunity asks for.")


def _answer_field(name: str) -> str:
    return f"answers.{name[len('answer_'):]}" if name.startswith("answer_") else name


@router.post(
    "/teams/{team_id}/applications/", response={201: TeamAssignmentOut, **ERRORS},
    summary="Apply as a team to an opportunity done by a team (the team lead)",
)
def apply(request, team_id: int, payload: TeamApplyIn):
    require_personal(request)
    team, _membership = access.get_team_for_lead(request.user, team_id)
    opportunity = get_public_opportunity(payload.opportunity_id)
    answers = {str(key).strip(): value for key, value in payload.answers.items()}
    form = TeamApplyForm(
        data={
            "motivation": payload.motivation, "availability_confirmed": payload.availability_confirmed,
            **{f"answer_{q.pk}": answers.get(str(q.pk), "") for q in opportunity.screening_questions.all()},
        },
        opportunity=opportunity,
    )
    if form.is_valid():
        try:
            assignment = services.apply_as_team(
                team=team, opportunity=opportunity, by=request.user, motivation=form.cleaned_data["motivation"],
                answers=form.answers(), availability_confirmed=form.cleaned_data["availability_confirmed"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise ApiError(400, "cannot_apply", " ".join(error.messages), {"non_field_errors": error.messages}) from None
            add_service_errors(form, error)
    if form.errors:
        error = form_error(form)
        error.fields = {_answer_field(name): texts for name, texts in error.fields.items()}
        raise error
    assignment = TeamAssignment.objects.select_related("opportunity__organization").get(pk=assignment.pk)
    return Status(201, _assignment_out(assignment, []))


# --- the organization's side ----------------------------------------------------------------------


@router.get(
    "/opportunities/{opportunity_id}/team-applications/", response={200: Page[TeamApplicationOut], **ERRORS},
    summary="The teams that applied to one of your organization's opportunities",
)
def team_applications(request, opportunity_id: int, query: Query[PageQuery]):
    if not 0 < opportunity_id <= MAX_ID:
        raise Http404
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_member, opportunity_id, scope="applications:read"
    )
    return paginate(selectors.team_applications(opportunity), query, _application_out)


def _decided(assignment: TeamAssignment) -> dict:
    assignment = TeamAssignment.objects.select_related("opportunity__organization").get(pk=assignment.pk)
    return _assignment_out(assignment, selectors.member_work([assignment]).get(assignment.pk, []))


@router.post(
    "/team-assignments/{assignment_id}/accept/", response={200: TeamAssignmentOut, **ERRORS},
    summary="Accept a team: one engagement starts for each active member",
)
def accept(request, assignment_id: int):
    if not 0 < assignment_id <= MAX_ID:
        raise Http404
    _organization, _membership, assignment = member_object(
        request, access.get_assignment_for_organization, assignment_id, scope="applications:write", manage=True
    )
    services.accept_assignment(assignment=assignment, by=request.user)
    return _decided(assignment)


class TeamDeclineIn(Schema):
    note: str = Field("", max_length=500, description="A note to the team (optional).")


@router.post("/team-assignments/{assignment_id}/decline/", response={200: TeamAssignmentOut, **ERRORS}, summary="Decline a team")
def decline(request, assignment_id: int, payload: TeamDeclineIn | None = None):
    if not 0 < assignment_id <= MAX_ID:
        raise Http404
    _organization, _membership, assignment = member_object(
        request, access.get_assignment_for_organization, assignment_id, scope="applications:write", manage=True
    )
    note = validated(DeclineForm(data={"note": payload.note if payload else ""}))["note"]
    services.decline_assignment(assignment=assignment, by=request.user, note=note)
    return _decided(assignment)
