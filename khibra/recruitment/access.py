"""Who may see or do what in selection. Outsiders learn nothing (404: members of other
organizations and platform staff included); supervisors read the board (403 on actions); a
volunteer sees only their own applications (someone else's is 404, as if it did not exist)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import get_organization_for_member_by_id
from khibra.organizations.models import Membership, Organization
from khibra.volunteers.access import get_volunteer_profile  # noqa: F401  (re-exported: recruitment, certificates and engagements call it from here)

from .models import Application, Interview


def get_application_for_manager(user, pk: int, *, slug: str | None = None) -> tuple[Organization, Membership, Application]:
    """An application to one of the organization's opportunities, found by its id, for the
    organization's admins and volunteer managers (403 for other members, 404 for anybody else)."""
    application = (
        Application.objects.select_related("opportunity__organization", "opportunity__supervisor", "volunteer__user")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    organization, membership = get_organization_for_member_by_id(
        user, application.opportunity.organization_id, slug=slug, manage=True
    )
    return organization, membership, application


def get_application_for_volunteer(user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("opportunity__organization", "volunteer__user"), volunteer__user=user, pk=pk
    )


def get_interview_for_user(user, pk: int) -> Interview:
    """An interview, for the volunteer it is with and the members of the organization that holds
    it; 404 for anybody else."""
    interview = (
        Interview.objects.select_related("application__opportunity__organization", "application__volunteer__user")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        raise Http404
    if interview.application.volunteer.user_id != getattr(user, "pk", None):
        get_organization_for_member_by_id(user, interview.application.opportunity.organization_id)
    return interview
