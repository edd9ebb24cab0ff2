"""Who may see or change what. Each helper returns the object or raises Http404/PermissionDenied."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Qualification, VolunteerProfile


def own_profile(user) -> VolunteerProfile | None:
    """The signed-in user's own profile, or None when they have not created one yet."""
    return VolunteerProfile.objects.select_related("user", "city", "profession").filter(user=user).first()


def get_volunteer_profile(user) -> VolunteerProfile:
    """The user's volunteer profile; pages for volunteers do not exist for anybody else."""
    profile = VolunteerProfile.objects.filter(user=user).select_related("user").first() if user.is_authenticated else None
    if profile is None:
        raise Http404
    return profile


def get_own_qualification(user, pk: int) -> Qualification:
    """Someone else's qualification looks exactly like a missing one."""
    return get_object_or_404(Qualification.objects.select_related("profile"), pk=pk, profile__user=user)


def require_platform_staff(user) -> None:
    """Identity review is for platform staff; everyone else is told the page does not exist."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise Http404


def get_profile_for_identity_review(user, pk: int) -> VolunteerProfile:
    require_platform_staff(user)
    return get_object_or_404(VolunteerProfile.objects.select_related("user", "city", "identity_checked_by"), pk=pk)
