"""Who may see which certificate. The error is the same for a certificate you may not see and one
that does not exist (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.engagements.models import Engagement
from khibra.organizations.access import get_organization_for_member

from .models import Certificate


def get_certificate_for_volunteer(user, pk: int) -> Certificate:
    """The volunteer's own certificate; anybody else's is 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Certificate.objects.select_related("organization", "volunteer__user"), volunteer__user=user, pk=pk)


def get_certificate_for_manager(user, org_slug: str, pk: int) -> Certificate:
    """A certificate issued by the organization: outsiders 404; members without the role 403."""
    organization, _membership = get_organization_for_member(user, org_slug, manage=True)
    return get_object_or_404(Certificate.objects.select_related("organization", "volunteer__user"), organization=organization, pk=pk)


def get_engagement_for_recogniser(user, org_slug: str, pk: int) -> Engagement:
    """The organization's engagement, for its admins, volunteer managers and the opportunity's
    supervisor; outsiders 404, other members 403."""
    organization, membership = get_organization_for_member(user, org_slug)
    engagement = get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "volunteer__user"),
        opportunity__organization=organization,
        pk=pk,
    )
    if not (membership.can_manage or engagement.opportunity.supervisor_id == user.pk):
        raise PermissionDenied
    return engagement
