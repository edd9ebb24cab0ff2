"""Reports: the organization's hours and their economic value, its impact figures, and a program's
evaluation (the figures of the evaluation page). Read-only; scope reports:read."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from khibra.api.access import member_object, organization_for_member
from khibra.api.errors import ERRORS, ApiError
from khibra.api.schemas import Ref, ref, resolver
from khibra.core.money import CURRENCY, money_number as _money
from khibra.evaluation import rates, selectors
from khibra.evaluation.models import VolunteerSurvey
from khibra.programs.access import get_program_for_member

router = Router(tags=["reports"])

SCOPE = "reports:read"
VALUE_MARKET = (
    "Professional hours at the market rate of the volunteer's profession in the entry's field, else of the profession, "
    "else of the field (for the entry's year), else at the national value; other hours at the national value."
)
MAX_ID = 2**31 - 1


# --- shapes -------------------------------------------------------------------------------------
# The figures are read from the selectors' objects (Distribution, RateUsed, BeneficiaryRow,
# ProgramFigures) and the evaluation row: each plain field by its name, the rest through resolvers.


def _float(value) -> float | None:
    return None if value is None else float(value)


def _as_float(field: str, attribute: str | None = None) -> staticmethod:
    """The resolver of `field`: the object's `attribute` (by default the same name) as a float."""
    return resolver(field, lambda row, _context: _float(getattr(row, attribute or field)))


class ReportQuery(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="First day (included), YYYY-MM-DD.")
    date_to: dt.date | None = Field(None, alias="to", description="Last day (included), YYYY-MM-DD.")
    program: int | None = Field(None, ge=1, le=MAX_ID, description="Only this program's hours.")


class Rate(Schema):
    field: Ref | None = Field(..., description="null: the national default value.")
    year: int
    value: float = Field(..., description="SAR per hour.")

    resolve_value = _as_float("value")


class EvaluationMarketRateOut(Schema):
    """A market rate applied to professional hours: set per profession and/or field and year."""

    profession: Ref | None
    field: Ref | None
    year: int
    value: float = Field(..., description="SAR per hour.")
    hours: float = Field(..., description="The professional hours valued at this rate.")

    resolve_value = _as_float("value")
    resolve_hours = _as_float("hours")


class EvaluationBeneficiaryRow(Schema):
    category: str = Field(..., description="individuals, nonprofits, government, environment; empty: not recorded (older opportunities).")
    category_display: str
    engagements: int = Field(..., description="Closed engagements whose opportunity serves this category.")
    reported: int = Field(..., description="Of them, those whose closing recorded the beneficiaries reached.")
    reached: int = Field(..., description="The beneficiaries reached they recorded.")

    resolve_category_display = resolver("category_display", lambda row, _context: row.label)


class HoursRow(Schema):
    hours: float
    economic_value: float = Field(..., description="At the national value of an hour.")


class EvaluationLevelRow(HoursRow):
    level: str = Field(..., description="general, skilled or professional: only professional hours take market rates.")
    level_display: str
    economic_value_market: float


class ProgramRow(HoursRow):
    program: Ref | None


class FieldRow(HoursRow):
    field: Ref | None


class MonthRow(HoursRow):
    month: str = Field(..., description="YYYY-MM")


class HoursReportOut(Schema):
    organization: Ref
    date_from: dt.date | None = Field(..., description="The ?from= asked, if any.")
    date_to: dt.date | None
    program: Ref | None
    total_hours: float = Field(..., description="Approved hours only: pending or returned hours do not count.")
    economic_value: float = Field(..., description="Each hour at the national value of an hour of its year (HourlyValue; a field's own row where set).")
    economic_value_market: float = Field(..., description=VALUE_MARKET)
    professional_hours: float = Field(..., description="Hours of opportunities at the professional level.")
    currency: str
    hourly_value: float | None = Field(..., description="The national rate used when one rate applied to every hour; else see `rates`.")
    default_hourly_value: float = Field(..., description="The national default value of an hour for the period's last year.")
    rates: list[Rate] = Field(..., description="The national values of an hour used.")
    market_rates: list[EvaluationMarketRateOut] = Field(..., description="The market rates used for professional hours.")
    volunteers: int
    by_program: list[ProgramRow]
    by_field: list[FieldRow]
    by_month: list[MonthRow]
    by_level: list[EvaluationLevelRow] = Field(..., description="Both values per volunteering level.")


