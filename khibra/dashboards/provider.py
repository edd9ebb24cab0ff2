"""The provider's dashboard and the figures of its program page that the apps above providers own
(providers.hooks: hours, certificates, surveys). Nothing here writes."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from khibra.certificates.models import Certificate
from khibra.engagements.models import EngagementStatus
from khibra.evaluation.models import SURVEY_RATINGS, VolunteerSurvey
from khibra.evaluation.selectors import Valuation, value_hours
from khibra.hours.models import HourEntry
from khibra.organizations.models import Organization
from khibra.providers.models import Participation, ParticipationStatus, ProviderMember
from khibra.providers.selectors import SurveyAverages, partner_nonprofits, program_engagements, provider_summary

from .figures import ZERO, Month, monthly_hours


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
    active = program_engagements(provider).filter(status=EngagementStatus.ACTIVE).values("volunteer__user_id")
    return ProviderMember.objects.verified().filter(provider=provider, user_id__in=active).count()


def provider_partners(provider, valuation: Valuation) -> list[PartnerRow]:
    """The non-profits the members gave hours to, and the current partners (even without hours)."""
    by_organization = valuation.grouped(lambda row: row["organization_id"])
    partner_ids = set(partner_nonprofits(provider).values_list("pk", flat=True))
    organizations = Organization.objects.in_bulk(partner_ids | set(by_organization))
    rows = [
        PartnerRow(pk, organization.name, pk in partner_ids, *by_organization.get(pk, (ZERO, ZERO, ZERO)))
        for pk, organization in organizations.items()
    ]
    return sorted(rows, key=lambda row: (-row.hours, row.name))


def provider_dashboard(provider, *, today: dt.date | None = None) -> ProviderDashboard:
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


# --- the program page's figures (providers.hooks) ------------------------------------------------


def provider_hours(provider: Organization, **filters) -> Decimal:
    total = HourEntry.objects.approved().filter(provider=provider, **filters).aggregate(t=Sum("hours"))["t"]
    return total or ZERO


def survey_averages(provider: Organization) -> SurveyAverages:
    """Averages of the members' answered completion surveys on program engagements; hidden below
    MIN_REVIEWS_TO_SHOW so no single answer can be read back."""
    answered = VolunteerSurvey.objects.filter(
        answered_at__isnull=False, engagement__in=program_engagements(provider)
    )
    row = answered.aggregate(count=Count("pk"), **{name: Avg(name) for name in SURVEY_RATINGS})
    count = row.pop("count")
    if count < max(1, settings.MIN_REVIEWS_TO_SHOW):
        return SurveyAverages(count=count, shown=False)
    return SurveyAverages(count=count, shown=True, averages={name: round(value, 1) for name, value in row.items()})


def program_figures(provider: Organization) -> dict:
    """The provider summary's approved hours (of them on paid work time), valid certificates of
    the program's engagements and the members' survey averages (providers.hooks.program_figures)."""
    paid = Participation.objects.filter(member__provider=provider, status=ParticipationStatus.APPROVED, paid_time=True)
    return {
        "hours": provider_hours(provider),
        "paid_hours": provider_hours(provider, engagement__in=paid.values("engagement")),
        "certificates": Certificate.objects.valid().filter(engagement__in=program_engagements(provider)).count(),
        "surveys": survey_averages(provider),
    }


def member_figures(member: ProviderMember, *, engagement_ids) -> dict:
    """One verified member's hours tagged with the provider and the valid certificates of the
    engagements it approved (providers.hooks.member_figures)."""
    profile_id = getattr(getattr(member.user, "volunteer_profile", None), "pk", None)
    hours = provider_hours(member.provider, volunteer_id=profile_id) if profile_id else ZERO
    certificates = list(Certificate.objects.valid().filter(engagement_id__in=engagement_ids).order_by("-issued_at"))
    return {"hours": hours, "certificates": certificates}
