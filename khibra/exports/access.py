"""Who may export what, and who may see an export. Outsiders learn nothing (404); members
without the role get 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import active_membership, is_staff, require_role

from .models import Export


def require_organization_manager(user, organization) -> None:
    """An organization's tables: its admins and volunteer managers (coordinators for providers)."""
    if organization is None:
        raise Http404
    membership = active_membership(organization, user)
    if membership is None:
        raise Http404
    require_role(membership, manage=True)


def require_platform_staff(user, organization) -> None:
    """Platform-wide tables exist only for platform staff and belong to no organization."""
    if not is_staff(user) or organization is not None:
        raise Http404


def may_still_export(export: Export, user) -> bool:
    """The requester keeps access only while the kind still allows them (a manager who left the
    organization cannot fetch its data any more)."""
    from .kinds import get_kind

    kind = get_kind(export.kind)
    if kind is None:
        return False
    try:
        kind.check(user, export.organization)
    except (Http404, PermissionDenied):
        return False
    return True


def get_export_for_viewer(user, pk: int) -> Export:
    """The requester (while still allowed) and platform staff; everybody else gets 404."""
    if not getattr(user, "is_authenticated", False) or not 0 < pk < 2**63:
        raise Http404
    export = get_object_or_404(Export.objects.select_related("organization", "requested_by"), pk=pk)
    if is_staff(user):
        return export
    if export.requested_by_id != user.pk or not may_still_export(export, user):
        raise Http404
    return export
