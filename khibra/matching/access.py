"""Who may see matching pages: managers for suggestions (khibra.opportunities.access), the
volunteer for their own lists."""

from django.http import Http404

from khibra.volunteers.models import VolunteerProfile


def get_own_profile(user) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_related("user").filter(user=user).first()
    if profile is None:
        raise Http404
    return profile
