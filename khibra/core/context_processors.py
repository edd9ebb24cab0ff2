from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the navigation bar needs: the user's organizations and roles, and the unread count
    for the bell, computed once (one query for members; the count rides on it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_memberships": [], "nav_is_volunteer": False, "nav_unread_notifications": 0}
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from khibra.core.models import Notification
    from khibra.organizations.models import Membership

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    unread_count = unread.order_by().values("user").annotate(n=Count("*")).values("n")
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organization")
        .annotate(unread_notifications=Coalesce(Subquery(unread_count, output_field=IntegerField()), 0))
        .order_by("organization__name_ar")
    )
    if memberships:
        count = memberships[0].unread_notifications
    else:  # not a member of any organization: one cheap count on the partial index
        count = unread.count()
    return {
        "nav_memberships": memberships,
        "nav_is_volunteer": hasattr(user, "volunteer_profile"),
        "nav_unread_notifications": count,
    }
