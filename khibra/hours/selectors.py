"""Reading hours for pages and reports. Only approved hours count as given; nothing here writes."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Sum

from .models import HourEntry, HourStatus

ZERO = Decimal("0")


def primary_field_id(opportunity) -> int | None:
    """The opportunity's first field, in the reference list's order (one field per row keeps sums
    by field free of double counting): the field tag of the hours logged on it."""
    return opportunity.fields.values_list("pk", flat=True).first()


def approved_hours(engagement) -> Decimal:
    return _sum(HourEntry.objects.approved().filter(engagement=engagement))


def pending_hours(engagement) -> Decimal:
    """Hours awaiting the supervisor's approval."""
    return _sum(HourEntry.objects.pending().filter(engagement=engagement))


def approved_hours_by_engagement(engagement_ids) -> dict[int, Decimal]:
    """Approved hours of each engagement, in one query; engagements without hours get 0."""
    return _totals_by_engagement(HourEntry.objects.approved(), engagement_ids)


def pending_hours_by_engagement(engagement_ids) -> dict[int, Decimal]:
    """Hours awaiting approval of each engagement, in one query; 0 where there are none."""
    return _totals_by_engagement(HourEntry.objects.pending(), engagement_ids)


def logged_hours_by_engagement(engagement_ids) -> dict[int, Decimal]:
    """Approved and pending hours of each engagement, in two queries: what the care board weighs
    against the plan (engagements.hooks.logged_hours)."""
    ids = list(engagement_ids)
    approved = approved_hours_by_engagement(ids)
    pending = pending_hours_by_engagement(ids)
    return {pk: approved[pk] + pending[pk] for pk in ids}


def entries_of_outer_engagement() -> tuple[QuerySet, QuerySet]:
    """The approved and the pending entries of the outer query's engagement, for correlated
    sums on the care board (engagements.hooks.logged_hour_entries)."""
    return (
        HourEntry.objects.filter(engagement=OuterRef("pk"), status=HourStatus.APPROVED),
        HourEntry.objects.filter(engagement=OuterRef("pk"), status=HourStatus.SUBMITTED),
    )


def _totals_by_engagement(entries, engagement_ids) -> dict[int, Decimal]:
    ids = list(engagement_ids)
    totals = {pk: ZERO for pk in ids}
    rows = entries.filter(engagement_id__in=ids).values("engagement_id").annotate(total=Sum("hours")).order_by()
    for row in rows:
        totals[row["engagement_id"]] = row["total"] or ZERO
    return totals


def volunteer_totals(profile) -> dict:
    """A volunteer's verified (approved) hours and the number of engagements they were given to."""
    row = HourEntry.objects.approved().filter(volunteer=profile).aggregate(
        hours=Sum("hours"), engagements=Count("engagement", distinct=True)
    )
    return {"hours": row["hours"] or ZERO, "engagements": row["engagements"] or 0}


def organization_hours(organization, *, start: dt.date | None = None, end: dt.date | None = None) -> Decimal:
    """Approved hours given to an organization, optionally between two dates (both included)."""
    entries = HourEntry.objects.approved().filter(organization=organization)
    if start is not None:
        entries = entries.filter(date__gte=start)
    if end is not None:
        entries = entries.filter(date__lte=end)
    return _sum(entries)


def program_hours(program) -> Decimal:
    return _sum(HourEntry.objects.approved().filter(program=program))


def _sum(entries) -> Decimal:
    return entries.aggregate(total=Sum("hours"))["total"] or ZERO


__all__ = [
    "HourStatus",
    "approved_hours",
    "approved_hours_by_engagement",
    "entries_of_outer_engagement",
    "logged_hours_by_engagement",
    "organization_hours",
    "pending_hours",
    "pending_hours_by_engagement",
    "primary_field_id",
    "program_hours",
    "volunteer_totals",
]
