"""Finding the organization an endpoint acts on, with the same rules as the web pages:
outsiders get 404, members without the role 403, and an API key only reaches its own
organization and only with the scope the endpoint names."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from khibra.organizations.models import Membership, Organization

from .auth import require_scope


def organization_for_member(
    request, organization_id: int, *, manage: bool = False, admin: bool = False, scope: str | None = None
) -> tuple[Organization, Membership]:
    if not 0 < organization_id < 2**63:
        raise Http404
    membership = (
        Membership.objects.active()
        .select_related("organization")
        .filter(organization_id=organization_id, user=request.user)
        .first()
        if getattr(request.user, "is_authenticated", False)
        else None
    )
    if membership is None:
        raise Http404
    if scope:
        require_scope(request, scope, membership.organization)
    if admin and not membership.is_admin:
        raise PermissionDenied
    if manage and not membership.can_manage:
        raise PermissionDenied
    return membership.organization, membership
