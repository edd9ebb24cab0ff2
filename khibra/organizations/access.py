"""Who may see or do what. Outsiders learn nothing (404); members without the role get 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Invitation, Membership, Organization
from .selectors import active_memberships


def get_organization_for_member(user, slug: str, *, manage: bool = False, admin: bool = False) -> tuple[Organization, Membership]:
    """The organization and the user's active membership in it.

    `manage`: admins and volunteer managers (coordinators for providers); `admin`: admins only.
    Anybody who is not an active member, members of other organizations included, gets 404.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    # Every membership of the user in one query (a handful of rows), which the navigation bar of
    # the same request reuses (organizations.selectors).
    membership = next((m for m in active_memberships(user) if m.organization.slug == slug), None)
    if membership is None:
        raise Http404
    require_role(membership, manage=manage, admin=admin)
    return membership.organization, membership


def get_organization_for_member_by_id(
    user, organization_id: int, *, slug: str | None = None, manage: bool = False, admin: bool = False
) -> tuple[Organization, Membership]:
    """The same rule keyed by the organization's id (the door of pages and endpoints that reach an
    organization through one of its objects). A `slug` from the URL must match, else 404."""
    if not getattr(user, "is_authenticated", False) or not 0 < organization_id < 2**63:
        raise Http404
    membership = (
        Membership.objects.active().select_related("organization").filter(organization_id=organization_id, user=user).first()
    )
    if membership is None:
        raise Http404
    require_slug(membership.organization, slug)
    require_role(membership, manage=manage, admin=admin)
    return membership.organization, membership


def require_role(membership: Membership, *, manage: bool = False, admin: bool = False) -> None:
    """403 for a member without the role: `manage` (admins and volunteer managers, coordinators
    for providers) or `admin`."""
    if admin and not membership.is_admin:
        raise PermissionDenied
    if manage and not membership.can_manage:
        raise PermissionDenied


def require_slug(organization: Organization, slug: str | None) -> None:
    """A URL names the organization by slug and the object by id: they must agree, else 404."""
    if slug is not None and organization.slug != slug:
        raise Http404


def get_organization_for_viewer(
    user, slug: str | None = None, *, organization_id: int | None = None
) -> tuple[Organization, Membership | None]:
    """A verified organization is public. One under review or rejected is visible only to its
    members and to platform staff; everybody else gets 404, as if it did not exist. By its URL
    slug or by its id."""
    if organization_id is not None and not 0 < organization_id < 2**63:
        raise Http404
    found = {"slug": slug} if organization_id is None else {"pk": organization_id}
    organization = get_object_or_404(Organization.objects.select_related("city__region"), **found)
    require_slug(organization, slug)
    membership = None
    if getattr(user, "is_authenticated", False):
        membership = Membership.objects.active().filter(organization=organization, user=user).first()
    if not organization.is_verified and membership is None and not is_staff(user):
        raise Http404
    return organization, membership


def get_membership_for_admin(user, pk: int, *, slug: str | None = None) -> tuple[Organization, Membership, Membership]:
    """(organization, the admin's own membership, the membership they act on, found by its id)."""
    target = get_object_or_404(Membership.objects.active().select_related("user", "organization"), pk=pk)
    organization, own = get_organization_for_member_by_id(user, target.organization_id, slug=slug, admin=True)
    return organization, own, target


def get_invitation_for_admin(user, pk: int, *, slug: str | None = None) -> tuple[Organization, Invitation]:
    """An invitation by its id, for the admins of the organization that sent it."""
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), pk=pk)
    organization, _own = get_organization_for_member_by_id(user, invitation.organization_id, slug=slug, admin=True)
    return organization, invitation


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff and user.is_active)


def require_staff(user) -> None:
    """Platform staff pages do not exist for anybody else."""
    if not is_staff(user):
        raise Http404


def get_organization_for_staff(user, organization_id: int) -> Organization:
    """Any organization, by its id, for platform staff (verification); nobody else learns the
    page exists: 404."""
    require_staff(user)
    if not 0 < organization_id < 2**63:
        raise Http404
    return get_object_or_404(Organization.objects.select_related("city__region"), pk=organization_id)


def active_membership(organization: Organization, user) -> Membership | None:
    """The user's active membership in the organization, or None (anonymous users included)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.active().filter(organization=organization, user=user).first()


def require_manager(organization: Organization, user) -> Membership:
    """For services: only the organization's admin or volunteer manager (a provider's coordinator)
    may go on."""
    from django.utils.translation import gettext as _

    membership = active_membership(organization, user)
    if membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only the organization's admin or volunteer manager can do this."))
    return membership
