"""The three dashboards as JSON: the same access rules (khibra.dashboards.access) and the same
selectors as the pages. Organization keys need "reports:read"; the sector is for platform staff
with a personal token."""

from django.http import Http404
from ninja import Field, Router, Schema

from khibra.api.access import organization_for_member
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS
from khibra.api.schemas import Ref, ref
from khibra.core.money import CURRENCY, money_number as _money
from khibra.dashboards import access as dashboard_access, selectors
from khibra.organizations.access import is_staff

router = Router(tags=["dashboards"])

SCOPE = "reports:read"


# --- schemas ------------------------------------------------------------------------------------


class DashboardCount(Schema):
    key: str
    label: str
    count: int


class DashboardRate(Schema):
    kind: str = Field(..., description="national (the national value of an hour) or market (a market rate).")
    year: int
    field: Ref | None
    profession: Ref | None
    value: float
    hours: float = Field(..., description="The hours valued at this rate.")


class DashboardValue(Schema):
    hours: float = Field(..., description="Approved hours.")
    professional_hours: float
    economic_value: float = Field(..., description="At the national value of an hour of each hour's year.")
    economic_value_market: float = Field(..., description="Professional hours at market rates, other hours at the national value.")
    currency: str
    rates: list[DashboardRate]


class DashboardMonth(Schema):
    month: str = Field(..., description="YYYY-MM; the last twelve months, the current one last.")
    hours: float
    economic_value: float
    economic_value_market: float


class DashboardBeneficiary(Schema):
    category: str
    category_display: str
    engagements: int
    reported: int
    reached: int


class DashboardRecruitment(Schema):
    filled_opportunities: int = Field(..., description="Opportunities whose seats are all filled.")
    median_days_to_fill: float | None = Field(
        ..., description="Days from publication to the acceptance that filled the last seat (median over the filled opportunities)."
    )
    average_days_to_fill: float | None
    seats_offered: int = Field(..., description="Seats of published, closed and completed opportunities.")
    seats_filled: int
    fill_rate: float | None = Field(..., description="Seats filled / seats offered, in percent.")
    engagements_closed: int
    engagements_completed: int
    completion_rate: float | None = Field(..., description="Completed / closed engagements, in percent.")


class DashboardReviews(Schema):
    count: int
    scope_clarity: float
    support: float
    responsiveness: float


class DashboardSurveys(Schema):
    count: int
    shown: bool = Field(..., description="False below the minimum number of answers: then no averages are given.")
    satisfaction: float | None
    organization_quality: float | None
    training: float | None
    recommend: float | None
    reviews: DashboardReviews | None


class DashboardCare(Schema):
    active: int
    at_risk: int = Field(..., description="Active engagements the care board rates medium or high.")
    high: int


class DashboardOrganizationOut(Schema):
    organization: Ref
    programs: list[DashboardCount]
    opportunities: list[DashboardCount]
    recruitment: DashboardRecruitment
    value: DashboardValue
    months: list[DashboardMonth]
    beneficiaries_reached: int
    beneficiaries: list[DashboardBeneficiary]
    surveys: DashboardSurveys
    care: DashboardCare


class DashboardServedOrganization(Schema):
    organization: Ref
    partner: bool = Field(..., description="A signed partner agreement that has not ended.")
    hours: float
    economic_value: float
    economic_value_market: float


class DashboardProviderOut(Schema):
    organization: Ref
    members_verified: int
    members_active: int = Field(..., description="Verified members with an active engagement the provider approved.")
    engagements_active: int
    engagements_completed: int
    paid_hours: float = Field(..., description="Approved hours on engagements approved as paid work time.")
    certificates: int
    partners: int
    value: DashboardValue
    months: list[DashboardMonth]
    organizations: list[DashboardServedOrganization]


class DashboardRegion(Schema):
    region: Ref
    volunteers: int
    opportunities: int
    hours: float


class DashboardCity(Schema):
    city: Ref
    region: str
    volunteers: int


class DashboardField(Schema):
    field: Ref
    volunteers: int
    opportunities: int = Field(..., description="Published, closed and completed opportunities in the field.")
    hours: float
    economic_value: float
    economic_value_market: float
    open_opportunities: int
    open_seats: int
    open_needs: int
    needed_by_needs: int
    demand: int = Field(..., description="Open seats plus the volunteers called for by needs not yet an opportunity.")
    supply: int = Field(..., description="Volunteers listing the field.")
    shortage: bool = Field(..., description="Demand exceeds supply.")


class DashboardSectorMonth(DashboardMonth):
    new_volunteers: int
    opportunities_published: int


class DashboardTop(Schema):
    organization: Ref
    kind: str
    hours: float
    volunteers: int


class DashboardSectorOut(Schema):
    volunteers: int
    levels: list[DashboardCount]
    genders: list[DashboardCount]
    ages: list[DashboardCount]
    regions: list[DashboardRegion]
    cities: list[DashboardCity]
    fields: list[DashboardField]
    value: DashboardValue
    months: list[DashboardSectorMonth]
    top_organizations: list[DashboardTop]
    top_providers: list[DashboardTop]
    verification_queue: int = Field(..., description="Organizations awaiting verification.")


# --- helpers ------------------------------------------------------------------------------------


def _place(pk, name) -> dict:
    return {"id": pk, "name": str(name)}


def _counts(rows) -> list[dict]:
    return [{"key": row.key, "label": row.label, "count": row.count} for row in rows]


