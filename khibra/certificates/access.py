"""Who may see which certificate. The error is the same for a certificate you may not see and one
that does not exist (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.engagements.models import Engagement
from khibra.organizations.access import get_organization_for_member_by_id

from .models import Certificate


def get_certificate_for_volunteer(user, pk: int) -> Certificate:
    """The volunteer's own certificate; anybody else's is 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Certificate.objects.select_related("organization", "volunteer__user"), volunteer__user=user, pk=pk)


def get_certificate_for_manager(user, pk: int, *, slug: str | None = None) -> Certificate:
    """A certificate by its id, for the managers of the organization that issued it: outsiders
    404; members without the role 403. A URL's `slug` must name that organization."""
    certificate = get_object_or_404(Certificate.objects.select_related("organization", "volunteer__user"), pk=pk)
    get_organization_for_member_by_id(user, certificate.organization_id, slug=slug, manage=True)
    return certificate


def get_engagement_for_recogniser(user, pk: int, *, slug: str | None = None) -> Engagement:
    """The engagement by its id, for its organization's admins, volunteer managers and the
    opportunity's supervisor; outsiders 404, other members 403."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "volunteer__user"), pk=pk
    )
    _organization, membership = get_organization_for_member_by_id(
        user, engagement.opportunity.organization_id, slug=slug
    )
    if not (membership.can_manage or engagement.opportunity.supervisor_id == user.pk):
        raise PermissionDenied
    return engagement
