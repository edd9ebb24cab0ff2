"""Reads for the provider pages and for the non-profits' side. Nothing here writes."""

from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db.models import Count, Q
from django.utils import timezone

from khibra.agreements.models import PartnerAgreement, PartnerAgreementStatus
from khibra.engagements.models import Engagement, EngagementStatus
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization

from . import hooks
from .models import MemberStatus, Participation, ParticipationStatus, ProviderMember, ProviderSuggestion

ZERO = Decimal("0")


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


# --- joining by a work address ------------------------------------------------------------------


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower() if "@" in (address or "") else ""


def verified_domains_of(user) -> set[str]:
    """The domains of the user's verified (allauth) e-mail addresses."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {email_domain(a) for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


def providers_by_domain(user):
    """Verified providers the user may join at once through a verified work address."""
    return Organization.objects.providers().verified().filter(provider_domains__domain__in=verified_domains_of(user)).distinct()


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


@dataclass
class SurveyAverages:
    count: int
    shown: bool
    averages: dict = field(default_factory=dict)


@dataclass
class ProviderSummary:
    members_verified: int
    members_pending: int
    invitations_open: int
    participations_pending: int
    engagements_active: int
    engagements_completed: int
    partners: list
    # Owned by the apps above providers (hooks.program_figures):
    hours: Decimal = ZERO
    paid_hours: Decimal = ZERO
    certificates: int = 0
    surveys: SurveyAverages = field(default_factory=lambda: SurveyAverages(count=0, shown=False))


def provider_summary(provider: Organization) -> ProviderSummary:
    counts = ProviderMember.objects.filter(provider=provider).aggregate(
        verified=Count("pk", filter=Q(status=MemberStatus.VERIFIED)),
        pending=Count("pk", filter=Q(status=MemberStatus.PENDING)),
        invited=Count("pk", filter=Q(status=MemberStatus.INVITED, invitation_expires_at__gt=timezone.now())),
    )
    engagements = program_engagements(provider)
    return ProviderSummary(
        members_verified=counts["verified"],
        members_pending=counts["pending"],
        invitations_open=counts["invited"],
        participations_pending=Participation.objects.filter(
            member__provider=provider, status=ParticipationStatus.PENDING
        ).count(),
        engagements_active=engagements.filter(status=EngagementStatus.ACTIVE).count(),
        engagements_completed=engagements.filter(status=EngagementStatus.COMPLETED).count(),
        partners=list(signed_agreements(provider)),
        **hooks.program_figures.first(provider, default={}),
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
    # Owned by the apps above providers (hooks.member_figures):
    hours: Decimal = ZERO
    certificates: list = field(default_factory=list)


def member_record(member: ProviderMember) -> MemberRecord:
    """What the provider may see of one verified member: the engagements it approved or was asked
    about, the hours tagged with the provider, the certificates of the approved engagements."""
    participations = list(participations_of(member.provider).filter(member=member))
    approved = [p.engagement_id for p in participations if p.status == ParticipationStatus.APPROVED]
    figures = hooks.member_figures.first(member, engagement_ids=approved, default={})
    return MemberRecord(participations=participations, **figures)


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
