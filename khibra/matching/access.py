"""Who may see matching pages: managers for suggestions, the volunteer for their own lists."""

from django.http import Http404

from khibra.opportunities.access import get_opportunity_for_member
from khibra.volunteers.models import VolunteerProfile


def get_opportunity_for_manager(user, org_slug: str, pk: int):
    """Outsiders get 404; members who cannot manage (supervisors) get 403."""
    return get_opportunity_for_member(user, org_slug, pk, manage=True)


def get_own_profile(user) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_related("user").filter(user=user).first()
    if profile is None:
        raise Http404
    return profile