class ScoreOut(Schema):
    average: float | None = Field(..., description="1 to 5; null without answers.")
    answers: int
    counts: dict[str, int] = Field(..., description="How many answers gave each rating, 1 to 5.")

    # Read from a Distribution.
    resolve_answers = resolver("answers", lambda dist, _context: dist.total)
    resolve_counts = resolver("counts", lambda dist, _context: {str(k): v for k, v in sorted(dist.counts.items())})


class WithdrawalRow(Schema):
    reason: str
    reason_display: str
    count: int


class OrganizationRatingOut(Schema):
    count: int
    scope_clarity: float
    support: float
    responsiveness: float


class ImpactOut(Schema):
    organization: Ref
    volunteers: int = Field(..., description="Volunteers who had an engagement with the organization.")
    engagements: int
    active: int
    completed: int
    not_completed: int
    withdrawn: int
    completion_rate: float | None = Field(..., description="Percent of closed engagements that were completed.")
    withdrawal_rate: float | None
    hours: float
    economic_value: float = Field(..., description="At the national value of an hour.")
    economic_value_market: float = Field(..., description=VALUE_MARKET)
    professional_hours: float
    currency: str
    rates: list[Rate]
    market_rates: list[EvaluationMarketRateOut]
    beneficiaries_reached: int = Field(..., description="The beneficiaries reached recorded when engagements were closed.")
    beneficiaries: list[EvaluationBeneficiaryRow]
    certificates_issued: int = Field(..., description="Valid (not revoked) certificates.")
    programs: int
    surveys_sent: int
    surveys_answered: int
    response_rate: float | None
    satisfaction: ScoreOut
    organization_quality: ScoreOut
    training: ScoreOut
    recommend: ScoreOut
    organization_rating: OrganizationRatingOut | None = Field(
        ..., description="The volunteers' anonymous ratings; null below the number of reviews that keeps them anonymous."
    )
    withdrawal_reasons: list[WithdrawalRow]


class StakeholderScores(Schema):
    goals_met: ScoreOut
    work_quality: ScoreOut
    coordination: ScoreOut
    continue_program: ScoreOut


class EvaluationTextOut(Schema):
    goal_summary: str
    helped: str
    blocked: str
    successes: str
    challenges: str
    completed_at: dt.datetime | None


class ReasonCount(Schema):
    reason: str
    count: int

    # Read from a (reason, count) pair.
    resolve_reason = resolver("reason", lambda pair, _context: pair[0])
    resolve_count = resolver("count", lambda pair, _context: pair[1])


