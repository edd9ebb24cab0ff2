"""Who may log, see and review hours. Outsiders learn nothing (404).

Reviewers are the organization's admins and volunteer managers, and the opportunity's own
supervisor while they are an active member. The volunteer never reviews their own hours.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khibra.engagements.models import Engagement
from khibra.organizations.access import active_membership, get_organization_for_member
from khibra.organizations.models import Membership

from .models import HourEntry


def can_review(user, opportunity, membership: Membership | None) -> bool:
    """`membership` is the user's active membership in the opportunity's organization (or None)."""
    if membership is None or membership.organization_id != opportunity.organization_id:
        return False
    return membership.can_manage or (opportunity.supervisor_id is not None and opportunity.supervisor_id == user.pk)


def require_reviewer(user, engagement: Engagement, membership: Membership | None = None) -> None:
    """For services: raise PermissionDenied unless `user` may approve or return this engagement's hours."""
    if getattr(user, "pk", None) == engagement.volunteer.user_id:
        raise PermissionDenied(_("You cannot review your own hours."))
    opportunity = engagement.opportunity
    if membership is None:
        membership = active_membership(opportunity.organization, user)
    if not can_review(user, opportunity, membership):
        raise PermissionDenied(_("Only the organization's admin, volunteer manager or the opportunity's supervisor can review these hours."))


def reviewable_entries(user, membership: Membership):
    """The hours of the organization this member may review: all of them for managers, those of
    the opportunities they supervise for others."""
    entries = HourEntry.objects.filter(organization_id=membership.organization_id).exclude(volunteer__user=user)
    if membership.can_manage:
        return entries
    return entries.filter(opportunity__supervisor=user)


def get_organization_for_reviewer(user, slug: str):
    """(organization, membership) for the approval queue; members who review nothing get 404."""
    organization, membership = get_organization_for_member(user, slug)
    if not membership.can_manage and not organization.opportunities.filter(supervisor=user).exists():
        raise Http404
    return organization, membership


def get_engagement_for_hours(user, pk: int) -> tuple[Engagement, bool, Membership | None]:
    """(engagement, is the volunteer, reviewer membership or None). Anybody else gets 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    engagement = get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "volunteer__user"), pk=pk
    )
    if engagement.volunteer.user_id == user.pk:
        return engagement, True, None
    membership = active_membership(engagement.opportunity.organization, user)
    if not can_review(user, engagement.opportunity, membership):
        raise Http404
    return engagement, False, membership


def get_entry_for_volunteer(user, pk: int) -> HourEntry:
    return get_object_or_404(
        HourEntry.objects.select_related("engagement__opportunity__organization", "engagement__volunteer__user", "task"),
        pk=pk,
        volunteer__user=user,
    )


def get_entry_for_reviewer(user, slug: str, pk: int) -> tuple[HourEntry, Membership]:
    _organization, membership = get_organization_for_member(user, slug)
    entry = get_object_or_404(
        reviewable_entries(user, membership).select_related("engagement__opportunity", "engagement__volunteer__user"), pk=pk
    )
    return entry, membership


