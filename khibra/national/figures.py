"""Open national figures: the sector's figures for anyone, with small groups suppressed.

A count of people below `OPEN_FIGURES_MIN_GROUP` (N) is not published: the cell says "fewer than
N" (null in the open data, with `"suppressed": true`). A figure about hours, their value or
opportunities is published only when at least N volunteers *and* at least
`OPEN_FIGURES_MIN_ORGANIZATIONS` organizations stand behind it, so neither a person nor a small
organization can be read out of it. Where one cell of a breakdown is suppressed and the others
and the total are shown, the smallest shown cell is suppressed too (the hidden one could
otherwise be had by subtraction).

The figures are computed by the worker (`refresh`, a periodic job) and stored as one
`OpenFigures` row; the public page and the download read the newest row. Field names are
documented in docs/integrations.md ("Open national figures").
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from khibra.evaluation.selectors import value_hours
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.programs.models import Need, NeedStatus
from khibra.reference.models import Field, Region
from khibra.volunteers.models import Level, VolunteerProfile

from .models import OpenFigures

OFFERED = (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED, OpportunityStatus.COMPLETED)
KEEP = 20  # stored sets kept (the newest is published)


def min_group() -> int:
    return max(1, settings.OPEN_FIGURES_MIN_GROUP)


def min_organizations() -> int:
    return max(1, settings.OPEN_FIGURES_MIN_ORGANIZATIONS)


def _labels(obj_or_label) -> dict:
    """Both languages' names of a reference row or a lazy label."""
    if hasattr(obj_or_label, "name_ar"):
        return {"name_ar": obj_or_label.name_ar, "name_en": obj_or_label.name_en or obj_or_label.name_ar}
    out = {}
    for code in ("ar", "en"):
        with translation.override(code):
            out[f"name_{code}"] = str(obj_or_label)
    return out


def _people(n: int) -> dict:
    """A count of people: shown from N up (0 too: nobody is singled out by nobody)."""
    if 0 < n < min_group():
        return {"value": None, "suppressed": True}
    return {"value": n, "suppressed": False}


def _backed(value, *, volunteers: int, organizations: int) -> dict:
    """A figure shown only with enough volunteers and organizations behind it."""
    if value and (volunteers < min_group() or organizations < min_organizations()):
        return {"value": None, "suppressed": True}
    return {"value": _plain(value), "suppressed": False}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def _complement(rows: list[dict], key: str) -> None:
    """Secondary suppression: one hidden cell among shown ones would be found by subtraction."""
    hidden = [row for row in rows if row[key]["suppressed"]]
    shown = [row for row in rows if not row[key]["suppressed"] and row[key]["value"]]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda row: Decimal(str(row[key]["value"])))
        smallest[key] = {"value": None, "suppressed": True}


def _volunteers():
    return VolunteerProfile.objects.filter(user__is_active=True)


