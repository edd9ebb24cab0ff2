"""Reads for the evaluation pages: the program evaluation's figures, ratings, relationships.
Nothing here writes."""

from collections import Counter
from dataclasses import dataclass, field
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Max, Sum
from django.utils.translation import gettext_lazy as _

from khibra.core.models import AuditEvent
from khibra.core.money import money

from .models import (
    HourlyValue,
    OrganizationReview,
    ProgramEvaluation,
    StakeholderResponse,
    VolunteerReview,
    VolunteerSurvey,
)
from .rates import CLOSED, completion_rate, response_rate, withdrawal_rate

ZERO = Decimal("0")


@dataclass
class Distribution:
    """How many answers gave each rating 1–5, and their average (None without answers)."""

    counts: dict[int, int]
    average: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def bars(self) -> list[dict]:
        """Rows for a bar chart: rating, count and width in percent of the largest bar."""
        top = max(self.counts.values()) if self.counts else 0
        return [
            {"rating": rating, "count": count, "percent": (p := round(100 * count / top) if top else 0), "offset": 100 - p}
            for rating, count in sorted(self.counts.items())
        ]


def distribution(values) -> Distribution:
    values = [v for v in values if v is not None]
    counts = Counter(values)
    average = round(sum(values) / len(values), 2) if values else None
    return Distribution(counts={rating: counts.get(rating, 0) for rating in range(1, 6)}, average=average)


@dataclass
class ProgramFigures:
    program_id: int
    engagements: int
    closed: int
    completed: int
    withdrawn: int
    not_completed: int
    active: int
    hours: Decimal
    economic_value: Decimal
    staff_hours: Decimal
    surveys_sent: int
    surveys_answered: int
    satisfaction: Distribution
    organization_quality: Distribution
    training: Distribution
    recommend: Distribution
    recommend_reasons: list[str]
    suggestions: list[str]
    stakeholder_responses: int
    stakeholders: dict[str, Distribution]
    stakeholder_comments: list[str]
    withdrawal_reasons: list[tuple[str, int]] = field(default_factory=list)
    evaluation: ProgramEvaluation | None = None
    market_value: Decimal = ZERO
    professional_hours: Decimal = ZERO
    national_rates: list = field(default_factory=list)
    market_rates: list = field(default_factory=list)
    beneficiaries: "Beneficiaries | None" = None
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (opportunity title, what changed)
    earlier_answers: int = 0  # answered with the wording before the guide's questions
    exhaustion: list[tuple[str, int]] = field(default_factory=list)  # (when, how many)
    custom: list[dict] = field(default_factory=list)  # the organization's own questions and their answers

    @property
    def completion_rate(self) -> float | None:
        """Completed engagements among the closed ones, in percent."""
        return completion_rate(completed=self.completed, closed=self.closed)

    @property
    def withdrawal_rate(self) -> float | None:
        return withdrawal_rate(withdrawn=self.withdrawn, closed=self.closed)

    @property
    def response_rate(self) -> float | None:
        return response_rate(answered=self.surveys_answered, sent=self.surveys_sent)

    @property
    def value_per_staff_hour(self) -> Decimal | None:
        """Economic value created for each hour of staff time invested."""
        return (self.economic_value / self.staff_hours).quantize(Decimal("0.01")) if self.staff_hours else None

    @property
    def market_value_per_staff_hour(self) -> Decimal | None:
        return (self.market_value / self.staff_hours).quantize(Decimal("0.01")) if self.staff_hours else None


def hourly_value(field_id: int | None, year: int) -> Decimal:
    """The national value of one hour in a field and year: the field's own row, else the national
    default of that year, else the latest default before it (0 when none is configured)."""
    return NationalRates().get(field_id, year)[0]


class NationalRates:
    """Every HourlyValue row, read once (a handful of rows a year), looked up like hourly_value."""

    def __init__(self):
        rows = list(HourlyValue.objects.select_related("field").order_by("year"))
        self.by_field = {(r.field_id, r.year): r.value_sar for r in rows if r.field_id is not None}
        self.defaults = [(r.year, r.value_sar) for r in rows if r.field_id is None]  # by year, ascending
        self.fields = {r.field_id: r.field for r in rows if r.field_id is not None}  # for the rates' labels

    def get(self, field_id: int | None, year: int) -> tuple[Decimal, int | None]:
        """(value, the field whose own row applied or None for the national default).

        Each hour is valued by the year of its date (2023 hours at 2023's value, 92.41 SAR; 2024
        hours at 138 SAR). A year with no row of its own (staff add new years in the admin) takes
        the latest earlier year's value; a year before every row takes the earliest one."""
        if field_id is not None and (field_id, year) in self.by_field:
            return self.by_field[(field_id, year)], field_id
        before = [v for y, v in self.defaults if y <= year]
        if before:
            return before[-1], None
        return (self.defaults[0][1] if self.defaults else ZERO), None


