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
    if admin and not membership.is_admin:
        raise PermissionDenied
    if manage and not membership.can_manage:
        raise PermissionDenied
    return membership.organization, membership


def get_organization_for_viewer(user, slug: str) -> tuple[Organization, Membership | None]:
    """A verified organization is public. One under review or rejected is visible only to its
    members and to platform staff; everybody else gets 404, as if it did not exist."""
    organization = get_object_or_404(Organization.objects.select_related("city__region"), slug=slug)
    membership = None
    if getattr(user, "is_authenticated", False):
        membership = Membership.objects.active().filter(organization=organization, user=user).first()
    if not organization.is_verified and membership is None and not is_staff(user):
        raise Http404
    return organization, membership


def get_membership_for_admin(user, slug: str, pk: int) -> tuple[Organization, Membership, Membership]:
    """(organization, the admin's own membership, the membership they act on)."""
    organization, own = get_organization_for_member(user, slug, admin=True)
    target = get_object_or_404(
        Membership.objects.active().select_related("user", "organization"), organization=organization, pk=pk
    )
    return organization, own, target


def get_invitation_for_admin(user, slug: str, pk: int) -> tuple[Organization, Invitation]:
    organization, _own = get_organization_for_member(user, slug, admin=True)
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), organization=organization, pk=pk)
    return organization, invitation


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff and user.is_active)


def require_staff(user) -> None:
    """Platform staff pages do not exist for anybody else."""
    if not is_staff(user):
        raise Http404


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
