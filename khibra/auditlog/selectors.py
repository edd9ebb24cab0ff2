"""Reading the audit trail for the pages and the exports. Audit events are never deleted: not by
these pages, not by the privacy retention job (a deleted account leaves its events with no actor)."""

from dataclasses import dataclass
import datetime as dt
import json

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from khibra.core.models import AuditEvent

from .labels import label_for

PLATFORM = "platform"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class Filters:
    verb: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organization: object = None  # staff only: one organization's events

    def as_params(self) -> dict:
        """The same filters for the export buttons (khibra/auditlog/exports.py reads them back)."""
        params = {
            "verb": self.verb,
            "actor": self.actor,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "organization": getattr(self.organization, "slug", ""),
        }
        return {key: value for key, value in params.items() if value}


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events(*, organization=None, filters: Filters = Filters()) -> QuerySet[AuditEvent]:
    """Newest first. `organization` scopes to one organization's trail (its admins' page);
    None is the whole platform (staff), optionally narrowed by `filters.organization`."""
    queryset = AuditEvent.objects.select_related("actor", "organization")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    elif filters.organization is not None:
        queryset = queryset.filter(organization=filters.organization)
    if filters.verb:
        queryset = queryset.filter(verb=filters.verb)
    if filters.actor:
        queryset = queryset.filter(actor__email__icontains=filters.actor)
    # Whole local days, as ranges on created_at so the (organization, -created_at) index serves them.
    if filters.date_from:
        queryset = queryset.filter(created_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(created_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return queryset.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    label: str
    target_label: str
    target_url: str
    details: list[tuple[str, str]]


def target_type_label(target_type: str) -> str:
    """The model's (translated) name from the app registry: no query. Unknown types stay raw."""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def _target_url(event: AuditEvent, scope: str) -> str:
    """A link only when it costs no query and the reader may open the page."""
    kind, pk, organization = event.target_type, event.target_id, event.organization
    if not pk.isdigit():
        return ""
    if scope == PLATFORM:
        if kind == "organizations.organization":
            return reverse("organizations:review", args=[int(pk)])
        return ""
    slug = organization.slug
    if kind == "organizations.organization" and str(organization.pk) == pk:
        return reverse("organizations:detail", args=[slug])
    if kind in ("organizations.membership", "organizations.invitation"):
        return reverse("organizations:members", args=[slug])
    if kind == "opportunities.opportunity":
        return reverse("opportunities:detail", args=[slug, int(pk)])
    if kind == "engagements.engagement":
        return reverse("engagements:workspace", args=[int(pk)])
    if kind == "hours.hourentry":
        return reverse("hours:queue", args=[slug])
    return ""


def detail_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(detail_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def details_from(data) -> list[tuple[str, str]]:
    """The event's details as (key, text) pairs, by key."""
    if not isinstance(data, dict):
        return [] if data in (None, "", []) else [("", detail_value(data))]
    return [(str(key), detail_value(value)) for key, value in sorted(data.items())]


def rows(events_page, *, scope: str) -> list[Row]:
    return [
        Row(
            event=event,
            label=label_for(event.verb),
            target_label=target_type_label(event.target_type),
            target_url=_target_url(event, scope),
            details=details_from(event.data),
        )
        for event in events_page
    ]