@dataclass(frozen=True)
class RateUsed:
    """One rate a report applied: the national value of an hour (market_rate None) or a market rate."""

    year: int
    value: Decimal
    field: object = None  # reference.Field or None
    profession: object = None  # reference.Profession or None (market rates only)
    market_rate_id: int | None = None
    hours: Decimal = ZERO  # the hours valued at this rate


@dataclass
class Valuation:
    """Hours and their economic value at both rates.

    national_value: every hour × the national value of an hour of its year (HourlyValue; a field's
    own national row where the platform set one).
    market_value: professional hours (the opportunity's level is professional) × the market rate
    that applies — the volunteer's profession in the entry's field, else the profession, else the
    field, for the entry's year — and every other hour × the national value. Professional hours
    without a market rate keep the national value."""

    hours: Decimal = ZERO
    professional_hours: Decimal = ZERO
    national_value: Decimal = ZERO
    market_value: Decimal = ZERO
    national_rates: list[RateUsed] = field(default_factory=list)
    market_rates: list[RateUsed] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    def grouped(self, key) -> dict:
        """{key(row): (hours, national value, market value)} over the valued rows."""
        out: dict = {}
        for row in self.rows:
            h, n, m = out.get(key(row), (ZERO, ZERO, ZERO))
            out[key(row)] = (h + row["total"], n + row["national_value"], m + row["market_value"])
        return out


VALUATION_GROUPS = ("date__year", "field_id", "level", "volunteer__profession_id")


def value_hours(entries, *, by: tuple[str, ...] = ()) -> Valuation:
    """Value approved hour entries at both rates. One GROUP BY query sums the hours per year,
    field, level and volunteer's profession (plus the columns in `by`); the rates are resolved
    per group, never per entry."""
    from khibra.volunteers.models import Level

    from .models import MarketRate

    rows = list(entries.values(*VALUATION_GROUPS, *by).annotate(total=Sum("hours")).order_by())
    if not rows:
        return Valuation()
    national = NationalRates()
    # Market rates apply to professional hours only: no such hours, no market rates to read.
    years = {row["date__year"] for row in rows if row["level"] == Level.PROFESSIONAL}
    market = {
        (r.profession_id, r.field_id, r.year): r
        for r in (MarketRate.objects.filter(year__in=years).select_related("field", "profession") if years else ())
    }
    national_used: dict[tuple, list] = {}
    market_used: dict[int, list] = {}
    result = Valuation()
    for row in rows:
        hours, year, field_id, profession_id = row["total"] or ZERO, row["date__year"], row["field_id"], row["volunteer__profession_id"]
        national_rate, rate_field = national.get(field_id, year)
        row["total"], row["national_rate"] = hours, national_rate
        row["national_value"] = hours * national_rate
        national_used.setdefault((rate_field, year, national_rate), [ZERO])[0] += hours
        rate = None
        if row["level"] == Level.PROFESSIONAL:
            result.professional_hours += hours
            # Most specific first; a key with None where the entry has a value matches no row.
            keys = ((profession_id, field_id, year), (profession_id, None, year), (None, field_id, year))
            rate = next((market[key] for key in keys if key in market), None)
        row["market_rate"] = rate.value_sar if rate else national_rate
        row["market_rate_id"] = rate.pk if rate else None
        row["market_value"] = hours * row["market_rate"]
        if rate is not None:
            market_used.setdefault(rate.pk, [rate, ZERO])[1] += hours
        result.hours += hours
        result.national_value += row["national_value"]
        result.market_value += row["market_value"]
    result.rows = rows
    # The labels' fields and professions came with the rates (select_related): no further query.
    fields = {**national.fields, **{r.field_id: r.field for r, _h in market_used.values() if r.field_id}}
    professions = {r.profession_id: r.profession for r, _h in market_used.values() if r.profession_id}
    result.national_rates = [
        RateUsed(year=y, value=v, field=fields.get(f), hours=h)
        for (f, y, v), (h,) in sorted(national_used.items(), key=lambda item: (item[0][1], item[0][0] or 0))
    ]
    result.market_rates = [
        RateUsed(year=r.year, value=r.value_sar, field=fields.get(r.field_id), profession=professions.get(r.profession_id),
                 market_rate_id=r.pk, hours=h)
        for r, h in sorted(market_used.values(), key=lambda item: (item[0].year, item[0].profession_id or 0, item[0].field_id or 0))
    ]
    return result


