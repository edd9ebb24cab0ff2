"""Team pages (members and lead), the organization's team applications of an opportunity and the
provider's team projects. Access first, then the form, then the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khibra.core.actions import error_message, run_action, save_form
from khibra.core.forms import add_service_errors, form_status
from khibra.opportunities.access import get_opportunity_for_member
from khibra.opportunities.models import Opportunity
from khibra.providers.access import get_provider_for_staff
from khibra.volunteers.models import VolunteerProfile

from . import access, selectors, services
from .forms import (
    ChooseOpportunityForm,
    DeclineForm,
    HandOverForm,
    InviteForm,
    ProviderTeamForm,
    TeamApplyForm,
    TeamForm,
)
from .models import AssignmentStatus, Team, TeamAssignment, TeamMember

# --- the volunteer's side -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_teams(request: HttpRequest) -> HttpResponse:
    has_profile = VolunteerProfile.objects.filter(user=request.user).exists()
    form = TeamForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            team = services.create_team(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:  # no volunteer profile yet
            form.add_error(None, str(error) or _("You are not allowed to do this."))
        else:
            messages.success(request, _("The team is created. Invite its members."))
            return redirect("teams:detail", team.pk)
    return render(
        request,
        "teams/my_teams.html",
        {"teams": selectors.teams_of(request.user), "form": form, "has_profile": has_profile},
        status=form_status(request, form),
    )


def _detail(request: HttpRequest, team: Team, membership: TeamMember | None, *, status: int = 200, **forms) -> HttpResponse:
    is_lead = team.leader_id == request.user.pk or selectors.is_provider_staff(team, request.user)
    assignments = list(selectors.assignments_of(team))
    work = selectors.member_work(assignments)
    for assignment in assignments:
        assignment.member_work = work.get(assignment.pk, [])
    context = {
        "team": team,
        "membership": membership,
        "is_lead": is_lead,
        "is_leader": team.leader_id == request.user.pk,
        "members": selectors.members_of(team),
        "assignments": assignments,
        "team_hours": selectors.team_hours(team),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "hand_over_form": forms.get("hand_over_form") or HandOverForm(team=team),
        "choose_form": ChooseOpportunityForm(),
    }
    return render(request, "teams/detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    team, membership = access.get_team_for_viewer(request.user, pk)
    return _detail(request, team, membership)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    team, membership = access.get_team_for_lead(request.user, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(team=team, by=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The same answer whatever the address is (see services.invite_member).
            messages.success(request, selectors.invitation_sent_message())
            return redirect("teams:detail", team.pk)
    return _detail(request, team, membership, status=400, invite_form=form)


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    team, membership = access.get_team_for_lead(request.user, pk)
    form = HandOverForm(request.POST, team=team)
    saved = save_form(
        request, form, lambda data: services.hand_over_leadership(team=team, by=request.user, to=data["member"]),
        done=_("The team has a new lead."), then=lambda _saved: redirect("teams:detail", team.pk),
    )
    return saved or _detail(request, team, membership, status=400, hand_over_form=form)


@login_required
@require_POST
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    team, _membership = access.get_team_for_lead(request.user, pk)
    member = get_object_or_404(TeamMember, pk=member_pk, team=team)
    run_action(
        request, lambda: services.remove_member(member=member, by=request.user), _("The member is removed from the team.")
    )
    return redirect("teams:detail", team.pk)


@login_required
@require_POST
def respond(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    """The invited volunteer accepts or declines; a member leaves."""
    team, membership = access.get_team_for_viewer(request.user, pk)
    if membership is None:
        raise Http404
    try:
        if answer == "accept":
            services.accept_invitation(member=membership, by=request.user)
            messages.success(request, _("Welcome to the team."))
        elif answer == "decline":
            services.decline_invitation(member=membership, by=request.user)
            messages.success(request, _("The invitation is declined."))
            return redirect("teams:mine")
        else:
            services.leave_team(member=membership, by=request.user)
            messages.success(request, _("You left the team."))
            return redirect("teams:mine")
    except ValidationError as error:
        messages.error(request, error_message(error))
    return redirect("teams:detail", team.pk)


@login_required
@require_http_methods(["GET"])
def choose_opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead's pick in the team page's list goes to that opportunity's application page."""
    team, membership = access.get_team_for_lead(request.user, pk)
    form = ChooseOpportunityForm(request.GET)
    if form.is_valid():
        return redirect("teams:apply", team.pk, form.cleaned_data["opportunity"].pk)
    messages.error(request, _("Choose an open opportunity done by a team."))
    return redirect("teams:detail", team.pk)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int, opportunity_pk: int) -> HttpResponse:
    team, membership = access.get_team_for_lead(request.user, pk)
    opportunity = get_object_or_404(Opportunity.objects.public().select_related("organization"), pk=opportunity_pk)
    form = TeamApplyForm(request.POST or None, opportunity=opportunity)
    if form.is_bound and form.is_valid():
        try:
            services.apply_as_team(
                team=team, opportunity=opportunity, by=request.user, motivation=form.cleaned_data["motivation"],
                answers=form.answers(), availability_confirmed=form.cleaned_data["availability_confirmed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:  # provider staff see the page; only the lead applies
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The team's application is sent."))
            return redirect("teams:detail", team.pk)
    errors, by_member = selectors.team_blockers(team=team, opportunity=opportunity)
    return render(
        request,
        "teams/apply.html",
        {
            "team": team, "opportunity": opportunity, "form": form, "team_errors": errors,
            "member_errors": [(member, found) for member, found in by_member.items()],
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    team, _membership = access.get_team_for_lead(request.user, pk)
    assignment = get_object_or_404(TeamAssignment, pk=assignment_pk, team=team)
    try:
        services.withdraw_assignment(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The team's application is withdrawn."))
    return redirect("teams:detail", team.pk)


# --- the organization's side ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def opportunity_teams(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_member(request.user, pk, slug=slug)
    assignments = list(selectors.team_applications(opportunity))
    return render(
        request,
        "teams/opportunity_teams.html",
        {
            "organization": organization, "membership": membership, "opportunity": opportunity,
            "assignments": assignments, "decline_form": DeclineForm(), "Status": AssignmentStatus,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int, assignment_pk: int, decision: str) -> HttpResponse:
    organization, _membership, opportunity = get_opportunity_for_member(request.user, pk, slug=slug, manage=True)
    assignment = get_object_or_404(TeamAssignment, pk=assignment_pk, opportunity=opportunity)
    try:
        if decision == "accept":
            services.accept_assignment(assignment=assignment, by=request.user)
            messages.success(request, _("The team is accepted. Each member's engagement has started."))
        else:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Keep the note under 500 characters."))
                return redirect("teams:opportunity_teams", organization.slug, opportunity.pk)
            services.decline_assignment(assignment=assignment, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The team's application is declined."))
    except ValidationError as error:
        messages.error(request, error_message(error))
    return redirect("teams:opportunity_teams", organization.slug, opportunity.pk)


# --- the provider's team projects -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def provider_teams(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = get_provider_for_staff(request.user, slug)
    form = ProviderTeamForm(request.POST or None, provider=provider)
    saved = save_form(
        request, form, lambda data: services.create_team(by=request.user, provider=provider, **data),
        done=_("The team project is created."), then=lambda team: redirect("teams:detail", team.pk),
    )
    if saved:
        return saved
    return render(
        request,
        "teams/provider_teams.html",
        {"organization": provider, "membership": membership, "form": form, "teams": selectors.provider_teams(provider)},
        status=form_status(request, form),
    )
