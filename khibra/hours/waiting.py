"""Selectors of the hours waiting for an organization's approval: one item per engagement, its
deadline counted from the oldest entry waiting. Reads only; the home assembles them
(site.selectors). Scoped to the organizations given."""

from django.db.models import Count, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from khibra.core.inbox import REVIEW_WORKING_DAYS, Waiting, with_bdi
from khibra.core.workdays import add_working_days

from .models import HourEntry

LIMIT = 30


def _pending(organizations):
    return HourEntry.objects.pending().filter(organization__in=organizations)


def waiting_counts(organizations) -> dict[str, int]:
    """Engagements with hours to approve: one query."""
    return {"hours": _pending(organizations).values("engagement_id").distinct().count()}


def waiting_for_manager(organizations: list) -> list[Waiting]:
    by_pk = {organization.pk: organization for organization in organizations}
    rows = (
        _pending(organizations)
        .values("engagement_id", "organization_id", "opportunity__title", "volunteer__user__full_name")
        .annotate(entries=Count("pk"), hours=Sum("hours"), oldest=Min("created_at"))
        .order_by("oldest")[:LIMIT]
    )
    items = []
    for row in rows:
        organization = by_pk[row["organization_id"]]
        hours = row["hours"].normalize() if row["hours"] is not None else 0
        items.append(Waiting(
            kind="hours",
            title=with_bdi(ngettext(
                "%(counter)s hours entry to approve on “%(title)s” (%(hours)s h)",
                "%(counter)s hours entries to approve on “%(title)s” (%(hours)s h)",
                row["entries"],
            ), counter=row["entries"], title=row["opportunity__title"], hours=f"{hours:f}"),
            subject=row["volunteer__user__full_name"],
            url=reverse("hours:engagement_queue", args=[organization.slug, row["engagement_id"]]),
            due=add_working_days(timezone.localtime(row["oldest"]).date(), REVIEW_WORKING_DAYS),
            organization=organization.name,
            key=f"hours-{row['engagement_id']}",
        ))
    return items


def queue_url(organization) -> str:
    """The organization-wide queue of hours to approve."""
    return reverse("hours:queue", args=[organization.slug])


__all__ = ["queue_url", "waiting_counts", "waiting_for_manager"]
