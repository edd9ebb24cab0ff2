"""Reads about the signed-in user that every page needs: their active memberships (for the access
helpers and the navigation bar) and the two facts the navigation bar shows (unread notifications,
whether they volunteer). Never writes.

One query answers all three for a member, and one for everybody else: the facts ride on the
membership rows as annotations. The access helpers load the memberships and remember them on the
user object of the request, as Django's ModelBackend remembers permissions (`_perm_cache`); the
navigation bar then reuses that list instead of asking again (`take_remembered_memberships`).
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from . import hooks
from .models import Membership

_REMEMBERED = "_khibra_active_memberships"


@cache
def _facts(user_column: str) -> dict:
    """The navigation facts as annotations, correlated on `user_column` of the outer query. Built
    once per process (annotate() copies them), which saves most of the query's Python time."""
    from khibra.core.models import Notification

    unread = (
        Notification.objects.filter(user=OuterRef(user_column), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("*"))
        .values("n")
    )
    return {
        "unread_notifications": Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        "is_volunteer": Exists(_volunteer_profile_model().objects.filter(user=OuterRef(user_column))),
    }


def _volunteer_profile_model():
    """The volunteer profile model, as volunteers (a layer above) answers it."""
    model = hooks.volunteer_profile_model.first()
    if model is None:
        raise LookupError("no app answers organizations.hooks.volunteer_profile_model")
    return model


def active_memberships(user) -> list[Membership]:
    """The user's active memberships, organization (with its city and region) joined, by the
    organization's Arabic name; each row also carries `unread_notifications` and `is_volunteer`
    of the user. Always read from the database, then remembered for the navigation bar."""
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organization__city__region")
        .annotate(**_facts("user_id"))
        .order_by("organization__name_ar", "pk")
    )
    setattr(user, _REMEMBERED, memberships)
    return memberships


def take_remembered_memberships(user) -> list[Membership] | None:
    """The list active_memberships() read earlier in this request, or None; taken, not copied, so
    that a user object kept beyond its request cannot show an old list."""
    memberships = getattr(user, _REMEMBERED, None)
    if memberships is not None:
        delattr(user, _REMEMBERED)
    return memberships


@dataclass(frozen=True)
class UserFacts:
    unread_notifications: int
    is_volunteer: bool
    is_member: bool


def user_facts(user) -> UserFacts:
    """Unread notifications, volunteer profile, any active membership: one statement, written as
    SQL because every page of a signed-in non-member runs it (the same sub-selects built with the
    ORM cost about a millisecond of Python; organizations/tests check it against the ORM)."""
    from khibra.core.models import Notification

    VolunteerProfile = _volunteer_profile_model()
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    sql = (
        f"SELECT (SELECT COUNT(*) FROM {table(Notification)} WHERE {column(Notification, 'user')} = %s"
        f" AND {column(Notification, 'read_at')} IS NULL),"
        f" EXISTS(SELECT 1 FROM {table(VolunteerProfile)} WHERE {column(VolunteerProfile, 'user')} = %s),"
        f" EXISTS(SELECT 1 FROM {table(Membership)} WHERE {column(Membership, 'user')} = %s AND {column(Membership, 'is_active')})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, user.pk])
        unread, volunteer, member = cursor.fetchone()
    return UserFacts(int(unread), bool(volunteer), bool(member))
