"""The API's side of the access door: the apps' access rules (`khibra/<app>/access.py`, keyed by
ids) decide who is a member, and an organization's API key must also carry the endpoint's scope.
Outsiders get 404, members without the role 403."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from khibra.engagements.access import get_engagement_for_user
from khibra.engagements.models import Engagement
from khibra.exports.access import get_export_for_viewer
from khibra.exports.models import Export
from khibra.organizations.access import active_membership, get_organization_for_member_by_id, require_role
from khibra.organizations.models import Membership, Organization
from khibra.training.access import get_completion_for_reviewer
from khibra.training.models import CourseCompletion

from .auth import principal, require_personal, require_scope


def organization_for_member(
    request, organization_id: int, *, manage: bool = False, admin: bool = False, scope: str | None = None
) -> tuple[Organization, Membership]:
    organization, membership = get_organization_for_member_by_id(request.user, organization_id)
    if scope:
        require_scope(request, scope, organization)
    require_role(membership, manage=manage, admin=admin)
    return organization, membership


def member_object(request, find: Callable, pk: int, *, scope: str | None = None, **roles):
    """`find(user, pk, **roles)` is an app's access function keyed by the object's id, returning
    (organization, membership, object…): 404 for outsiders and missing objects alike, 403 for
    members without the role; then an organization's key must carry `scope`. Returns what `find` does."""
    found = find(request.user, pk, **roles)
    if scope:
        require_scope(request, scope, found[0])
    return found


def reads_as_member(request, organization_id: int, *, scope: str) -> bool:
    """Whether the caller reads as a member of the organization (drafts, management details): an
    active member through a personal token, or a key of this organization carrying `scope`."""
    if active_membership(Organization(pk=organization_id), request.user) is None:
        return False
    caller = principal(request)
    if caller is not None and caller.key is not None:
        return caller.key.organization_id == organization_id and scope in caller.key.scopes
    return True


def engagement_for(
    request,
    engagement_id: int,
    *,
    org_side: bool = False,
    volunteer: bool = False,
    scope: str | None = "applications:read",
) -> tuple[Engagement, str]:
    """The engagement with the workspace's rules (engagements.access: others 404, the wrong side
    403). An organization's key also needs `scope` and to belong to the engagement's organization;
    the volunteer's side needs a personal token."""
    if volunteer:
        require_personal(request)
    engagement, role = get_engagement_for_user(request.user, engagement_id, org_side=org_side, volunteer=volunteer)
    if scope:
        require_scope(request, scope, engagement.opportunity.organization)
    return engagement, role


def organization_for_api_keys(request, organization_id: int) -> Organization:
    """An organization's API keys are handled by its admins, with a personal token; other members
    get 403, outsiders 404."""
    require_personal(request)
    organization, membership = get_organization_for_member_by_id(request.user, organization_id)
    if not membership.is_admin:
        raise PermissionDenied(_("Only the organization's admins manage its API keys."))
    return organization


def export_for_caller(request, export_id: int, *, scope: str) -> Export:
    """An export as exports.access lets its requester see it; an organization's key reaches only
    that organization's exports (others are 404) and needs `scope`."""
    export = get_export_for_viewer(request.user, export_id)
    caller = principal(request)
    if caller is not None and caller.key is not None:
        if export.organization_id != caller.key.organization_id:
            raise Http404
        require_scope(request, scope, export.organization)
    return export


def completion_for_reviewer(request, completion_id: int, *, scope: str) -> CourseCompletion:
    """A completion as training.access lets its reviewer decide it; platform courses are decided by
    platform staff with a personal token, never with an organization's key."""
    completion = get_completion_for_reviewer(request.user, completion_id)
    caller = principal(request)
    if completion.course.provider is None and caller is not None and caller.key is not None:
        raise PermissionDenied(_("Platform courses are confirmed by platform staff with a personal token."))
    require_scope(request, scope, completion.course.provider)
    return completion
