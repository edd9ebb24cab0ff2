"""The figures of the three dashboards (organization, provider, sector). Nothing here writes.

Every figure is read by a grouped query (values/annotate/aggregate), so the number of queries
stays the same however much data there is; the organization's dashboard, opened on every visit of
its staff, reads several figures per query (organization_dashboard). Hours and their economic
value always come from khibra.evaluation.selectors.value_hours (both rates, with the rates used),
beneficiaries from evaluation.selectors (beneficiaries, beneficiaries_from), the provider's
figures from providers.selectors and the burnout flags from the care board's rules
(engagements.selectors.care_for).
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.engagements.models import EngagementStatus
from khibra.evaluation import rates
from khibra.evaluation.models import SURVEY_RATINGS, OrganizationReview, VolunteerSurvey
from khibra.evaluation.selectors import (
    CLOSED,
    REVIEW_AVERAGES,
    Beneficiaries,
    Valuation,
    beneficiaries_from,
    rating_shown,
    value_hours,
)
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.organizations.models import Organization, VerificationStatus
from khibra.programs.models import NeedStatus, Need, Program
from khibra.recruitment.models import Application, ApplicationStatus
from khibra.reference.models import City, Field, Region
from khibra.volunteers.models import Gender, Level, VolunteerProfile

ZERO = Decimal("0")
MONTHS = 12
TOP = 10
# Opportunities that offered their seats to volunteers: the base of the fill rate.
OFFERED = (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED, OpportunityStatus.COMPLETED)
# The same bands as the sector's volunteer export (khibra/exports/kinds.py), by upper age limit.
AGE_BANDS = (
    (18, _("Under 18")), (25, _("18–24")), (35, _("25–34")), (45, _("35–44")), (55, _("45–54")), (65, _("55–64")),
)


# --- shared -------------------------------------------------------------------------------------


def last_months(today: dt.date, count: int = MONTHS) -> list[tuple[int, int]]:
    """(year, month) of the last `count` months, the current one last."""
    year, month = today.year, today.month
    months = []
    for _step in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass
class Month:
    label: str
    hours: Decimal = ZERO
    national_value: Decimal = ZERO
    market_value: Decimal = ZERO
    new_volunteers: int = 0
    opportunities_published: int = 0


def monthly_hours(valuation: Valuation, today: dt.date) -> list[Month]:
    """The last twelve months of a valuation made with by=("date__month",)."""
    grouped = valuation.grouped(lambda row: (row["date__year"], row["date__month"]))
    return [
        Month(month_label(y, m), *grouped.get((y, m), (ZERO, ZERO, ZERO)))
        for y, m in last_months(today)
    ]


def _first_day(months: list[tuple[int, int]]) -> dt.date:
    year, month = months[0]
    return dt.date(year, month, 1)


@dataclass
class Row:
    """One labelled count (a status, a level, a band…)."""

    key: str
    label: str
    count: int


def _counted(choices, counts: dict, *, keep_empty: bool = True) -> list[Row]:
    return [Row(str(value), str(label), counts.get(value, 0)) for value, label in choices if keep_empty or counts.get(value)]


# --- the organization (non-profit) -------------------------------------------------------------


class ProgramPhase:
    """Programs have dates, not a status: the phase is read from today's date."""

    UPCOMING, RUNNING, ENDED = "upcoming", "running", "ended"
    choices = ((UPCOMING, _("Not started yet")), (RUNNING, _("Running")), (ENDED, _("Ended")))


def _figure_sql(model, aggregate: str, condition: str = "") -> str:
    """A scalar sub-select of `aggregate` over the organization's rows of `model` (its first
    parameter is the organization's id)."""
    quote = connection.ops.quote_name
    organization = quote(model._meta.get_field("organization").column)
    where = f"{organization} = %s" + (f" AND {condition}" if condition else "")
    return f"(SELECT {aggregate} FROM {quote(model._meta.db_table)} WHERE {where})"


