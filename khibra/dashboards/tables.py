"""Every table of the dashboards, defined once: its title, its columns and its rows read from a
dashboard (selectors.*_dashboard). The pages show them and the exports app downloads them as the
export kinds of the same name (exports.py registers them)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy as _

from khibra.core.money import money
from khibra.exports.kinds import Column

from . import selectors

ORGANIZATION, PROVIDER, SECTOR = "organization", "provider", "sector"


@dataclass(frozen=True)
class Table:
    name: str  # the export kind
    scope: str  # ORGANIZATION, PROVIDER or SECTOR: which dashboard it is read from
    title: str  # lazy
    columns: tuple[Column, ...]
    rows: Callable  # (dashboard) -> list[tuple]

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]


TABLES: dict[str, Table] = {}


def table(name: str, scope: str, title, columns, rows) -> Table:
    TABLES[name] = Table(name, scope, title, tuple(Column(key, header) for key, header in columns), rows)
    return TABLES[name]


def _yes(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def _counts(attribute: str):
    return lambda dashboard: [(row.label, row.count) for row in getattr(dashboard, attribute)]


def _months(dashboard):
    return [(m.label, m.hours, money(m.national_value), money(m.market_value)) for m in dashboard.months]


def _rates(dashboard):
    """The rates the valuation used: the national value of an hour per year (and field where the
    platform set one), then the market rates of professional work."""
    valuation = dashboard.valuation
    # A year is a name, not a quantity: as text it is never grouped ("2,026").
    national = [
        (gettext("National value of an hour"), str(rate.year), rate.field.name if rate.field else gettext("All fields"), "", rate.value, rate.hours)
        for rate in valuation.national_rates
    ]
    market = [
        (gettext("Market rate"), str(rate.year), rate.field.name if rate.field else "", rate.profession.name if rate.profession else "",
         rate.value, rate.hours)
        for rate in valuation.market_rates
    ]
    return national + market


MONTH_COLUMNS = (
    ("month", _("Month")), ("hours", _("Approved hours")),
    ("national_value", _("Value at the national rate (SAR)")), ("market_value", _("Value at market rates (SAR)")),
)
RATE_COLUMNS = (
    ("rate", _("Rate")), ("year", _("Year")), ("field", _("Field")), ("profession", _("Profession")),
    ("value", _("Value of an hour (SAR)")), ("hours", _("Hours valued at this rate")),
)


# --- the organization ---------------------------------------------------------------------------


def _recruitment(dashboard):
    r, care = dashboard.recruitment, dashboard.care
    return [
        (gettext("Opportunities with every seat filled"), r.filled_opportunities),
        (gettext("Median days to fill"), r.median_days_to_fill),
        (gettext("Average days to fill"), r.average_days_to_fill),
        (gettext("Seats offered (published, closed and completed opportunities)"), r.seats_offered),
        (gettext("Seats filled"), r.seats_filled),
        (gettext("Fill rate (%)"), r.fill_rate),
        (gettext("Closed engagements"), r.engagements_closed),
        (gettext("Completed engagements"), r.engagements_completed),
        (gettext("Completion rate (%)"), r.completion_rate),
        (gettext("Active engagements"), care.active),
        (gettext("Engagements at risk (care board)"), care.at_risk),
        (gettext("Of them at high risk"), care.high),
    ]


def _value(dashboard):
    v = dashboard.valuation
    return [
        (gettext("Approved hours"), v.hours),
        (gettext("Professional hours"), v.professional_hours),
        (gettext("Value at the national rate (SAR)"), money(v.national_value)),
        (gettext("Value at market rates (SAR)"), money(v.market_value)),
    ]


FIGURE_COLUMNS = (("figure", _("Figure")), ("value", _("Value")))

table("dashboard_org_programs", ORGANIZATION, _("Programs by phase"), (("phase", _("Phase")), ("programs", _("Programs"))), _counts("programs"))
table(
    "dashboard_org_opportunities", ORGANIZATION, _("Opportunities by status"),
    (("status", _("Status")), ("opportunities", _("Opportunities"))), _counts("opportunities"),
)
table("dashboard_org_recruitment", ORGANIZATION, _("Recruitment and completion"), FIGURE_COLUMNS, _recruitment)
table("dashboard_org_value", ORGANIZATION, _("Hours and their economic value"), FIGURE_COLUMNS, _value)
table("dashboard_org_rates", ORGANIZATION, _("Rates used"), RATE_COLUMNS, _rates)
table(
    "dashboard_org_beneficiaries", ORGANIZATION, _("Beneficiaries reached"),
    (("category", _("Beneficiaries")), ("engagements", _("Closed engagements")), ("reported", _("Of them with a number reported")),
     ("reached", _("Beneficiaries reached"))),
    lambda d: [(row.label, row.engagements, row.reported, row.reached) for row in d.beneficiaries.rows],
)
table(
    "dashboard_org_surveys", ORGANIZATION, _("Volunteer survey scores"),
    (("question", _("Question")), ("average", _("Average (1–5)"))),
    lambda d: [(label, average) for _name, label, average in d.surveys.rows()],
)
table("dashboard_org_months", ORGANIZATION, _("Approved hours month by month"), MONTH_COLUMNS, _months)


# --- the provider -------------------------------------------------------------------------------


def _provider_figures(dashboard):
    s, v = dashboard.summary, dashboard.valuation
    return [
        (gettext("Verified members"), s.members_verified),
        (gettext("Members with an active engagement"), dashboard.members_active),
        (gettext("Active engagements"), s.engagements_active),
        (gettext("Completed engagements"), s.engagements_completed),
        (gettext("Approved hours"), v.hours),
        (gettext("Of them paid work time"), s.paid_hours),
        (gettext("Professional hours"), v.professional_hours),
        (gettext("Value donated at the national rate (SAR)"), money(v.national_value)),
        (gettext("Value donated at market rates (SAR)"), money(v.market_value)),
        (gettext("Partner organizations"), sum(1 for row in dashboard.partners if row.partner)),
        (gettext("Certificates"), s.certificates),
    ]


table("dashboard_provider_figures", PROVIDER, _("The program in figures"), FIGURE_COLUMNS, _provider_figures)
table(
    "dashboard_provider_organizations", PROVIDER, _("Organizations served"),
    (("organization", _("Organization")), ("partner", _("Current partner")), ("hours", _("Approved hours")),
     ("national_value", _("Value at the national rate (SAR)")), ("market_value", _("Value at market rates (SAR)"))),
    lambda d: [(row.name, _yes(row.partner), row.hours, money(row.national_value), money(row.market_value)) for row in d.partners],
)
table("dashboard_provider_months", PROVIDER, _("Approved hours month by month"), MONTH_COLUMNS, _months)
table("dashboard_provider_rates", PROVIDER, _("Rates used"), RATE_COLUMNS, _rates)


# --- the sector ---------------------------------------------------------------------------------

VOLUNTEERS = ("volunteers", _("Volunteers"))

table("dashboard_sector_levels", SECTOR, _("Volunteers by level"), (("level", _("Volunteering level")), VOLUNTEERS), _counts("levels"))
table("dashboard_sector_genders", SECTOR, _("Volunteers by gender (where given)"), (("gender", _("Gender")), VOLUNTEERS), _counts("genders"))
table("dashboard_sector_ages", SECTOR, _("Volunteers by age band"), (("age_band", _("Age band")), VOLUNTEERS), _counts("ages"))
table(
    "dashboard_sector_regions", SECTOR, _("Volunteers, opportunities and hours by region"),
    (("region", _("Region")), VOLUNTEERS, ("opportunities", _("Published opportunities")), ("hours", _("Approved hours"))),
    lambda d: [(row.name, row.volunteers, row.opportunities, row.hours) for row in d.regions],
)
table(
    "dashboard_sector_cities", SECTOR, _("Volunteers by city"),
    (("city", _("City")), ("region", _("Region")), VOLUNTEERS),
    lambda d: [(row.name, row.region, row.volunteers) for row in d.cities],
)
table(
    "dashboard_sector_fields", SECTOR, _("Volunteers, opportunities and hours by field"),
    (("field", _("Field")), VOLUNTEERS, ("opportunities", _("Published opportunities")), ("hours", _("Approved hours")),
     ("national_value", _("Value at the national rate (SAR)")), ("market_value", _("Value at market rates (SAR)"))),
    lambda d: [(r.name, r.volunteers, r.opportunities, r.hours, money(r.national_value), money(r.market_value)) for r in d.fields],
)
table(
    "dashboard_sector_needs", SECTOR, _("Fields of need against supply"),
    (("field", _("Field")), ("open_opportunities", _("Open opportunities")), ("open_seats", _("Open seats")),
     ("needs", _("Needs not yet an opportunity")), ("needed", _("Volunteers those needs call for")),
     ("demand", _("Demand")), ("supply", _("Supply (volunteers listing the field)")), ("shortage", _("Demand exceeds supply"))),
    lambda d: [
        (r.name, r.open_opportunities, r.open_seats, r.open_needs, r.needed_by_needs, r.demand, r.supply, _yes(r.shortage))
        for r in d.fields
    ],
)
table(
    "dashboard_sector_months", SECTOR, _("Month by month"),
    (("month", _("Month")), ("new_volunteers", _("New volunteers")), ("opportunities", _("Opportunities published")),
     *MONTH_COLUMNS[1:]),
    lambda d: [
        (m.label, m.new_volunteers, m.opportunities_published, m.hours, money(m.national_value), money(m.market_value))
        for m in d.months
    ],
)
table(
    "dashboard_sector_top_organizations", SECTOR, _("Top organizations by approved hours"),
    (("organization", _("Organization")), ("hours", _("Approved hours")), VOLUNTEERS),
    lambda d: [(r.name, r.hours, r.volunteers) for r in d.top_organizations],
)
table(
    "dashboard_sector_top_providers", SECTOR, _("Top providers by approved hours"),
    (("provider", _("Provider")), ("kind", _("Type")), ("hours", _("Approved hours")), VOLUNTEERS),
    lambda d: [(r.name, r.kind, r.hours, r.volunteers) for r in d.top_providers],
)
table("dashboard_sector_rates", SECTOR, _("Rates used"), RATE_COLUMNS, _rates)


def build(scope: str, organization=None, today=None):
    """The dashboard a table is read from."""
    if scope == ORGANIZATION:
        return selectors.organization_dashboard(organization, today=today)
    if scope == PROVIDER:
        return selectors.provider_dashboard(organization, today=today)
    return selectors.sector_dashboard(today=today)


@dataclass
class BoundTable:
    """A table with its rows, for a page."""

    name: str
    title: str
    headers: list[str]
    rows: list[tuple]


def bound(scope: str, dashboard) -> dict[str, BoundTable]:
    return {
        t.name.split("_", 2)[2]: BoundTable(t.name, str(t.title), t.headers(), t.rows(dashboard))
        for t in TABLES.values()
        if t.scope == scope
    }
