"""Who may see what in a provider program. Outsiders (members of other organizations included)
get 404; members without the role get 403. A provider's pages exist only for providers."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import active_membership, get_organization_for_member, require_role
from khibra.organizations.models import Membership, Organization

from .models import Participation, ProviderMember


def get_provider_for_staff(user, slug: str, *, admin: bool = False) -> tuple[Organization, Membership]:
    """The provider and the user's membership: its admins and coordinators."""
    organization, membership = get_organization_for_member(user, slug, manage=True, admin=admin)
    require_provider(organization)
    return organization, membership


def require_provider(organization: Organization) -> None:
    """A provider's pages and endpoints do not exist for other organizations."""
    if not organization.is_provider:
        raise Http404


def require_provider_staff(provider: Organization, user, *, admin: bool = False) -> Membership:
    """For objects found by id: 404 for outsiders, 403 for members without the role."""
    membership = active_membership(provider, user)
    if membership is None or not provider.is_provider:
        raise Http404
    require_role(membership, manage=True, admin=admin)
    return membership


def get_member_for_staff(user, pk: int, *, provider: Organization | None = None) -> ProviderMember:
    """A member record by its id, for the provider's admins and coordinators."""
    if not 0 < pk < 2**31:
        raise Http404
    member = get_object_or_404(ProviderMember.objects.select_related("provider", "user", "program"), pk=pk)
    if provider is not None and member.provider_id != provider.pk:
        raise Http404
    require_provider_staff(member.provider, user)
    return member


def get_verified_member_for_staff(user, pk: int, *, provider: Organization) -> ProviderMember:
    """A member's record: only verified members of this provider."""
    member = get_member_for_staff(user, pk, provider=provider)
    if not member.is_verified:
        raise Http404
    return member


def get_participation_for_staff(user, pk: int, *, provider: Organization | None = None) -> Participation:
    if not 0 < pk < 2**31:
        raise Http404
    participation = get_object_or_404(
        Participation.objects.select_related("member__provider", "member__user", "member__program", "engagement__opportunity__organization"),
        pk=pk,
    )
    if provider is not None and participation.member.provider_id != provider.pk:
        raise Http404
    require_provider_staff(participation.member.provider, user)
    return participation


def get_own_member(user, pk: int) -> ProviderMember:
    """The volunteer's own membership; anybody else's looks missing."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(ProviderMember.objects.select_related("provider", "program"), pk=pk, user=user)


def get_nonprofit_for_manager(user, slug: str) -> tuple[Organization, Membership]:
    organization, membership = get_organization_for_member(user, slug, manage=True)
    if organization.is_provider:
        raise Http404
    return organization, membership
