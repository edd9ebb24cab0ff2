"""Demo provider programs for Madar (company) and Al-Sarat (university): programs, domains,
verified members (by accepted invitation: the demo volunteers' addresses are all at the demo
domain, so changing them would break their log-ins), a signed partner agreement with a demo
non-profit, engagements approved for the programs, and approved hours tagged with the provider.

Everything goes through the services; keyed on names and people, so a second run adds nothing.
The only direct write is the backfill of the provider tag on hours logged before a participation
was approved (hours services tag new entries only)."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from khibra.accounts.models import User
from khibra.agreements import services as agreement_services
from khibra.agreements.models import PartnerAgreement, PartnerAgreementStatus
from khibra.agreements.services import current_agreement
from khibra.engagements.models import Engagement, EngagementStatus
from khibra.hours import services as hour_services
from khibra.hours.models import HourEntry
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership, Organization
from khibra.providers import services
from khibra.providers.models import (
    Audience,
    MemberStatus,
    Participation,
    ParticipationStatus,
    ProviderDomain,
    ProviderMember,
    ProviderProgram,
)
from khibra.recruitment.services import applications
from khibra.volunteers.models import VolunteerProfile

from .agreements import accept_current_agreement


@dataclass(frozen=True)
class DemoProgram:
    name: str
    audience: str
    counts_as_work_time: bool
    max_hours_per_month: int | None
    members: tuple[str, ...]  # e-mail addresses of demo volunteers


@dataclass(frozen=True)
class DemoProvider:
    kind: str
    registration_number: str
    domain: str
    partner_registration_number: str  # the demo non-profit it partners with
    programs: tuple[DemoProgram, ...]
    sharing: tuple[str, ...]  # members who allow non-profits to see the employer


PROVIDERS = (
    DemoProvider(
        kind="company",
        registration_number="2051048327",
        domain="madar.example",
        partner_registration_number="1187",
        programs=(
            DemoProgram(
                "برنامج مدار للتطوع المهني", Audience.EMPLOYEES, True, 16,
                ("abdullah.alghamdi@khibra.example", "khalid.alshammari@khibra.example", "turki.almutairi@khibra.example"),
            ),
        ),
        sharing=("abdullah.alghamdi@khibra.example", "khalid.alshammari@khibra.example"),
    ),
    DemoProvider(
        kind="university",
        registration_number="1429",
        domain="sarat.example",
        partner_registration_number="2241",
        programs=(
            DemoProgram("خدمة المجتمع لأعضاء هيئة التدريس", Audience.FACULTY, False, None,
                        ("mohammed.alqahtani@khibra.example", "ahmed.altayeb@khibra.example")),
            DemoProgram("التطوع المهني لطلبة الدراسات العليا", Audience.GRADUATE_STUDENTS, False, 20,
                        ("ghada.alharthi@khibra.example",)),
        ),
        sharing=("mohammed.alqahtani@khibra.example",),
    ),
)
DEMO_HOURS = Decimal("3")


def _staff(organization: Organization, role: str) -> User | None:
    membership = Membership.objects.active().filter(organization=organization, role=role).select_related("user").first()
    return membership.user if membership else None


def load(report) -> None:
    today = timezone.localdate()
    for spec in PROVIDERS:
        provider = Organization.objects.filter(kind=spec.kind, registration_number=spec.registration_number).first()
        if provider is None:
            continue
        admin = _staff(provider, Membership.Role.ADMIN)
        coordinator = _staff(provider, Membership.Role.COORDINATOR) or admin
        if admin is None:
            continue
        if not ProviderDomain.objects.filter(domain=spec.domain).exists():
            services.add_domain(provider=provider, by=admin, domain=spec.domain)
        partner = Organization.objects.filter(kind="nonprofit", registration_number=spec.partner_registration_number).first()
        if partner is not None:
            _partnership(provider, partner, coordinator, today)
        for program_spec in spec.programs:
            program = ProviderProgram.objects.filter(provider=provider, name=program_spec.name).first()
            if program is None:
                program = services.create_program(
                    provider=provider, by=admin, name=program_spec.name, audience=program_spec.audience,
                    counts_as_work_time=program_spec.counts_as_work_time, max_hours_per_month=program_spec.max_hours_per_month,
                    starts_on=today - dt.timedelta(days=90), ends_on=today + dt.timedelta(days=275),
                )
            for address in program_spec.members:
                member = _member(provider, program, address, coordinator, share=address in spec.sharing)
                if member is not None:
                    _engagement(member, coordinator, paid=program.counts_as_work_time, partner=partner)
        _backfill_hours(provider)


def _partnership(provider: Organization, partner: Organization, coordinator: User, today: dt.date) -> None:
    if PartnerAgreement.objects.filter(partner=provider, organization=partner, status=PartnerAgreementStatus.SIGNED).exists():
        return
    manager = _staff(partner, Membership.Role.VOLUNTEER_MANAGER) or _staff(partner, Membership.Role.ADMIN)
    opportunity = (
        Opportunity.objects.public().filter(organization=partner).order_by("pk").first()
    )
    if manager is None or opportunity is None or current_agreement(opportunity) is None:
        return
    agreement = (
        PartnerAgreement.objects.filter(partner=provider, organization=partner, status__in=["draft", "proposed"]).first()
        or agreement_services.create_partner_agreement(
            organization=partner, partner=provider, opportunity=opportunity, by=manager,
            impact_preamble="أن يستفيد المجتمع من خبرات موظفي الشريك في تطوير خدمات الجمعية.",
            volunteers_count=3, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=335),
            partner_obligations="ترشيح متطوعين مؤهلين من منسوبي الشريك ومتابعة مشاركتهم.",
            communication_channels="البريد الإلكتروني واجتماع مرئي",
            communication_frequency="اجتماع كل أسبوعين",
            deliverables_follow_up="يراجع مشرف الجمعية المخرجات في مساحة العمل ويعتمدها.",
        )
    )
    if agreement.status == PartnerAgreementStatus.DRAFT:
        agreement = agreement_services.propose_partner_agreement(agreement=agreement, by=manager)
    agreement = agreement_services.accept_partner_agreement(agreement=agreement, by=manager)
    agreement_services.accept_partner_agreement(agreement=agreement, by=coordinator)


def _member(provider, program, address: str, coordinator, *, share: bool) -> ProviderMember | None:
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        return None
    member = ProviderMember.objects.filter(provider=provider, user=user).first()
    if member is None:
        invitation = services.invite_member(provider=provider, by=coordinator, email=address, program=program)
        member = services.accept_invitation(member=invitation, user=user)
    if member.status != MemberStatus.VERIFIED:
        return None
    if member.share_with_nonprofits != share:
        member = services.set_sharing(member=member, by=user, share=share)
    return member


def _engagement(member: ProviderMember, coordinator, *, paid: bool, partner) -> None:
    """An engagement approved for the program, with approved hours. Reuses one the volunteer
    has; otherwise applies to an open opportunity (the partner's first) and is accepted."""
    profile = VolunteerProfile.objects.filter(user=member.user).first()
    if profile is None:
        return
    engagement = Engagement.objects.filter(volunteer=profile, status=EngagementStatus.ACTIVE).order_by("pk").first()
    if engagement is None:
        engagement = _start(profile, partner)
    if engagement is None:
        return
    services.open_participations(engagement=engagement)
    participation = Participation.objects.filter(member=member, engagement=engagement).first()
    if participation is not None and participation.status == ParticipationStatus.PENDING:
        services.approve_participation(participation=participation, by=coordinator, paid_time=paid)
    if not HourEntry.objects.filter(engagement=engagement).exists():
        _hours(engagement)


def _start(profile: VolunteerProfile, partner) -> Engagement | None:
    # Individual work only: team opportunities belong to teams (khibra/demo/teams.py), and a
    # second run must not find a team opportunity the first run created after this step.
    candidates = Opportunity.objects.public().exclude(execution_mode="team").order_by("pk")
    if partner is not None:  # the partner's opportunities first
        candidates = list(candidates.filter(organization=partner)) + list(candidates.exclude(organization=partner))
    for opportunity in candidates:
        if applications.apply_blockers(opportunity=opportunity, volunteer=profile):
            continue
        manager = _staff(opportunity.organization, Membership.Role.VOLUNTEER_MANAGER) or _staff(opportunity.organization, Membership.Role.ADMIN)
        if manager is None:
            continue
        try:
            application = applications.apply(
                opportunity=opportunity, volunteer=profile,
                motivation="أعمل في هذا المجال منذ سنوات، وبرنامج التطوع المهني لجهة عملي يشجعني على المساهمة.",
                answers={str(q.pk): "نعم، لدي خبرة عملية في هذا النوع من المشاريع." for q in opportunity.screening_questions.all()},
                availability_confirmed=True,
            )
            return applications.accept_application(application=application, by=manager)
        except ValidationError:
            continue
    return None


def _hours(engagement: Engagement) -> None:
    organization = engagement.opportunity.organization
    accept_current_agreement(engagement)  # hours open once the agreement is accepted
    entry = hour_services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=engagement.started_on or timezone.localdate(),
        hours=min(DEMO_HOURS, engagement.opportunity.hours_per_week * 2), note="اجتماع التعرف على المشروع ومراجعة المتطلبات.",
        confirm_over_plan=True,
    )
    reviewer = engagement.opportunity.supervisor or _staff(organization, Membership.Role.VOLUNTEER_MANAGER) or _staff(organization, Membership.Role.ADMIN)
    if reviewer is not None:
        hour_services.approve_hours(entry=entry, by=reviewer)


def _backfill_hours(provider: Organization) -> None:
    approved = Participation.objects.filter(
        member__provider=provider, status=ParticipationStatus.APPROVED, member__status=MemberStatus.VERIFIED
    ).values("engagement")
    HourEntry.objects.filter(engagement__in=approved, provider__isnull=True).update(provider=provider)


def figures(provider: Organization) -> dict:
    """What the demo shows for a provider (used by the tests)."""
    return {
        "members": ProviderMember.objects.filter(provider=provider, status=MemberStatus.VERIFIED).count(),
        "hours": HourEntry.objects.approved().filter(provider=provider).aggregate(t=Sum("hours"))["t"] or Decimal("0"),
    }
