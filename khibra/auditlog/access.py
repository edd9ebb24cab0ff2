"""Who may read which audit trail: an organization's admins read their organization's events;
platform staff read everything. Outsiders get 404, members without the admin role 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from khibra.organizations.access import active_membership, get_organization_for_member, is_staff, require_staff
from khibra.organizations.models import Membership, Organization


def get_organization_for_audit(user, slug: str) -> tuple[Organization, Membership]:
    return get_organization_for_member(user, slug, admin=True)


def require_platform_audit(user) -> None:
    require_staff(user)


# The checks of the export kinds: (user, organization) -> None, the same rules as the pages.


def check_organization_export(user, organization) -> None:
    if organization is None:
        raise Http404
    membership = active_membership(organization, user)
    if membership is None:
        raise Http404
    if not membership.is_admin:
        raise PermissionDenied


def check_platform_export(user, organization) -> None:
    if not is_staff(user) or organization is not None:
        raise Http404
