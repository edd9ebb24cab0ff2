"""Who may open an engagement: its volunteer, the organization's admins and volunteer managers,
and the opportunity's supervisor. Everybody else, platform staff included, gets 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Engagement
from .selectors import ORG_SIDE, engagement_role


def get_engagement_for_user(user, pk: int, *, org_side: bool = False, volunteer: bool = False) -> tuple[Engagement, str]:
    """(engagement, role). `org_side`: managers and the supervisor only (the volunteer gets 403);
    `volunteer`: the volunteer only (the organization's people get 403)."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "opportunity__supervisor", "volunteer__user"), pk=pk
    )
    role = engagement_role(engagement, user)
    if role is None:
        raise Http404
    if org_side and role not in ORG_SIDE:
        raise PermissionDenied
    if volunteer and role != "volunteer":
        raise PermissionDenied
    return engagement, role