def _withdrawal_reasons(engagements) -> list[tuple[str, int]]:
    """(reason, how many) of the withdrawals, most frequent first: the engagement's recorded
    reason when it has one (read defensively), else the reason given with the withdrawal."""
    withdrawn = [e for e in engagements if e.status == "withdrawn"]
    logged = {}
    if withdrawn:
        events = AuditEvent.objects.filter(
            verb="engagement.withdrawn", target_type="engagements.engagement", target_id__in=[str(e.pk) for e in withdrawn]
        )
        logged = {event.target_id: str((event.data or {}).get("reason") or "").strip() for event in events}
    reasons = Counter()
    for engagement in withdrawn:
        if getattr(engagement, "withdrawal_reason", ""):
            reasons[str(engagement.get_withdrawal_reason_display())] += 1
        elif logged.get(str(engagement.pk)):
            reasons[logged[str(engagement.pk)]] += 1
    return sorted(reasons.items(), key=lambda item: (-item[1], item[0]))


def program_evaluation(program) -> ProgramFigures:
    """Every figure of the program evaluation (step 8), from the data."""
    from khibra.engagements.models import Engagement
    from khibra.hours.models import HourEntry

    from . import reports

    engagements = list(Engagement.objects.filter(opportunity__program=program).select_related("opportunity").order_by("pk"))
    statuses = Counter(e.status for e in engagements)
    # Each hour at the rates of its own year and field (the entry's tags), the same as the reports.
    valuation = value_hours(HourEntry.objects.approved().filter(opportunity__program=program))
    evaluation = ProgramEvaluation.objects.filter(program=program).first()

    surveys = VolunteerSurvey.objects.filter(program=program)
    answered = list(surveys.filter(answered_at__isnull=False).order_by("answered_at"))
    stakeholders = list(StakeholderResponse.objects.filter(program=program).order_by("created_at"))
    return ProgramFigures(
        program_id=program.pk,
        engagements=len(engagements),
        closed=sum(statuses[s] for s in CLOSED),
        completed=statuses["completed"],
        withdrawn=statuses["withdrawn"],
        not_completed=statuses["not_completed"],
        active=statuses["active"],
        hours=valuation.hours,
        economic_value=money(valuation.national_value),
        market_value=money(valuation.market_value),
        professional_hours=valuation.professional_hours,
        national_rates=valuation.national_rates,
        market_rates=valuation.market_rates,
        beneficiaries=beneficiaries(Engagement.objects.filter(opportunity__program=program)),
        outcomes=[(e.opportunity.title, e.outcome) for e in engagements if e.outcome],
        staff_hours=evaluation.staff_hours if evaluation else ZERO,
        surveys_sent=surveys.count(),
        surveys_answered=len(answered),
        satisfaction=distribution(s.satisfaction for s in answered),
        organization_quality=distribution(s.organization_quality for s in answered),
        training=distribution(s.training for s in answered),
        recommend=distribution(s.recommend for s in answered),
        recommend_reasons=[s.recommend_reason for s in answered if s.recommend_reason],
        suggestions=[s.suggestions for s in answered if s.suggestions],
        stakeholder_responses=len(stakeholders),
        stakeholders={
            name: distribution(getattr(r, name) for r in stakeholders)
            for name in ("goals_met", "work_quality", "coordination", "continue_program")
        },
        stakeholder_comments=[r.comments for r in stakeholders if r.comments],
        withdrawal_reasons=_withdrawal_reasons(engagements),
        evaluation=evaluation,
        **reports.survey_extras(answered),
    )


# --- beneficiaries -----------------------------------------------------------------------------

@dataclass
class BeneficiaryRow:
    category: str  # a BeneficiaryCategory value, or "" for opportunities designed before it was asked
    label: str
    engagements: int  # closed engagements whose opportunity serves this category
    reported: int  # of them, those whose closing recorded a number reached
    reached: int  # the sum of the beneficiaries reached they recorded


@dataclass
class Beneficiaries:
    rows: list[BeneficiaryRow]

    @property
    def reached(self) -> int:
        return sum(row.reached for row in self.rows)

    def by_category(self) -> dict[str, int]:
        return {row.category: row.reached for row in self.rows}


def beneficiaries(engagements) -> Beneficiaries:
    """The beneficiaries reached by the closed engagements among `engagements`, by the category
    of their opportunity: one GROUP BY query. Every category is listed (0 where none)."""
    return beneficiaries_from(
        engagements.filter(status__in=CLOSED)
        .values("opportunity__beneficiary_category")
        .annotate(n=Count("pk"), reported=Count("beneficiaries_reached"), reached=Sum("beneficiaries_reached"))
        .order_by()
    )


