"""Who may see a team. Its members (invited ones included) and, for a provider team, the
provider's admins and coordinators; everybody else gets 404, as if it did not exist.
Team applications belong to the opportunity's organization: outsiders 404, members without the
role 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.opportunities.models import Opportunity
from khibra.organizations.access import get_organization_for_member
from khibra.organizations.models import Membership, Organization

from .models import Team, TeamMember, TeamMemberStatus
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


def get_opportunity_for_member(user, slug: str, pk: int, *, manage: bool = False) -> tuple[Organization, Membership, Opportunity]:
    """One of the organization's opportunities: its members read the team applications (like the
    selection board); `manage` (admins, volunteer managers) to decide."""
    organization, membership = get_organization_for_member(user, slug, manage=manage)
    opportunity = get_object_or_404(Opportunity.objects.select_related("organization"), pk=pk, organization=organization)
    return organization, membership, opportunity