class ProgramEvaluationOut(Schema):
    program: Ref
    organization: Ref
    goal: str
    starts_on: dt.date
    ends_on: dt.date
    engagements: int
    closed: int
    completed: int
    withdrawn: int
    not_completed: int
    active: int
    completion_rate: float | None
    withdrawal_rate: float | None
    hours: float
    economic_value: float = Field(..., description="At the national value of an hour.")
    economic_value_market: float = Field(..., description=VALUE_MARKET)
    professional_hours: float
    currency: str
    rates: list[Rate]
    market_rates: list[EvaluationMarketRateOut]
    staff_hours: float
    value_per_staff_hour: float | None
    market_value_per_staff_hour: float | None
    beneficiaries_reached: int
    beneficiaries: list[EvaluationBeneficiaryRow]
    surveys_sent: int
    surveys_answered: int
    response_rate: float | None
    satisfaction: ScoreOut
    organization_quality: ScoreOut
    training: ScoreOut
    recommend: ScoreOut
    recommend_reasons: list[str]
    suggestions: list[str]
    stakeholder_responses: int
    stakeholders: StakeholderScores
    stakeholder_comments: list[str]
    withdrawal_reasons: list[ReasonCount]
    evaluation: EvaluationTextOut | None

    # Read from selectors.ProgramFigures; the program and its organization come from the context.
    resolve_program = resolver("program", lambda _figures, context: context["program"])
    resolve_organization = resolver("organization", lambda _figures, context: context["organization"])
    resolve_goal = resolver("goal", lambda _figures, context: context["program"].goal)
    resolve_starts_on = resolver("starts_on", lambda _figures, context: context["program"].starts_on)
    resolve_ends_on = resolver("ends_on", lambda _figures, context: context["program"].ends_on)
    resolve_hours = _as_float("hours")
    resolve_economic_value = _as_float("economic_value")
    resolve_economic_value_market = _as_float("economic_value_market", "market_value")
    resolve_professional_hours = _as_float("professional_hours")
    resolve_currency = resolver("currency", lambda _figures, _context: CURRENCY)
    resolve_rates = resolver("rates", lambda figures, _context: figures.national_rates)
    resolve_staff_hours = _as_float("staff_hours")
    resolve_value_per_staff_hour = _as_float("value_per_staff_hour")
    resolve_market_value_per_staff_hour = _as_float("market_value_per_staff_hour")
    resolve_beneficiaries_reached = resolver(
        "beneficiaries_reached", lambda figures, _context: figures.beneficiaries.reached
    )
    resolve_beneficiaries = resolver("beneficiaries", lambda figures, _context: figures.beneficiaries.rows)


# --- helpers ------------------------------------------------------------------------------------


def _rates(valuation) -> dict:
    """The national and market rates a valuation used (read through Rate and EvaluationMarketRateOut)."""
    return {"rates": valuation.national_rates, "market_rates": valuation.market_rates}


def _beneficiaries(figures: selectors.Beneficiaries) -> dict:
    return {"beneficiaries_reached": figures.reached, "beneficiaries": figures.rows}


# --- endpoints ----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/reports/hours/",
    response={200: HoursReportOut, **ERRORS},
    summary="Approved hours and their economic value, by program, field and month",
)
def hours_report(request, organization_id: int, filters: Query[ReportQuery]):
    from khibra.hours.models import HourEntry
    from khibra.hours.selectors import organization_hours
    from khibra.programs.models import Program
    from khibra.reference.models import Field as ReferenceField
    from khibra.volunteers.models import Level

    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=SCOPE)
    start, end = filters.date_from, filters.date_to
    if start and end and end < start:
        raise ApiError(400, "validation_error", _("Some fields need correcting."), {"to": [_("The end date must be on or after the start date.")]})
    program = None
    if filters.program is not None:
        program = Program.objects.for_organization(organization).filter(pk=filters.program).first()
        if program is None:
            raise ApiError(400, "validation_error", _("Some fields need correcting."), {"program": [_("Choose one of the organization's programs.")]})
    entries = HourEntry.objects.approved().filter(organization=organization)
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    if program is not None:
        entries = entries.filter(program=program)
    valuation = selectors.value_hours(entries, by=("program_id", "date__month"))
    rows = valuation.rows
    total = organization_hours(organization, start=start, end=end) if program is None else valuation.hours

    programs = {p.pk: p for p in Program.objects.filter(pk__in={r["program_id"] for r in rows if r["program_id"]})}
    fields = {f.pk: f for f in ReferenceField.objects.filter(pk__in={r["field_id"] for r in rows if r["field_id"]})}
    distinct_rates = {r.value for r in valuation.national_rates}
    by_program = valuation.grouped(lambda r: r["program_id"])
    by_field = valuation.grouped(lambda r: r["field_id"])
    by_month = valuation.grouped(lambda r: f"{r['date__year']:04d}-{r['date__month']:02d}")
    by_level = valuation.grouped(lambda r: r["level"])
    year = (end or timezone.localdate()).year

    def values(hours, national, _market) -> dict:
        return {"hours": float(hours), "economic_value": _money(national)}
    return {
        "organization": ref(organization),
        "date_from": start,
        "date_to": end,
        "program": ref(program),
        "total_hours": float(total),
        "economic_value": _money(valuation.national_value),
        "economic_value_market": _money(valuation.market_value),
        "professional_hours": float(valuation.professional_hours),
        "currency": CURRENCY,
        "hourly_value": float(distinct_rates.pop()) if len(distinct_rates) == 1 else None,
        "default_hourly_value": float(selectors.hourly_value(None, year)),
        **_rates(valuation),
        "volunteers": entries.values("volunteer_id").distinct().count(),
        "by_program": [
            {"program": ref(programs.get(pk)) if pk else None, **values(*figures)}
            for pk, figures in sorted(by_program.items(), key=lambda item: (-item[1][0], item[0] or 0))
        ],
        "by_field": [
            {"field": ref(fields.get(pk)) if pk else None, **values(*figures)}
            for pk, figures in sorted(by_field.items(), key=lambda item: (-item[1][0], item[0] or 0))
        ],
        "by_month": [{"month": month, **values(*figures)} for month, figures in sorted(by_month.items())],
        "by_level": [
            {"level": level, "level_display": str(label), **values(*by_level[level]), "economic_value_market": _money(by_level[level][2])}
            for level, label in Level.choices if level in by_level
        ],
    }


