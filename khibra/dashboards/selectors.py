"""The figures of the three dashboards: the organization's here, the provider's in provider.py,
the sector's in sector.py (both importable from here). Nothing here writes.

Every figure is read by a grouped query (values/annotate/aggregate), so the number of queries
stays the same however much data there is; the organization's dashboard, opened on every visit of
its staff, reads several figures per query (organization_dashboard). Hours and their economic
value always come from khibra.evaluation.selectors.value_hours (both rates, with the rates used),
beneficiaries from evaluation.selectors (beneficiaries, beneficiaries_from), the provider's
figures from providers.selectors and the burnout flags from the care board's rules
(engagements.selectors.care_for).
"""

from dataclasses import dataclass, field
import datetime as dt
from functools import cache
import statistics

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Sum, When
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
from khibra.organizations.models import Organization
from khibra.programs.models import Program
from khibra.recruitment.models import Application, ApplicationStatus

from .figures import OFFERED, Month, Row, _counted, monthly_hours
from .provider import ProviderDashboard, provider_dashboard  # noqa: F401  (the dashboards' one entry point)
from .sector import SectorDashboard, sector_dashboard  # noqa: F401

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
        for name, value in zip(figures, row, strict=True)
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
            "satisfaction": _("Satisfaction"), "organization_quality": _("How well the opportunities were organized"),
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
