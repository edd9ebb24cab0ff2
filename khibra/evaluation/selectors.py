"""Reads for the evaluation pages: the program evaluation's figures, ratings, relationships.
Nothing here writes."""

from collections import Counter
from dataclasses import dataclass, field
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Max, Q

from khibra.core.models import AuditEvent

from .models import (
    HourlyValue,
    OrganizationReview,
    ProgramEvaluation,
    StakeholderResponse,
    VolunteerReview,
    VolunteerSurvey,
)

ZERO = Decimal("0")
CLOSED = ("completed", "not_completed", "withdrawn")


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

    @property
    def completion_rate(self) -> float | None:
        """Completed engagements among the closed ones, in percent."""
        return round(100 * self.completed / self.closed, 1) if self.closed else None

    @property
    def withdrawal_rate(self) -> float | None:
        return round(100 * self.withdrawn / self.closed, 1) if self.closed else None

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.surveys_answered / self.surveys_sent, 1) if self.surveys_sent else None

    @property
    def value_per_staff_hour(self) -> Decimal | None:
        """Economic value created for each hour of staff time invested."""
        return (self.economic_value / self.staff_hours).quantize(Decimal("0.01")) if self.staff_hours else None


def hourly_value(field_id: int | None, year: int) -> Decimal:
    """The value of one hour in a field and year: the field's own row, else the national
    default of that year, else the latest default before it (0 when none is configured)."""
    rows = HourlyValue.objects.filter(Q(field_id=field_id) | Q(field__isnull=True), year__lte=year).order_by("-year")
    best = None
    for row in rows:
        if field_id is not None and row.field_id == field_id and row.year == year:
            return row.value_sar
        if row.field_id is None and best is None:
            best = row
    if best is None:
        fallback = HourlyValue.objects.filter(field__isnull=True).order_by("year").first()
        return fallback.value_sar if fallback else ZERO
    return best.value_sar


def _hours_by_engagement(ids: list[int]) -> dict[int, Decimal]:
    try:
        from khibra.hours.selectors import approved_hours_by_engagement
    except ImportError:  # the hours app is not installed yet
        return {pk: ZERO for pk in ids}
    return approved_hours_by_engagement(ids)


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

    engagements = list(
        Engagement.objects.filter(opportunity__program=program).select_related("opportunity").prefetch_related("opportunity__fields")
    )
    statuses = Counter(e.status for e in engagements)
    hours = _hours_by_engagement([e.pk for e in engagements])
    total_hours = sum(hours.values(), ZERO)
    year = program.starts_on.year
    value = ZERO
    cache: dict[int | None, Decimal] = {}
    for engagement in engagements:
        fields = sorted(engagement.opportunity.fields.all(), key=lambda f: f.pk)
        field_id = fields[0].pk if fields else None
        if field_id not in cache:
            cache[field_id] = hourly_value(field_id, year)
        value += hours[engagement.pk] * cache[field_id]
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
        hours=total_hours,
        economic_value=value.quantize(Decimal("0.01")),
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
    )


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


def organization_rating(organization) -> dict | None:
    """The volunteers' ratings of an organization, or None below MIN_REVIEWS_TO_SHOW (anonymity)."""
    row = OrganizationReview.objects.filter(organization=organization).aggregate(
        scope_clarity=Avg("scope_clarity"), support=Avg("support"), responsiveness=Avg("responsiveness"), count=Count("pk")
    )
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


def relationships(organization) -> list[Relationship]:
    """Past volunteers of the organization's closed engagements and the providers it worked
    with, each with the last time the organization was in touch."""
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
    for engagement in rows:
        user = engagement.volunteer.user
        if user.pk in people:
            continue
        last = max(filter(None, [engagement.ended_on, contacts[user.pk].date() if user.pk in contacts else None]), default=None)
        people[user.pk] = Relationship(user=user, kind="volunteer", name=user.full_name, last_contact=last)
    for user in _partner_contacts(organization):
        if user.pk in people:
            continue
        people[user.pk] = Relationship(
            user=user, kind="partner", name=user.full_name, last_contact=contacts[user.pk].date() if user.pk in contacts else None
        )
    return list(people.values())


def _partner_contacts(organization) -> list:
    """The admins of provider organizations on the shortlists of this organization's
    opportunities (step 4's partners)."""
    from khibra.agreements.models import ShortlistEntry
    from khibra.organizations.models import Membership

    provider_ids = set(
        ShortlistEntry.objects.filter(opportunity__organization=organization, provider__isnull=False).values_list("provider_id", flat=True)
    )
    if not provider_ids:
        return []
    return [
        m.user
        for m in Membership.objects.active().filter(organization_id__in=provider_ids, role="admin").select_related("user").order_by("pk")
    ]