@router.get(
    "/organizations/{organization_id}/reports/impact/",
    response={200: ImpactOut, **ERRORS},
    summary="The organization's impact figures: volunteers, engagements, hours and their value, surveys",
)
def impact_report(request, organization_id: int):
    from khibra.certificates.models import Certificate
    from khibra.engagements.models import Engagement
    from khibra.engagements.selectors import withdrawal_reasons
    from khibra.hours.models import HourEntry
    from khibra.hours.selectors import organization_hours

    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=SCOPE)
    engagements = Engagement.objects.filter(opportunity__organization=organization)
    statuses = dict(engagements.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    closed = sum(statuses.get(s, 0) for s in selectors.CLOSED)
    completed, withdrawn = statuses.get("completed", 0), statuses.get("withdrawn", 0)
    valuation = selectors.value_hours(HourEntry.objects.approved().filter(organization=organization))
    surveys = VolunteerSurvey.objects.filter(organization=organization)
    answered = list(surveys.filter(answered_at__isnull=False))
    sent = surveys.count()
    return {
        "organization": ref(organization),
        "volunteers": engagements.values("volunteer_id").distinct().count(),
        "engagements": sum(statuses.values()),
        "active": statuses.get("active", 0),
        "completed": completed,
        "not_completed": statuses.get("not_completed", 0),
        "withdrawn": withdrawn,
        "completion_rate": rates.completion_rate(completed=completed, closed=closed),
        "withdrawal_rate": rates.withdrawal_rate(withdrawn=withdrawn, closed=closed),
        "hours": float(organization_hours(organization)),
        "economic_value": _money(valuation.national_value),
        "economic_value_market": _money(valuation.market_value),
        "professional_hours": float(valuation.professional_hours),
        "currency": CURRENCY,
        **_rates(valuation),
        **_beneficiaries(selectors.beneficiaries(engagements)),
        "certificates_issued": Certificate.objects.valid().filter(organization=organization).count(),
        "programs": organization.programs.count(),
        "surveys_sent": sent,
        "surveys_answered": len(answered),
        "response_rate": rates.response_rate(answered=len(answered), sent=sent),
        **{name: selectors.distribution(getattr(s, name) for s in answered) for name in
           ("satisfaction", "organization_quality", "training", "recommend")},
        "organization_rating": selectors.organization_rating(organization),
        "withdrawal_reasons": [
            {"reason": value, "reason_display": str(label), "count": count}
            for value, label, count in withdrawal_reasons(organization=organization)
        ],
    }


@router.get(
    "/programs/{program_id}/evaluation/",
    response={200: ProgramEvaluationOut, **ERRORS},
    summary="A program's evaluation figures (the five axes of the evaluation page)",
)
def program_evaluation(request, program_id: int):
    organization, _membership, program = member_object(request, get_program_for_member, program_id, scope=SCOPE)
    figures = selectors.program_evaluation(program)
    return ProgramEvaluationOut.from_orm(figures, context={"program": program, "organization": organization})