def organization_figures(organization, today: dt.date) -> dict:
    """The organization's one-number figures, each as aggregate() gives it (counts, averages as
    float or None), in one statement of scalar sub-selects: programs by phase, answered volunteer
    surveys (count and averages) and the volunteers' reviews (count and averages).

    Written as SQL: the same twelve sub-selects built with the ORM cost about 5 ms of Python per
    page, more than the rest of the figures together. tests/performance checks the figures
    against aggregate() on a busy organization."""
    quote = connection.ops.quote_name
    starts, ends = quote(Program._meta.get_field("starts_on").column), quote(Program._meta.get_field("ends_on").column)
    answered = quote(VolunteerSurvey._meta.get_field("answered_at").column) + " IS NOT NULL"
    figures = {  # name: (sub-select, its parameters after the organization's id)
        "programs_upcoming": (_figure_sql(Program, "COUNT(*)", f"{starts} > %s"), [today]),
        "programs_running": (_figure_sql(Program, "COUNT(*)", f"{starts} <= %s AND {ends} >= %s"), [today, today]),
        "programs_ended": (_figure_sql(Program, "COUNT(*)", f"{ends} < %s"), [today]),
        "surveys_count": (_figure_sql(VolunteerSurvey, "COUNT(*)", answered), []),
        **{
            f"surveys_{name}": (_figure_sql(VolunteerSurvey, f"AVG({quote(VolunteerSurvey._meta.get_field(name).column)})", answered), [])
            for name in SURVEY_RATINGS
        },
        "reviews_count": (_figure_sql(OrganizationReview, "COUNT(*)"), []),
        **{
            f"reviews_{name}": (_figure_sql(OrganizationReview, f"AVG({quote(OrganizationReview._meta.get_field(name).column)})"), [])
            for name in REVIEW_AVERAGES
        },
    }
    sql = "SELECT " + ", ".join(select for select, _params in figures.values())
    adapt = connection.ops.adapt_datefield_value
    params = [adapt(value) if isinstance(value, dt.date) else value for _select, extra in figures.values() for value in (organization.pk, *extra)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {
        name: (int(value) if name.endswith("_count") or name.startswith("programs_") else None if value is None else float(value))
        for name, value in zip(figures, row)
    }


def _prefixed(figures: dict, prefix: str) -> dict:
    return {name.removeprefix(prefix): value for name, value in figures.items() if name.startswith(prefix)}


def program_phases(figures: dict) -> list[Row]:
    return _counted(ProgramPhase.choices, _prefixed(figures, "programs_"))


@dataclass
class OpportunityFacts:
    """What the dashboard reads from the organization's opportunities and their engagements."""

    statuses: dict[str, int]
    seats_offered: int
    seats_filled: int
    days_to_fill: list[float]
    engagements_closed: int
    engagements_completed: int
    beneficiaries: list[dict]  # closed engagements by category, the rows beneficiaries_from() adds up


@cache
def _opportunity_annotations() -> dict:
    """Built once per process (annotate() works on copies): building them costs more Python than
    the query takes to run."""
    latest_acceptance = (
        Application.objects.filter(opportunity=OuterRef("pk"), status=ApplicationStatus.ACCEPTED)
        .order_by()
        .values("opportunity")
        .annotate(at=Max("decided_at"))
        .values("at")
    )
    closed = Q(engagements__status__in=CLOSED)
    return {
        "filled_at": Case(When(published_at__isnull=False, seats_filled__gte=F("seats"), then=Subquery(latest_acceptance))),
        "closed": Count("engagements", filter=closed),
        "completed": Count("engagements", filter=Q(engagements__status=EngagementStatus.COMPLETED)),
        "reported": Count("engagements__beneficiaries_reached", filter=closed),
        "reached": Sum("engagements__beneficiaries_reached", filter=closed),
    }


def opportunity_facts(organization) -> OpportunityFacts:
    """One query, one row per opportunity of the organization: its status, seats, publication,
    the latest acceptance of a full opportunity (the days from publication to it are its time to
    fill) and its engagements counted (closed, completed, beneficiaries reached when closed)."""
    rows = (
        Opportunity.objects.filter(organization=organization)
        .order_by()
        .values("pk", "status", "seats", "seats_filled", "published_at", "beneficiary_category")  # grouped by these
        .annotate(**_opportunity_annotations())
        .values_list(
            "status", "seats", "seats_filled", "published_at", "filled_at", "beneficiary_category", "closed", "completed",
            "reported", "reached",
        )
    )
    facts = OpportunityFacts(statuses={}, seats_offered=0, seats_filled=0, days_to_fill=[], engagements_closed=0,
                             engagements_completed=0, beneficiaries=[])
    for status, seats, seats_filled, published_at, filled_at, category, closed_n, completed_n, reported, reached in rows:
        facts.statuses[status] = facts.statuses.get(status, 0) + 1
        if status in OFFERED:
            facts.seats_offered += seats
            facts.seats_filled += seats_filled
        if filled_at is not None:
            facts.days_to_fill.append(max(0.0, (filled_at - published_at).total_seconds() / 86400))
        facts.engagements_closed += closed_n
        facts.engagements_completed += completed_n
        if closed_n:
            facts.beneficiaries.append(
                {"opportunity__beneficiary_category": category, "n": closed_n, "reported": reported, "reached": reached}
            )
    return facts


def opportunity_statuses(facts: OpportunityFacts) -> list[Row]:
    return _counted(OpportunityStatus.choices, facts.statuses)


@dataclass
class Recruitment:
    """Time to fill: for each opportunity whose seats are all filled, the days from its publication
    to the acceptance that filled its last seat (its latest accepted application)."""

    filled_opportunities: int
    median_days_to_fill: float | None
    average_days_to_fill: float | None
    seats_offered: int
    seats_filled: int
    engagements_closed: int
    engagements_completed: int

    @property
    def fill_rate(self) -> float | None:
        return rates.fill_rate(filled=self.seats_filled, offered=self.seats_offered)

    @property
    def completion_rate(self) -> float | None:
        return rates.completion_rate(completed=self.engagements_completed, closed=self.engagements_closed)


def recruitment(facts: OpportunityFacts) -> Recruitment:
    days = facts.days_to_fill
    return Recruitment(
        filled_opportunities=len(days),
        median_days_to_fill=round(statistics.median(days), 1) if days else None,
        average_days_to_fill=round(sum(days) / len(days), 1) if days else None,
        seats_offered=facts.seats_offered,
        seats_filled=facts.seats_filled,
        engagements_closed=facts.engagements_closed,
        engagements_completed=facts.engagements_completed,
    )


@dataclass
class Surveys:
    """Averages of the answered volunteer surveys, given only from MIN_REVIEWS_TO_SHOW answers on
    so that no single answer can be read back."""

    count: int
    shown: bool
    averages: dict = field(default_factory=dict)
    reviews: dict | None = None  # evaluation.selectors.organization_rating (same threshold)

    def rows(self) -> list[tuple[str, str, float]]:
        labels = {
            "satisfaction": _("Satisfaction"), "organization_quality": _("Quality of the organization"),
            "training": _("Training and onboarding"), "recommend": _("Would recommend"),
        }
        return [(name, str(labels[name]), self.averages[name]) for name in SURVEY_RATINGS if self.shown]


def organization_surveys(figures: dict) -> Surveys:
    row = _prefixed(figures, "surveys_")
    count = row.pop("count")
    reviews = rating_shown(_prefixed(figures, "reviews_"))
    if count < max(1, settings.MIN_REVIEWS_TO_SHOW):
        return Surveys(count=count, shown=False, reviews=reviews)
    return Surveys(count=count, shown=True, averages={name: round(value, 1) for name, value in row.items()}, reviews=reviews)


@dataclass
class Care:
    """Active engagements flagged on the care board: at risk (medium or high), of them high."""

    active: int
    at_risk: int
    high: int


def care_flags(organization, today: dt.date) -> Care:
    from khibra.engagements.selectors import HIGH, LOW, care_levels

    board = care_levels(organization, today=today)
    return Care(
        active=len(board),
        at_risk=sum(1 for row in board if row.level != LOW),
        high=sum(1 for row in board if row.level == HIGH),
    )


@dataclass
class OrganizationDashboard:
    organization: Organization
    today: dt.date
    programs: list[Row]
    opportunities: list[Row]
    recruitment: Recruitment
    valuation: Valuation
    months: list[Month]
    beneficiaries: Beneficiaries
    surveys: Surveys
    care: Care

    @property
    def programs_total(self) -> int:
        return sum(row.count for row in self.programs)

    @property
    def opportunities_total(self) -> int:
        return sum(row.count for row in self.opportunities)


def organization_valuation(organization) -> Valuation:
    return value_hours(HourEntry.objects.approved().filter(organization=organization), by=("date__month",))


def organization_dashboard(organization, *, today: dt.date | None = None) -> OrganizationDashboard:
    """Five queries (six with professional hours to value at market rates), whatever the
    organization's size: its figures row, its opportunities with their engagements counted, the
    valuation (hours, then the rates) and the care levels of its active engagements."""
    today = today or timezone.localdate()
    figures = organization_figures(organization, today)
    opportunities = opportunity_facts(organization)
    valuation = organization_valuation(organization)
    return OrganizationDashboard(
        organization=organization,
        today=today,
        programs=program_phases(figures),
        opportunities=opportunity_statuses(opportunities),
        recruitment=recruitment(opportunities),
        valuation=valuation,
        months=monthly_hours(valuation, today),
        beneficiaries=beneficiaries_from(opportunities.beneficiaries),
        surveys=organization_surveys(figures),
        care=care_flags(organization, today),
    )


# --- the provider --------------------------------------------------------------------------------


@dataclass
class PartnerRow:
    organization_id: int
    name: str
    partner: bool  # a signed partner agreement that has not ended
    hours: Decimal = ZERO
    national_value: Decimal = ZERO
    market_value: Decimal = ZERO


@dataclass
class ProviderDashboard:
    provider: Organization
    today: dt.date
    summary: object  # providers.selectors.ProviderSummary
    members_active: int
    valuation: Valuation
    months: list[Month]
    partners: list[PartnerRow]


def provider_valuation(provider) -> Valuation:
    """Approved hours tagged with the provider (its verified members' approved participations)."""
    return value_hours(HourEntry.objects.approved().filter(provider=provider), by=("date__month", "organization_id"))


def members_active(provider) -> int:
    """Verified members with an active engagement the provider approved."""
    from khibra.providers.models import ProviderMember
    from khibra.providers.selectors import program_engagements

    active = program_engagements(provider).filter(status=EngagementStatus.ACTIVE).values("volunteer__user_id")
    return ProviderMember.objects.verified().filter(provider=provider, user_id__in=active).count()


def provider_partners(provider, valuation: Valuation) -> list[PartnerRow]:
    """The non-profits the members gave hours to, and the current partners (even without hours)."""
    from khibra.providers.selectors import partner_nonprofits

    by_organization = valuation.grouped(lambda row: row["organization_id"])
    partner_ids = set(partner_nonprofits(provider).values_list("pk", flat=True))
    organizations = Organization.objects.in_bulk(partner_ids | set(by_organization))
    rows = [
        PartnerRow(pk, organization.name, pk in partner_ids, *by_organization.get(pk, (ZERO, ZERO, ZERO)))
        for pk, organization in organizations.items()
    ]
    return sorted(rows, key=lambda row: (-row.hours, row.name))


def provider_dashboard(provider, *, today: dt.date | None = None) -> ProviderDashboard:
    from khibra.providers.selectors import provider_summary

    today = today or timezone.localdate()
    valuation = provider_valuation(provider)
    return ProviderDashboard(
        provider=provider,
        today=today,
        summary=provider_summary(provider),
        members_active=members_active(provider),
        valuation=valuation,
        months=monthly_hours(valuation, today),
        partners=provider_partners(provider, valuation),
    )


# --- the sector (platform staff) ----------------------------------------------------------------


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
    for month, (year, number) in zip(months, last_months(today)):
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
