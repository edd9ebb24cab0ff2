"""Who may see a team. Its members (invited ones included) and, for a provider team, the
provider's admins and coordinators; everybody else gets 404, as if it did not exist.
Team applications belong to the opportunity's organization: khibra.opportunities.access."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import get_organization_for_member_by_id
from khibra.organizations.models import Membership, Organization

from .models import Team, TeamAssignment, TeamMember, TeamMemberStatus
from .selectors import is_provider_staff


def own_membership(team: Team, user) -> TeamMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        TeamMember.objects.filter(team=team, volunteer__user=user)
        .exclude(status=TeamMemberStatus.LEFT)
        .select_related("volunteer__user")
        .first()
    )


def get_team_for_viewer(user, pk: int) -> tuple[Team, TeamMember | None]:
    """The team and the user's own membership (None for the provider's staff)."""
    if not getattr(user, "is_authenticated", False) or not 0 < pk < 2**63:
        raise Http404
    team = get_object_or_404(Team.objects.select_related("provider", "leader"), pk=pk)
    membership = own_membership(team, user)
    if membership is None and not is_provider_staff(team, user):
        raise Http404
    return team, membership


def get_team_for_lead(user, pk: int) -> tuple[Team, TeamMember | None]:
    """Lead actions: members who do not lead get 403."""
    team, membership = get_team_for_viewer(user, pk)
    if team.leader_id != user.pk and not is_provider_staff(team, user):
        raise PermissionDenied
    return team, membership


def get_assignment_for_organization(user, pk: int, *, manage: bool = False) -> tuple[Organization, Membership, TeamAssignment]:
    """A team's application by its id, for the members of the opportunity's organization
    (`manage`: admins and volunteer managers decide, 403 for other members); others 404."""
    assignment = TeamAssignment.objects.select_related("opportunity__organization").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    organization, membership = get_organization_for_member_by_id(user, assignment.opportunity.organization_id, manage=manage)
    return organization, membership, assignment
