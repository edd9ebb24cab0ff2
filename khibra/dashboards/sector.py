"""The sector's dashboard (platform staff). Nothing here writes."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.evaluation.selectors import Valuation, value_hours
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization, VerificationStatus
from khibra.programs.models import Need, NeedStatus
from khibra.reference.models import City, Field, Region
from khibra.volunteers.models import Gender, Level, VolunteerProfile

from .figures import OFFERED, ZERO, Month, Row, _counted, _first_day, last_months, monthly_hours

TOP = 10
# The same bands as the sector's volunteer export (khibra/exports/kinds.py), by upper age limit.
AGE_BANDS = (
    (18, _("Under 18")), (25, _("18–24")), (35, _("25–34")), (45, _("35–44")), (55, _("45–54")), (65, _("55–64")),
)


def sector_volunteers():
    """The platform's volunteers: profiles of active accounts (as the sector's volunteer export)."""
    return VolunteerProfile.objects.filter(user__is_active=True)


def published_opportunities():
    """Opportunities that were put before volunteers (published, then closed or completed)."""
    return Opportunity.objects.filter(status__in=OFFERED)


def volunteers_by_level() -> list[Row]:
    counts = dict(sector_volunteers().values("level").annotate(n=Count("pk")).order_by().values_list("level", "n"))
    return _counted(Level.choices, counts)


def volunteers_by_gender() -> list[Row]:
    """Only volunteers who gave their gender."""
    counts = dict(sector_volunteers().exclude(gender="").values("gender").annotate(n=Count("pk")).order_by().values_list("gender", "n"))
    return _counted(Gender.choices, counts)


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def volunteers_by_age(today: dt.date) -> list[Row]:
    """Age bands computed in SQL: younger than N years ⇔ born after the same day N years ago."""
    whens = [When(birth_date__gt=_years_before(today, limit), then=Value(index)) for index, (limit, _label) in enumerate(AGE_BANDS)]
    over = len(AGE_BANDS)
    counts = dict(
        sector_volunteers()
        .filter(birth_date__isnull=False)
        .annotate(band=Case(*whens, default=Value(over), output_field=IntegerField()))
        .values("band").annotate(n=Count("pk")).order_by().values_list("band", "n")
    )
    labels = [*(label for _limit, label in AGE_BANDS), _("65 and over")]
    rows = [Row(str(index), str(label), counts.get(index, 0)) for index, label in enumerate(labels)]
    missing = sector_volunteers().filter(birth_date__isnull=True).count()
    return [*rows, Row("unknown", str(_("Not given")), missing)]


@dataclass
class PlaceRow:
    pk: int | None
    name: str
    region: str = ""
    volunteers: int = 0
    opportunities: int = 0
    hours: Decimal = ZERO


def volunteers_by_city() -> list[PlaceRow]:
    rows = sector_volunteers().filter(city__isnull=False).values("city_id").annotate(n=Count("pk")).order_by()
    counts = {row["city_id"]: row["n"] for row in rows}
    cities = City.objects.select_related("region").in_bulk(counts)
    out = [PlaceRow(pk, cities[pk].name, cities[pk].region.name, volunteers=n) for pk, n in counts.items()]
    return sorted(out, key=lambda row: (-row.volunteers, row.name))


def by_region() -> list[PlaceRow]:
    """Volunteers (their city's region), published opportunities and approved hours (the place of
    the work, else the organization's city: remote work happens where the organization is)."""
    volunteers = dict(
        sector_volunteers().filter(city__isnull=False).values("city__region_id").annotate(n=Count("pk")).order_by()
        .values_list("city__region_id", "n")
    )
    opportunities = dict(
        published_opportunities().annotate(region=Coalesce("city__region_id", "organization__city__region_id"))
        .values("region").annotate(n=Count("pk")).order_by().values_list("region", "n")
    )
    hours = dict(
        HourEntry.objects.approved().annotate(region=Coalesce("city__region_id", "organization__city__region_id"))
        .values("region").annotate(total=Sum("hours")).order_by().values_list("region", "total")
    )
    rows = []
    for region in Region.objects.all():
        if region.pk in volunteers or region.pk in opportunities or region.pk in hours:
            rows.append(PlaceRow(region.pk, region.name, volunteers=volunteers.get(region.pk, 0),
                                 opportunities=opportunities.get(region.pk, 0), hours=hours.get(region.pk) or ZERO))
    return sorted(rows, key=lambda row: (-row.volunteers, -row.hours, row.name))


@dataclass
class FieldRow:
    """One reference field: supply (volunteers listing it) against demand (open seats of published
    opportunities in it, plus the volunteers needed by needs on a list not yet made an opportunity),
    and what happened in it (opportunities published, approved hours and their value)."""

    pk: int | None
    name: str
    volunteers: int = 0
    open_opportunities: int = 0
    open_seats: int = 0
    open_needs: int = 0
    needed_by_needs: int = 0
    opportunities: int = 0
    hours: Decimal = ZERO
    national_value: Decimal = ZERO
    market_value: Decimal = ZERO

    @property
    def demand(self) -> int:
        return self.open_seats + self.needed_by_needs

    @property
    def supply(self) -> int:
        return self.volunteers

    @property
    def shortage(self) -> bool:
        return self.demand > self.supply


def _by_field(queryset, expression, value="pk", *, distinct=False) -> dict:
    return dict(
        queryset.values(expression).annotate(n=Count(value, distinct=distinct)).order_by().values_list(expression, "n")
    )


def fields(valuation: Valuation) -> list[FieldRow]:
    """Every reference field (the national list), in its order."""
    volunteers = _by_field(sector_volunteers(), "fields")
    opportunities = _by_field(published_opportunities(), "fields")
    open_rows = (
        Opportunity.objects.published().values("fields")
        .annotate(n=Count("pk"), seats=Sum(F("seats") - F("seats_filled"))).order_by()
    )
    open_by_field = {row["fields"]: row for row in open_rows}
    needs = {
        row["field"]: row
        for row in Need.objects.filter(status=NeedStatus.ACCEPTED, field__isnull=False, opportunities__isnull=True)
        .values("field").annotate(n=Count("pk"), needed=Sum("volunteers_needed")).order_by()
    }
    valued = valuation.grouped(lambda row: row["field_id"])
    rows = []
    for item in Field.objects.filter(is_active=True):
        hours, national, market = valued.get(item.pk, (ZERO, ZERO, ZERO))
        rows.append(FieldRow(
            item.pk, item.name,
            volunteers=volunteers.get(item.pk, 0),
            open_opportunities=open_by_field.get(item.pk, {}).get("n", 0),
            open_seats=open_by_field.get(item.pk, {}).get("seats") or 0,
            open_needs=needs.get(item.pk, {}).get("n", 0),
            needed_by_needs=needs.get(item.pk, {}).get("needed") or 0,
            opportunities=opportunities.get(item.pk, 0),
            hours=hours, national_value=national, market_value=market,
        ))
    return rows


@dataclass
class TopRow:
    pk: int
    name: str
    kind: str
    hours: Decimal
    volunteers: int


def _top(entries, column: str) -> list[TopRow]:
    rows = list(
        entries.filter(**{f"{column}__isnull": False}).values(column)
        .annotate(total=Sum("hours"), volunteers=Count("volunteer_id", distinct=True))
        .order_by("-total", column)[:TOP]
    )
    organizations = Organization.objects.in_bulk([row[column] for row in rows])
    return [
        TopRow(row[column], organizations[row[column]].name, organizations[row[column]].get_kind_display(), row["total"], row["volunteers"])
        for row in rows
    ]


def sector_months(valuation: Valuation, today: dt.date) -> list[Month]:
    months = monthly_hours(valuation, today)
    since = _first_day(last_months(today))
    new = {
        (row["created_at__year"], row["created_at__month"]): row["n"]
        for row in sector_volunteers().filter(created_at__date__gte=since)
        .values("created_at__year", "created_at__month").annotate(n=Count("pk")).order_by()
    }
    published = {
        (row["published_at__year"], row["published_at__month"]): row["n"]
        for row in Opportunity.objects.filter(published_at__date__gte=since)
        .values("published_at__year", "published_at__month").annotate(n=Count("pk")).order_by()
    }
    for month, (year, number) in zip(months, last_months(today), strict=True):
        month.new_volunteers = new.get((year, number), 0)
        month.opportunities_published = published.get((year, number), 0)
    return months


@dataclass
class SectorDashboard:
    today: dt.date
    volunteers: int
    levels: list[Row]
    genders: list[Row]
    ages: list[Row]
    cities: list[PlaceRow]
    regions: list[PlaceRow]
    fields: list[FieldRow]
    valuation: Valuation
    months: list[Month]
    top_organizations: list[TopRow]
    top_providers: list[TopRow]
    verification_queue: int

    @property
    def shortages(self) -> list[FieldRow]:
        return [row for row in self.fields if row.shortage]


def sector_valuation() -> Valuation:
    return value_hours(HourEntry.objects.approved(), by=("date__month",))


def verification_queue() -> int:
    return Organization.objects.filter(verification_status=VerificationStatus.PENDING).count()


def top_organizations() -> list[TopRow]:
    return _top(HourEntry.objects.approved(), "organization_id")


def top_providers() -> list[TopRow]:
    return _top(HourEntry.objects.approved(), "provider_id")


def sector_dashboard(*, today: dt.date | None = None) -> SectorDashboard:
    today = today or timezone.localdate()
    valuation = sector_valuation()
    levels = volunteers_by_level()
    return SectorDashboard(
        today=today,
        volunteers=sum(row.count for row in levels),
        levels=levels,
        genders=volunteers_by_gender(),
        ages=volunteers_by_age(today),
        cities=volunteers_by_city(),
        regions=by_region(),
        fields=fields(valuation),
        valuation=valuation,
        months=sector_months(valuation, today),
        top_organizations=top_organizations(),
        top_providers=top_providers(),
        verification_queue=verification_queue(),
    )
