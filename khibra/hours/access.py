"""Who may log, see and review hours. Outsiders learn nothing (404).

Reviewers are the organization's admins and volunteer managers, and the opportunity's own
supervisor while they are an active member. The volunteer never reviews their own hours.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khibra.engagements.models import Engagement
from khibra.organizations.access import active_membership, get_organization_for_member, require_slug
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


def get_entry_for_reviewer(user, pk: int, *, slug: str | None = None) -> tuple[HourEntry, Membership]:
    """An entry by its id, for those who may review it (never the volunteer); anybody else gets 404.
    A URL's `slug` must name the entry's organization."""
    entry, membership = get_entry_for_viewer(user, pk)
    if membership is None:
        raise Http404
    require_slug(membership.organization, slug)
    return entry, membership


def get_entry_for_viewer(user, pk: int) -> tuple[HourEntry, Membership | None]:
    """(entry, the reviewer's membership, or None when it is the user's own entry): the volunteer
    and the entry's reviewers see it, as the approval queue finds it; anybody else gets 404."""
    entry = (
        HourEntry.objects.select_related(
            "organization", "engagement__opportunity__organization", "engagement__volunteer__user", "task"
        )
        .filter(pk=pk)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if entry is None:
        raise Http404
    if entry.volunteer.user_id == user.pk:
        return entry, None
    membership = active_membership(entry.organization, user)
    if membership is None or not reviewable_entries(user, membership).filter(pk=entry.pk).exists():
        raise Http404
    return entry, membership


def get_engagement_in_queue(user, membership: Membership, pk: int | None) -> Engagement | None:
    """The engagement the approval queue is narrowed to (None: the whole queue): one of the
    organization's that this member reviews, never their own; else 404."""
    if pk is None:
        return None
    engagement = get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "volunteer__user"),
        pk=pk,
        opportunity__organization_id=membership.organization_id,
    )
    if not can_review(user, engagement.opportunity, membership) or engagement.volunteer.user_id == user.pk:
        raise Http404
    return engagement