def beneficiaries_from(grouped) -> Beneficiaries:
    """Beneficiaries from rows of closed engagements grouped by (at least) their opportunity's
    category: opportunity__beneficiary_category, n, reported, reached. Rows of the same category
    (grouped by more columns) are added up."""
    from khibra.opportunities.models import BeneficiaryCategory

    rows: dict[str, dict] = {}
    for row in grouped:
        total = rows.setdefault(row["opportunity__beneficiary_category"], {"n": 0, "reported": 0, "reached": 0})
        total["n"] += row["n"]
        total["reported"] += row["reported"]
        total["reached"] += row["reached"] or 0
    choices = [*BeneficiaryCategory.choices, *([("", _("Not recorded"))] if "" in rows else [])]
    return Beneficiaries(rows=[
        BeneficiaryRow(category=value, label=str(label), engagements=rows.get(value, {}).get("n", 0),
                       reported=rows.get(value, {}).get("reported", 0), reached=rows.get(value, {}).get("reached") or 0)
        for value, label in choices
    ])


# --- ratings ----------------------------------------------------------------------------------

def volunteer_rating(profile) -> dict:
    """The organizations' ratings of a volunteer: average of quality, timeliness and communication
    (1–5, None without reviews) and how many reviews there are. Used by matching."""
    row = VolunteerReview.objects.filter(volunteer=profile).aggregate(
        quality=Avg("quality"), timeliness=Avg("timeliness"), communication=Avg("communication"), count=Count("pk")
    )
    if not row["count"]:
        return {"average": None, "count": 0}
    average = (row["quality"] + row["timeliness"] + row["communication"]) / 3
    return {"average": round(average, 2), "count": row["count"]}


REVIEW_AVERAGES = ("scope_clarity", "support", "responsiveness")


def organization_rating(organization) -> dict | None:
    """The volunteers' ratings of an organization, or None below MIN_REVIEWS_TO_SHOW (anonymity)."""
    return rating_shown(
        OrganizationReview.objects.filter(organization=organization).aggregate(
            **{name: Avg(name) for name in REVIEW_AVERAGES}, count=Count("pk")
        )
    )


def rating_shown(row: dict) -> dict | None:
    """organization_rating() of an aggregate row (count and the REVIEW_AVERAGES), read elsewhere."""
    if row["count"] < max(1, settings.MIN_REVIEWS_TO_SHOW):
        return None
    return {
        "count": row["count"],
        "scope_clarity": round(row["scope_clarity"], 1),
        "support": round(row["support"], 1),
        "responsiveness": round(row["responsiveness"], 1),
    }


# --- relationships (step 9) -------------------------------------------------------------------

@dataclass
class Relationship:
    user: object
    kind: str  # "volunteer" or "partner"
    name: str
    last_contact: dt.date | None


def relationships(organization, *, program=None) -> list[Relationship]:
    """Past volunteers of the organization's closed engagements and the providers it worked
    with, each with the last time the organization was in touch; with `program`, only that
    program's volunteers and partners (whom its next cycle re-engages)."""
    from khibra.engagements.models import Engagement

    from .models import RelationshipContact

    contacts = dict(
        RelationshipContact.objects.filter(organization=organization).values("user_id").annotate(last=Max("created_at")).values_list("user_id", "last")
    )
    people: dict[int, Relationship] = {}
    rows = (
        Engagement.objects.filter(opportunity__organization=organization, status__in=CLOSED)
        .select_related("volunteer__user")
        .order_by("-ended_on", "-pk")
    )
    if program is not None:
        rows = rows.filter(opportunity__program=program)
    for engagement in rows:
        user = engagement.volunteer.user
        if user.pk in people:
            continue
        last = max(filter(None, [engagement.ended_on, contacts[user.pk].date() if user.pk in contacts else None]), default=None)
        people[user.pk] = Relationship(user=user, kind="volunteer", name=user.full_name, last_contact=last)
    for user in _partner_contacts(organization, program=program):
        if user.pk in people:
            continue
        people[user.pk] = Relationship(
            user=user, kind="partner", name=user.full_name, last_contact=contacts[user.pk].date() if user.pk in contacts else None
        )
    return list(people.values())


def _partner_contacts(organization, *, program=None) -> list:
    """The admins of provider organizations on the shortlists of this organization's
    opportunities or in a partnership agreement that was not withdrawn (step 4's partners); with
    `program`, of that program's opportunities only."""
    from khibra.agreements.models import PartnerAgreement, ShortlistEntry
    from khibra.organizations.models import Membership

    scope = {"opportunity__organization": organization}
    if program is not None:
        scope["opportunity__program"] = program
    provider_ids = set(
        ShortlistEntry.objects.filter(**scope, provider__isnull=False).values_list("provider_id", flat=True)
    ) | set(
        PartnerAgreement.objects.filter(**scope).exclude(status="withdrawn").values_list("partner_id", flat=True)
    )
    if not provider_ids:
        return []
    return [
        m.user
        for m in Membership.objects.active().filter(organization_id__in=provider_ids, role="admin").select_related("user").order_by("pk")
    ]
