"""Reads for the reconciliation page, the manual-upload file and the open figures. Nothing here writes."""

from __future__ import annotations

import csv
import io
import json

from django.db.models import Count, Sum

from khibra.exports.writers import BOM, csv_value
from khibra.hours.models import HourEntry
from khibra.volunteers.models import IdentityStatus

from . import services
from .models import HourRecord, RecordStatus

PAGE = 100

EXPORT_COLUMNS = (
    "idempotency_key",
    "national_id",
    "volunteer_name",
    "date",
    "hours",
    "level",
    "organization_name",
    "organization_registration",
    "opportunity_title",
    "field",
    "city",
    "approved_at",
)


def status_counts() -> list[dict]:
    counts = {
        row["status"]: row
        for row in HourRecord.objects.values("status").annotate(n=Count("pk"), hours=Sum("entry__hours")).order_by()
    }
    return [
        {
            "status": value,
            "label": label,
            "count": counts.get(value, {}).get("n", 0),
            "hours": counts.get(value, {}).get("hours") or 0,
        }
        for value, label in RecordStatus.choices
    ]


def waiting_for_identity() -> int:
    """Approved hours that cannot go yet: the volunteer's identity is not verified."""
    return (
        HourEntry.objects.approved()
        .exclude(volunteer__identity_status=IdentityStatus.VERIFIED)
        .filter(national_record__isnull=True)
        .count()
    )


def records(status: str = ""):
    rows = HourRecord.objects.select_related(
        "entry__volunteer__user", "entry__organization", "entry__opportunity"
    ).order_by("-pk")
    if status:
        rows = rows.filter(status=status)
    return rows


def export_rows(status: str) -> list[dict]:
    """The entries as the national record's batch would carry them, for a manual upload."""
    ids = list(records(status).values_list("pk", flat=True)[:50000])
    ready, _blocked = services.payloads(services.records_with_entries(ids))
    return ready


def export_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_value(value) for key, value in row.items()})
    return BOM + out.getvalue()


def export_json(rows: list[dict]) -> str:
    return json.dumps({"entries": rows}, ensure_ascii=False, indent=1)