def _value(valuation) -> dict:
    rates = [
        {"kind": "national", "year": r.year, "field": ref(r.field), "profession": None, "value": float(r.value), "hours": float(r.hours)}
        for r in valuation.national_rates
    ] + [
        {"kind": "market", "year": r.year, "field": ref(r.field), "profession": ref(r.profession), "value": float(r.value), "hours": float(r.hours)}
        for r in valuation.market_rates
    ]
    return {
        "hours": float(valuation.hours),
        "professional_hours": float(valuation.professional_hours),
        "economic_value": _money(valuation.national_value),
        "economic_value_market": _money(valuation.market_value),
        "currency": CURRENCY,
        "rates": rates,
    }


def _month(month) -> dict:
    return {"month": month.label, "hours": float(month.hours), "economic_value": _money(month.national_value),
            "economic_value_market": _money(month.market_value)}


# --- endpoints ----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/dashboard/",
    response={200: DashboardOrganizationOut, **ERRORS},
    summary="A non-profit's dashboard (admins and volunteer managers)",
)
def organization_dashboard(request, organization_id: int):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=SCOPE)
    dashboard_access.require_kind(organization, provider=False)
    d = selectors.organization_dashboard(organization)
    r, s = d.recruitment, d.surveys
    return {
        "organization": ref(organization),
        "programs": _counts(d.programs),
        "opportunities": _counts(d.opportunities),
        "recruitment": {
            "filled_opportunities": r.filled_opportunities, "median_days_to_fill": r.median_days_to_fill,
            "average_days_to_fill": r.average_days_to_fill, "seats_offered": r.seats_offered, "seats_filled": r.seats_filled,
            "fill_rate": r.fill_rate, "engagements_closed": r.engagements_closed, "engagements_completed": r.engagements_completed,
            "completion_rate": r.completion_rate,
        },
        "value": _value(d.valuation),
        "months": [_month(m) for m in d.months],
        "beneficiaries_reached": d.beneficiaries.reached,
        "beneficiaries": [
            {"category": b.category, "category_display": b.label, "engagements": b.engagements, "reported": b.reported, "reached": b.reached}
            for b in d.beneficiaries.rows
        ],
        "surveys": {
            "count": s.count, "shown": s.shown, **{name: s.averages.get(name) for name in ("satisfaction", "organization_quality", "training", "recommend")},
            "reviews": s.reviews,
        },
        "care": {"active": d.care.active, "at_risk": d.care.at_risk, "high": d.care.high},
    }


@router.get(
    "/organizations/{organization_id}/provider/dashboard/",
    response={200: DashboardProviderOut, **ERRORS},
    summary="A provider's pro bono dashboard (admins and coordinators)",
)
def provider_dashboard(request, organization_id: int):
    provider, _membership = organization_for_member(request, organization_id, manage=True, scope=SCOPE)
    dashboard_access.require_kind(provider, provider=True)
    d = selectors.provider_dashboard(provider)
    s = d.summary
    return {
        "organization": ref(provider),
        "members_verified": s.members_verified,
        "members_active": d.members_active,
        "engagements_active": s.engagements_active,
        "engagements_completed": s.engagements_completed,
        "paid_hours": float(s.paid_hours),
        "certificates": s.certificates,
        "partners": sum(1 for row in d.partners if row.partner),
        "value": _value(d.valuation),
        "months": [_month(m) for m in d.months],
        "organizations": [
            {"organization": _place(row.organization_id, row.name), "partner": row.partner, "hours": float(row.hours),
             "economic_value": _money(row.national_value), "economic_value_market": _money(row.market_value)}
            for row in d.partners
        ],
    }


@router.get(
    "/sector/dashboard/",
    response={200: DashboardSectorOut, **ERRORS},
    summary="The sector's dashboard (platform staff, personal token)",
)
def sector_dashboard(request):
    if not is_staff(request.user):
        raise Http404  # nobody else learns this exists
    require_personal(request)
    d = selectors.sector_dashboard()
    return {
        "volunteers": d.volunteers,
        "levels": _counts(d.levels),
        "genders": _counts(d.genders),
        "ages": _counts(d.ages),
        "regions": [
            {"region": _place(r.pk, r.name), "volunteers": r.volunteers, "opportunities": r.opportunities, "hours": float(r.hours)}
            for r in d.regions
        ],
        "cities": [{"city": _place(r.pk, r.name), "region": r.region, "volunteers": r.volunteers} for r in d.cities],
        "fields": [
            {"field": _place(f.pk, f.name), "volunteers": f.volunteers, "opportunities": f.opportunities, "hours": float(f.hours),
             "economic_value": _money(f.national_value), "economic_value_market": _money(f.market_value),
             "open_opportunities": f.open_opportunities, "open_seats": f.open_seats, "open_needs": f.open_needs,
             "needed_by_needs": f.needed_by_needs, "demand": f.demand, "supply": f.supply, "shortage": f.shortage}
            for f in d.fields
        ],
        "value": _value(d.valuation),
        "months": [
            {**_month(m), "new_volunteers": m.new_volunteers, "opportunities_published": m.opportunities_published} for m in d.months
        ],
        "top_organizations": [_top(row) for row in d.top_organizations],
        "top_providers": [_top(row) for row in d.top_providers],
        "verification_queue": d.verification_queue,
    }


def _top(row) -> dict:
    return {"organization": _place(row.pk, row.name), "kind": str(row.kind), "hours": float(row.hours), "volunteers": row.volunteers}
