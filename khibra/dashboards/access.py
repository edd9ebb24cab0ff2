"""Who may see which dashboard. Outsiders (members of other organizations included) get 404,
members without the role 403; the sector dashboard does not exist for anybody but platform staff."""

from django.http import Http404

from khibra.exports import access as export_access
from khibra.organizations.access import get_organization_for_member, require_staff
from khibra.organizations.models import Membership, Organization


def get_nonprofit_for_dashboard(user, slug: str) -> tuple[Organization, Membership]:
    """A non-profit's dashboard: its admins and volunteer managers."""
    organization, membership = get_organization_for_member(user, slug, manage=True)
    require_kind(organization, provider=False)
    return organization, membership


def get_provider_for_dashboard(user, slug: str) -> tuple[Organization, Membership]:
    """A provider's dashboard: its admins and coordinators."""
    organization, membership = get_organization_for_member(user, slug, manage=True)
    require_kind(organization, provider=True)
    return organization, membership


def require_kind(organization: Organization, *, provider: bool) -> None:
    """A non-profit's dashboard does not exist for a provider, nor a provider's for a non-profit."""
    if organization.is_provider != provider:
        raise Http404


def require_sector_staff(user) -> None:
    require_staff(user)


# The checks of the export kinds: (user, organization) -> None, the same rules as the pages.


def check_nonprofit_export(user, organization) -> None:
    export_access.require_organization_manager(user, organization)
    if organization.is_provider:
        raise Http404


def check_provider_export(user, organization) -> None:
    export_access.require_organization_manager(user, organization)
    if not organization.is_provider:
        raise Http404


check_sector_export = export_access.require_platform_staff