def volunteer_figures() -> dict:
    volunteers = _volunteers()
    levels = dict(volunteers.values("level").annotate(n=Count("pk")).order_by().values_list("level", "n"))
    by_level = [
        {"key": value, **_labels(label), "volunteers": _people(levels.get(value, 0))} for value, label in Level.choices
    ]
    _complement(by_level, "volunteers")
    fields = dict(
        volunteers.values("fields").annotate(n=Count("pk", distinct=True)).order_by().values_list("fields", "n")
    )
    by_field = [
        {"key": item.code, **_labels(item), "volunteers": _people(fields.get(item.pk, 0))}
        for item in Field.objects.filter(is_active=True)
    ]
    regions = dict(
        volunteers.filter(city__isnull=False)
        .values("city__region_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("city__region_id", "n")
    )
    by_region = [
        {"key": region.code, **_labels(region), "volunteers": _people(regions.get(region.pk, 0))}
        for region in Region.objects.all()
    ]
    _complement(by_region, "volunteers")
    return {"total": _people(volunteers.count()), "by_level": by_level, "by_field": by_field, "by_region": by_region}


def _hour_cells(entries, column: str) -> dict:
    """{key: (hours, national value, market value, volunteers, organizations)} for one cut."""
    counts = {
        row[column]: row
        for row in entries.values(column)
        .annotate(
            hours=Sum("hours"),
            volunteers=Count("volunteer_id", distinct=True),
            organizations=Count("organization_id", distinct=True),
        )
        .order_by()
    }
    valued = value_hours(entries, by=(column,)).grouped(lambda row: row[column]) if counts else {}
    return {
        key: (*valued.get(key, (row["hours"], Decimal(0), Decimal(0))), row["volunteers"], row["organizations"])
        for key, row in counts.items()
    }


def _hour_row(cell) -> dict:
    hours, national, market, volunteers, organizations = cell
    backing = {"volunteers": volunteers, "organizations": organizations}
    return {
        "hours": _backed(hours, **backing),
        "national_value": _backed(national, **backing),
        "market_value": _backed(market, **backing),
    }


EMPTY = (Decimal(0), Decimal(0), Decimal(0), 0, 0)


def hour_figures() -> dict:
    approved = HourEntry.objects.approved()
    total = value_hours(approved)
    backing = approved.aggregate(v=Count("volunteer_id", distinct=True), o=Count("organization_id", distinct=True))
    fields = _hour_cells(approved, "field_id")
    by_field = [
        {"key": item.code, **_labels(item), **_hour_row(fields.get(item.pk, EMPTY))}
        for item in Field.objects.filter(is_active=True)
    ]
    placed = approved.annotate(region=Coalesce("city__region_id", "organization__city__region_id"))
    regions = _hour_cells(placed, "region")
    by_region = [
        {"key": region.code, **_labels(region), **_hour_row(regions.get(region.pk, EMPTY))}
        for region in Region.objects.all()
    ]
    for rows in (by_field, by_region):
        for key in ("hours", "national_value", "market_value"):
            _complement(rows, key)
    return {
        "total": _hour_row((total.hours, total.national_value, total.market_value, backing["v"], backing["o"])),
        "by_field": by_field,
        "by_region": by_region,
    }


def _opportunity_cells(opportunities, column: str | None) -> dict:
    rows = (
        opportunities.values(*([column] if column else []))
        .annotate(
            published=Count("pk", distinct=True),
            filled=Count("pk", distinct=True, filter=Q(seats_filled__gte=F("seats"))),
            completed=Count("pk", distinct=True, filter=Q(status=OpportunityStatus.COMPLETED)),
            organizations=Count("organization_id", distinct=True),
        )
        .order_by()
    )
    return {row[column] if column else None: row for row in rows}


def _opportunity_row(row: dict | None) -> dict:
    row = row or {"published": 0, "filled": 0, "completed": 0, "organizations": 0}
    # Opportunities single out organizations, not people: the organizations' rule alone.
    backing = {"volunteers": min_group(), "organizations": row["organizations"]}
    return {key: _backed(row[key], **backing) for key in ("published", "filled", "completed")}


def opportunity_figures() -> dict:
    offered = Opportunity.objects.filter(status__in=OFFERED)
    total = _opportunity_cells(offered, None).get(None)
    fields = _opportunity_cells(offered, "fields")
    return {
        "total": _opportunity_row(total),
        "by_field": [
            {"key": item.code, **_labels(item), **_opportunity_row(fields.get(item.pk))}
            for item in Field.objects.filter(is_active=True)
        ],
    }


def demand_and_supply() -> list[dict]:
    """Per field: demand (open seats of published opportunities, plus volunteers asked for by
    needs not yet made an opportunity) against supply (volunteers listing the field)."""
    open_rows = {
        row["fields"]: row
        for row in Opportunity.objects.published()
        .values("fields")
        .annotate(seats=Sum(F("seats") - F("seats_filled")), organizations=Count("organization_id", distinct=True))
        .order_by()
    }
    needs = {
        row["field"]: row
        for row in Need.objects.filter(status=NeedStatus.ACCEPTED, field__isnull=False, opportunities__isnull=True)
        .values("field")
        .annotate(needed=Sum("volunteers_needed"), organizations=Count("program__organization_id", distinct=True))
        .order_by()
    }
    supply = dict(
        _volunteers().values("fields").annotate(n=Count("pk", distinct=True)).order_by().values_list("fields", "n")
    )
    rows = []
    for item in Field.objects.filter(is_active=True):
        seats = open_rows.get(item.pk, {}).get("seats") or 0
        needed = needs.get(item.pk, {}).get("needed") or 0
        organizations = open_rows.get(item.pk, {}).get("organizations", 0) + needs.get(item.pk, {}).get(
            "organizations", 0
        )
        rows.append(
            {
                "key": item.code,
                **_labels(item),
                "demand": _backed(seats + needed, volunteers=min_group(), organizations=organizations),
                "supply": _people(supply.get(item.pk, 0)),
            }
        )
    return rows


def compute() -> dict:
    return {
        "min_group": min_group(),
        "min_organizations": min_organizations(),
        "volunteers": volunteer_figures(),
        "hours": hour_figures(),
        "opportunities": opportunity_figures(),
        "demand_and_supply": demand_and_supply(),
    }


def refresh() -> dict:
    """The periodic job: compute and store a new set; keep the last few."""
    now = timezone.now()
    data = compute()
    data["computed_at"] = now.isoformat()
    figures = OpenFigures.objects.create(computed_at=now, min_group=min_group(), data=data)
    old = list(OpenFigures.objects.order_by("-computed_at").values_list("pk", flat=True)[KEEP:])
    if old:
        OpenFigures.objects.filter(pk__in=old).delete()
    return {"open_figures": figures.pk}


def latest() -> OpenFigures | None:
    return OpenFigures.objects.order_by("-computed_at").first()


CSV_COLUMNS = ("section", "breakdown", "key", "name_ar", "name_en", "measure", "value", "suppressed")


def flat_rows(data: dict):
    """The open figures as long rows (one figure a row), the CSV download's shape."""
    for section in ("volunteers", "hours", "opportunities"):
        block = data.get(section, {})
        for measure, cell in _measures(block.get("total", {})):
            yield {
                "section": section,
                "breakdown": "total",
                "key": "",
                "name_ar": "",
                "name_en": "",
                "measure": measure,
                **_cell(cell),
            }
        for breakdown in ("by_level", "by_field", "by_region"):
            for row in block.get(breakdown, []):
                for measure, cell in _measures(row):
                    yield {
                        "section": section,
                        "breakdown": breakdown[3:],
                        "key": row["key"],
                        "name_ar": row["name_ar"],
                        "name_en": row["name_en"],
                        "measure": measure,
                        **_cell(cell),
                    }
    for row in data.get("demand_and_supply", []):
        for measure, cell in _measures(row):
            yield {
                "section": "demand_and_supply",
                "breakdown": "field",
                "key": row["key"],
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "measure": measure,
                **_cell(cell),
            }


def _measures(block):
    if isinstance(block, dict) and "suppressed" in block:
        yield "volunteers", block
        return
    for name, cell in block.items():
        if isinstance(cell, dict) and "suppressed" in cell:
            yield name, cell


def _cell(cell: dict) -> dict:
    return {
        "value": "" if cell["value"] is None else cell["value"],
        "suppressed": "yes" if cell["suppressed"] else "no",
    }


def merged(data: dict) -> dict:
    """The page's two tables: per region and per field, every section's cells on one row."""

    def join(*lists):
        rows: dict[str, dict] = {}
        for items in lists:
            for item in items:
                rows.setdefault(item["key"], {}).update(item)
        return list(rows.values())

    return {
        "regions": join(data["volunteers"]["by_region"], data["hours"]["by_region"]),
        "fields": join(
            data["volunteers"]["by_field"],
            data["hours"]["by_field"],
            data["opportunities"]["by_field"],
            data["demand_and_supply"],
        ),
    }
