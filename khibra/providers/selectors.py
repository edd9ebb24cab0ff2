"""Reads for the provider pages and for the non-profits' side. Nothing here writes."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from khibra.agreements.models import PartnerAgreement, PartnerAgreementStatus
from khibra.certificates.models import Certificate
from khibra.engagements.models import Engagement, EngagementStatus
from khibra.evaluation.models import SURVEY_RATINGS, VolunteerSurvey
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization

from .models import MemberStatus, Participation, ParticipationStatus, ProviderMember, ProviderSuggestion


# --- privacy ------------------------------------------------------------------------------------


def visible_provider(volunteer_profile, viewer_organization: Organization | None) -> Organization | None:
    """The volunteer's employer as `viewer_organization` may see it.

    A provider sees itself as the employer of its own verified members. Anybody else (a
    non-profit) sees the employer only when the volunteer allowed it (share_with_nonprofits);
    without that permission the answer is None, exactly as if there were no employer.
    """
    if volunteer_profile is None:
        return None
    members = ProviderMember.objects.verified().filter(user_id=volunteer_profile.user_id).select_related("provider")
    if viewer_organization is not None:
        own = members.filter(provider=viewer_organization).first()
        if own is not None:
            return own.provider
    shared = members.filter(share_with_nonprofits=True).order_by("verified_at", "pk").first()
    return shared.provider if shared is not None else None


def visible_providers(user_ids, viewer_organization: Organization | None) -> dict[int, Organization]:
    """`visible_provider` for many volunteers at once (by user id), in one query: for boards."""
    rows = (
        ProviderMember.objects.verified()
        .filter(user_id__in=list(user_ids))
        .filter(Q(share_with_nonprofits=True) | Q(provider=viewer_organization))
        .select_related("provider")
        .order_by("verified_at", "pk")
    )
    found: dict[int, Organization] = {}
    for member in rows:
        if member.provider_id == getattr(viewer_organization, "pk", None):
            found[member.user_id] = member.provider  # a provider always sees itself first
        else:
            found.setdefault(member.user_id, member.provider)
    return found


# --- partnerships -------------------------------------------------------------------------------


def signed_agreements(provider: Organization):
    return (
        PartnerAgreement.objects.filter(partner=provider, status=PartnerAgreementStatus.SIGNED)
        .select_related("organization", "opportunity")
        .order_by("-ends_on", "-pk")
    )


def partner_nonprofits(provider: Organization):
    """Non-profits with a signed partner agreement with the provider that has not ended."""
    today = timezone.localdate()
    return Organization.objects.filter(
        partner_agreements__partner=provider,
        partner_agreements__status=PartnerAgreementStatus.SIGNED,
        partner_agreements__ends_on__gte=today,
    ).distinct()


def suggestable_opportunities(provider: Organization):
    """Open opportunities (published, seats left) of the provider's current partner non-profits."""
    from django.db.models import F

    return (
        Opportunity.objects.public()
        .filter(organization__in=partner_nonprofits(provider), seats_filled__lt=F("seats"))
        .select_related("organization")
        .order_by("organization__name_ar", "title")
    )


def suggestions_for_nonprofit(organization: Organization):
    """What providers suggested for the non-profit's opportunities. Only members who allowed
    their employer to be shown appear: the suggestion itself names the employer."""
    return (
        ProviderSuggestion.objects.filter(
            opportunity__organization=organization,
            member__status=MemberStatus.VERIFIED,
            member__share_with_nonprofits=True,
        )
        .select_related("provider", "member__user__volunteer_profile__profession", "opportunity")
        .order_by("-created_at")
    )


# --- the provider's figures ---------------------------------------------------------------------


def program_engagements(provider: Organization):
    """Engagements the provider approved for its members."""
    return Engagement.objects.filter(
        provider_participations__member__provider=provider,
        provider_participations__status=ParticipationStatus.APPROVED,
    ).distinct()


def provider_hours(provider: Organization, **filters) -> Decimal:
    total = HourEntry.objects.approved().filter(provider=provider, **filters).aggregate(t=Sum("hours"))["t"]
    return total or Decimal("0")


@dataclass
class SurveyAverages:
    count: int
    shown: bool
    averages: dict = field(default_factory=dict)


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


