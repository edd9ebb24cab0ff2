"""Who may see or do what in selection. Outsiders learn nothing (404: members of other
organizations and platform staff included); supervisors read the board (403 on actions); a
volunteer sees only their own applications (someone else's is 404, as if it did not exist)."""

from django.shortcuts import get_object_or_404

from khibra.opportunities.models import Opportunity
from khibra.organizations.access import get_organization_for_member
from khibra.organizations.models import Membership, Organization
from khibra.volunteers.access import get_volunteer_profile  # noqa: F401  (re-exported: recruitment, certificates and engagements call it from here)

from .models import Application


def get_opportunity_for_board(user, org_slug: str, pk: int, *, manage: bool = False) -> tuple[Organization, Membership, Opportunity]:
    organization, membership = get_organization_for_member(user, org_slug, manage=manage)
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("organization", "supervisor"), organization=organization, pk=pk
    )
    return organization, membership, opportunity


def get_application_for_manager(user, org_slug: str, pk: int) -> tuple[Organization, Membership, Application]:
    """An application to one of the organization's opportunities, for its admins and volunteer managers."""
    organization, membership = get_organization_for_member(user, org_slug, manage=True)
    application = get_object_or_404(
        Application.objects.select_related("opportunity__organization", "opportunity__supervisor", "volunteer__user"),
        opportunity__organization=organization,
        pk=pk,
    )
    return organization, membership, application


def get_application_for_volunteer(user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("opportunity__organization", "volunteer__user"), volunteer__user=user, pk=pk
    )
