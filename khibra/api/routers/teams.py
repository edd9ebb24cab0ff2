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
from khibra.api.schemas import Ref, display, resolver
from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.teams import access, selectors, services
from khibra.teams.forms import DeclineForm, InviteForm, TeamApplyForm, TeamForm
from khibra.teams.models import Team, TeamAssignment, TeamMember
from khibra.volunteers.models import VolunteerProfile

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

    resolve_full_name = resolver("full_name", lambda member, _context: member.volunteer.user.full_name)
    resolve_role_display = display("role")
    resolve_status_display = display("status")


class TeamMemberWorkOut(Schema):
    engagement_id: int
    volunteer_id: int
    full_name: str
    engagement_status: str
    approved_hours: Decimal
    deliverable_status: str | None = Field(..., description="The status of the member's final deliverable, if any.")

    # Read from `selectors.member_work`'s rows: the engagement, its approved hours, the deliverable.
    resolve_engagement_id = resolver("engagement_id", lambda row, _context: row.engagement.pk)
    resolve_volunteer_id = resolver("volunteer_id", lambda row, _context: row.engagement.volunteer_id)
    resolve_full_name = resolver("full_name", lambda row, _context: row.engagement.volunteer.user.full_name)
    resolve_engagement_status = resolver("engagement_status", lambda row, _context: row.engagement.status)
    resolve_approved_hours = resolver("approved_hours", lambda row, _context: row.hours)


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

    resolve_opportunity = resolver(
        "opportunity", lambda assignment, _context: {"id": assignment.opportunity_id, "name": assignment.opportunity.title}
    )
    resolve_organization = resolver("organization", lambda assignment, _context: assignment.opportunity.organization)
    resolve_status_display = display("status")
    # The members' work of each assignment, by its id (`selectors.member_work`), from the context.
    resolve_members_work = resolver(
        "members_work", lambda assignment, context: context.get("work", {}).get(assignment.pk, [])
    )


class TeamSummaryOut(Schema):
    id: int
    name: str
    provider: Ref | None
    leader_id: int = Field(..., description="The user id of the team lead.")
    is_active: bool
    my_status: str | None = Field(..., description="The caller's membership: invited or active (null for provider staff).")

    # `selectors.teams_of` annotates the caller's status; one team is given it in the context.
    resolve_my_status = resolver(
        "my_status", lambda team, context: context["my_status"] if "my_status" in context else team.my_status
    )


class TeamOut(TeamSummaryOut):
    description: str
    members: list[TeamMemberOut]
    assignments: list[TeamAssignmentOut]
    approved_hours: Decimal = Field(..., description="The members' approved hours on the team's engagements.")

    resolve_members = resolver("members", lambda team, _context: list(selectors.members_of(team)))
    resolve_assignments = resolver("assignments", lambda _team, context: context["assignments"])
    resolve_approved_hours = resolver("approved_hours", lambda team, _context: selectors.team_hours(team))


class TeamApplicantOut(Schema):
    volunteer_id: int
    full_name: str
    role: str
    profession: Ref | None
    city: Ref | None
    years_of_experience: int

    # Read from a TeamMember.
    resolve_full_name = resolver("full_name", lambda member, _context: member.volunteer.user.full_name)
    resolve_profession = resolver("profession", lambda member, _context: member.volunteer.profession)
    resolve_city = resolver("city", lambda member, _context: member.volunteer.city)
    resolve_years_of_experience = resolver(
        "years_of_experience", lambda member, _context: member.volunteer.years_of_experience
    )


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

    resolve_provider = resolver("provider", lambda assignment, _context: assignment.team.provider)
    resolve_status_display = display("status")
    resolve_answers = resolver(
        "answers",
        lambda assignment, _context: {str(key): str(value) for key, value in (assignment.answers or {}).items()},
    )
    resolve_members = resolver("members", lambda assignment, _context: list(assignment.team.active_members))


def _assignment_out(assignment: TeamAssignment, work: dict) -> TeamAssignmentOut:
    """An assignment with its members' work (`selectors.member_work`, by assignment id)."""
    return TeamAssignmentOut.from_orm(assignment, context={"work": work})


def _team_out(team: Team, membership: TeamMember | None) -> TeamOut:
    assignments = list(selectors.assignments_of(team))
    work = selectors.member_work(assignments)
    context = {
        "my_status": membership.status if membership else None,
        "assignments": [_assignment_out(assignment, work) for assignment in assignments],
    }
    return TeamOut.from_orm(team, context=context)


# --- the volunteer's side --------------------------------------------------------------------------


@router.get("/me/teams/", response={200: Page[TeamSummaryOut], **ERRORS}, summary="Your teams and team invitations")
def my_teams(request, query: Query[PageQuery]):
    require_personal(request)
    return paginate(selectors.teams_of(request.user), query, TeamSummaryOut.from_orm)


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
    return Status(201, _assignment_out(assignment, {}))


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
    return paginate(selectors.team_applications(opportunity), query, TeamApplicationOut.from_orm)


def _decided(assignment: TeamAssignment) -> TeamAssignmentOut:
    assignment = TeamAssignment.objects.select_related("opportunity__organization").get(pk=assignment.pk)
    return _assignment_out(assignment, selectors.member_work([assignment]))


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