@dataclass
class ProviderSummary:
    members_verified: int
    members_pending: int
    invitations_open: int
    participations_pending: int
    engagements_active: int
    engagements_completed: int
    hours: Decimal
    paid_hours: Decimal
    certificates: int
    surveys: SurveyAverages
    partners: list


def provider_summary(provider: Organization) -> ProviderSummary:
    counts = ProviderMember.objects.filter(provider=provider).aggregate(
        verified=Count("pk", filter=Q(status=MemberStatus.VERIFIED)),
        pending=Count("pk", filter=Q(status=MemberStatus.PENDING)),
        invited=Count("pk", filter=Q(status=MemberStatus.INVITED, invitation_expires_at__gt=timezone.now())),
    )
    engagements = program_engagements(provider)
    paid = Participation.objects.filter(member__provider=provider, status=ParticipationStatus.APPROVED, paid_time=True)
    return ProviderSummary(
        members_verified=counts["verified"],
        members_pending=counts["pending"],
        invitations_open=counts["invited"],
        participations_pending=Participation.objects.filter(
            member__provider=provider, status=ParticipationStatus.PENDING
        ).count(),
        engagements_active=engagements.filter(status=EngagementStatus.ACTIVE).count(),
        engagements_completed=engagements.filter(status=EngagementStatus.COMPLETED).count(),
        hours=provider_hours(provider),
        paid_hours=provider_hours(provider, engagement__in=paid.values("engagement")),
        certificates=Certificate.objects.valid().filter(engagement__in=engagements).count(),
        surveys=survey_averages(provider),
        partners=list(signed_agreements(provider)),
    )


def members_of(provider: Organization, *, status: str = "", field=None, skill: str = "", program=None):
    """The provider's people (not open invitations) with what the list shows."""
    members = (
        ProviderMember.objects.filter(provider=provider, user__isnull=False)
        .select_related("user__volunteer_profile__profession", "program")
        .prefetch_related("user__volunteer_profile__skills", "user__volunteer_profile__fields")
        .order_by("user__full_name", "pk")
    )
    if status:
        members = members.filter(status=status)
    if field is not None:
        members = members.filter(user__volunteer_profile__fields=field)
    if skill:
        members = members.filter(
            Q(user__volunteer_profile__skills__name_ar__icontains=skill) | Q(user__volunteer_profile__skills__name_en__icontains=skill)
        )
    if program is not None:
        members = members.filter(program=program)
    return members.distinct()


def open_invitations(provider: Organization):
    return ProviderMember.objects.filter(provider=provider, status=MemberStatus.INVITED).order_by("-created_at")


def participations_of(provider: Organization, *, status: str = ""):
    rows = (
        Participation.objects.filter(member__provider=provider)
        .select_related("member__user", "member__program", "engagement__opportunity__organization")
        .order_by("-created_at", "-pk")
    )
    return rows.filter(status=status) if status else rows


@dataclass
class MemberRecord:
    participations: list
    hours: Decimal
    certificates: list


def member_record(member: ProviderMember) -> MemberRecord:
    """What the provider may see of one verified member: the engagements it approved or was asked
    about, the hours tagged with the provider, the certificates of the approved engagements."""
    participations = list(participations_of(member.provider).filter(member=member))
    approved = [p.engagement_id for p in participations if p.status == ParticipationStatus.APPROVED]
    profile_id = getattr(getattr(member.user, "volunteer_profile", None), "pk", None)
    hours = provider_hours(member.provider, volunteer_id=profile_id) if profile_id else Decimal("0")
    certificates = list(Certificate.objects.valid().filter(engagement_id__in=approved).order_by("-issued_at"))
    return MemberRecord(participations=participations, hours=hours, certificates=certificates)


def provider_for_hours(engagement) -> int | None:
    """The provider whose approved participation covers this engagement (its member still
    verified), for the provider tag of hours; None otherwise."""
    return (
        Participation.objects.filter(
            engagement=engagement, status=ParticipationStatus.APPROVED, member__status=MemberStatus.VERIFIED
        )
        .order_by("decided_at", "pk")
        .values_list("member__provider_id", flat=True)
        .first()
    )
