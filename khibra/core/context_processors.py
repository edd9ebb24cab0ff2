from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the navigation bar needs: the user's organizations and roles, computed once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_memberships": [], "nav_is_volunteer": False}
    from khibra.organizations.models import Membership

    memberships = list(
        Membership.objects.active().filter(user=user).select_related("organization").order_by("organization__name_ar")
    )
    return {
        "nav_memberships": memberships,
        "nav_is_volunteer": hasattr(user, "volunteer_profile"),
    }
