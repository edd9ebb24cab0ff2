"""Demo teams: Madar's team project (two of its verified members, the first one leads) takes on a
team opportunity of a demo non-profit, is accepted and logs approved hours per member; and an
ordinary volunteer team with a pending invitation. Runs after demo.providers.

Everything goes through the services; keyed on team names, so a second run adds nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from khibra.accounts.models import User
from khibra.agreements import services as agreement_services
from khibra.engagements.models import EngagementStatus
from khibra.hours import services as hour_services
from khibra.hours.models import HourEntry
from khibra.opportunities import services as opportunity_services
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership, Organization
from khibra.programs.models import ExecutionMode
from khibra.providers.models import ProviderMember
from khibra.reference.models import Field
from khibra.teams import selectors, services
from khibra.teams.models import AssignmentStatus, Team, TeamAssignment, TeamEngagement, TeamMember, TeamMemberStatus
from khibra.volunteers.models import VolunteerProfile

from .agreements import accept_current_agreement

PROVIDER_REGISTRATION = "2051048327"  # Madar (company)
PROVIDER_TEAM = "فريق مدار للتحول الرقمي"
PARTNER_REGISTRATION = "1187"  # Rabee, Madar's partner non-profit
TEAM_OPPORTUNITY = "فريق تطوير تطبيق متابعة المستفيدين"
# The lead first; verified members of Madar (demo/providers.py).
PROVIDER_MEMBERS = ("khalid.alshammari@khibra.example", "turki.almutairi@khibra.example")
VOLUNTEER_TEAM = "فريق خبراء جدة"
VOLUNTEER_MEMBERS = ("sara.alotaibi@khibra.example", "noura.alshehri@khibra.example")  # the lead first; joined
VOLUNTEER_INVITED = "reem.aldosari@khibra.example"
HOURS_PER_MEMBER = (Decimal("4"), Decimal("2.5"))
MOTIVATION = "فريق من موظفي مدار يعمل معًا في مشاريع الهوية والتحول الرقمي، ويخصص ساعات من وقت العمل لهذا المشروع."


def _staff(organization: Organization, *roles: str) -> User | None:
    for role in roles:
        membership = Membership.objects.active().filter(organization=organization, role=role).select_related("user").first()
        if membership is not None:
            return membership.user
    return None


def _profiles(addresses) -> list[VolunteerProfile]:
    found = {p.user.email.lower(): p for p in VolunteerProfile.objects.select_related("user").filter(user__email__in=addresses)}
    return [found[address] for address in addresses if address in found]


def load(report) -> None:
    provider = Organization.objects.filter(kind="company", registration_number=PROVIDER_REGISTRATION).first()
    if provider is not None:
        _provider_team(provider)
    _volunteer_team()


def _team_opportunity(team: Team) -> Opportunity | None:
    """A published team opportunity of a demo non-profit with room for the team; when there is
    none, Madar's partner non-profit designs and publishes one through the services."""
    for opportunity in Opportunity.objects.public().filter(execution_mode=ExecutionMode.TEAM).order_by("pk"):
        errors, by_member = selectors.team_blockers(team=team, opportunity=opportunity)
        if not errors and not by_member:
            return opportunity
    organization = Organization.objects.filter(kind="nonprofit", registration_number=PARTNER_REGISTRATION).first()
    manager = _staff(organization, Membership.Role.VOLUNTEER_MANAGER, Membership.Role.ADMIN) if organization else None
    field = Field.objects.filter(code="digital-infrastructure").first()
    if manager is None or field is None or Opportunity.objects.filter(organization=organization, title=TEAM_OPPORTUNITY).exists():
        return None
    today = timezone.localdate()
    opportunity = opportunity_services.create_opportunity(
        organization=organization, by=manager, title=TEAM_OPPORTUNITY,
        description="بناء تطبيق ويب تتابع به الجمعية ملفات المستفيدين وزياراتهم وتقارير الأثر، بفريق يجمع التطوير والتصميم.",
        deliverables="تطبيق مختبر ومنشور على خوادم الجمعية، مع دليل استخدام وتدريب للموظفين.",
        responsibilities="اجتماع أسبوعي مع فريق البرامج وتقرير أسبوعي.",
        execution_mode=ExecutionMode.TEAM, team_size=3, seats=3, nature="remote",
        duration_days=60, hours_per_day=Decimal("2"), hours_per_week=Decimal("6"),
        starts_on=today, ends_on=today + dt.timedelta(days=90), fields=[field],
        tasks=[
            {"title": "تحليل المتطلبات مع فريق البرامج", "due_on": today + dt.timedelta(days=14)},
            {"title": "نسخة أولى من التطبيق", "due_on": today + dt.timedelta(days=45)},
        ],
    )
    opportunity_services.choose_service_model(
        opportunity=opportunity, model="team_project", reasoning="مشروع محدد المخرجات ينفذه فريق من شركة شريكة.", by=manager
    )
    agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager)
    opportunity = opportunity_services.publish_opportunity(opportunity=opportunity, by=manager)
    if team.provider_id is not None:
        _partnership(team.provider, opportunity, manager, today)
    errors, by_member = selectors.team_blockers(team=team, opportunity=opportunity)
    return None if errors or by_member else opportunity


def _partnership(provider: Organization, opportunity: Opportunity, manager: User, today: dt.date) -> None:
    """The non-profit and the provider sign a partnership for the team's opportunity (annex A is
    its volunteer agreement): a provider's team works under one."""
    coordinator = _staff(provider, Membership.Role.COORDINATOR, Membership.Role.ADMIN)
    if coordinator is None:
        return
    agreement = agreement_services.create_partner_agreement(
        organization=opportunity.organization, partner=provider, opportunity=opportunity, by=manager,
        impact_preamble="أن تحصل الجمعية على تطبيق يتابع المستفيدين بخبرة فريق من موظفي الشريك.",
        volunteers_count=opportunity.team_size, starts_on=today, ends_on=opportunity.ends_on,
        partner_obligations="تفريغ أعضاء الفريق ست ساعات أسبوعيًا طوال مدة المشروع.",
        communication_channels="البريد الإلكتروني ومجموعة عمل", communication_frequency="اجتماع أسبوعي",
        deliverables_follow_up="مراجعة كل مرحلة مع مشرف الجمعية.",
    )
    agreement_services.propose_partner_agreement(agreement=agreement, by=manager)
    agreement_services.accept_partner_agreement(agreement=agreement, by=manager)
    agreement_services.accept_partner_agreement(agreement=agreement, by=coordinator)


def _provider_team(provider: Organization) -> None:
    coordinator = _staff(provider, Membership.Role.COORDINATOR, Membership.Role.ADMIN)
    verified = set(ProviderMember.objects.verified().filter(provider=provider).values_list("user__email", flat=True))
    profiles = [p for p in _profiles(PROVIDER_MEMBERS) if p.user.email in verified]
    if coordinator is None or len(profiles) < 2:
        return
    team = Team.objects.filter(provider=provider, name=PROVIDER_TEAM).first()
    if team is None:
        team = services.create_team(
            by=coordinator, provider=provider, name=PROVIDER_TEAM, leader=profiles[0], members=profiles[1:],
            description="فريق من مهندسي مدار يتولى مشروعًا كاملًا لجمعية شريكة ضمن برنامج التطوع المهني.",
        )
    assignment = TeamAssignment.objects.filter(team=team).first()
    if assignment is None:
        opportunity = _team_opportunity(team)
        if opportunity is None:
            return
        assignment = services.apply_as_team(
            team=team, opportunity=opportunity, by=team.leader, motivation=MOTIVATION,
            answers={str(q.pk): "نعم، أنجزنا مشاريع مماثلة." for q in opportunity.screening_questions.all()},
            availability_confirmed=True,
        )
    if assignment.status == AssignmentStatus.APPLIED:
        manager = _staff(assignment.opportunity.organization, Membership.Role.VOLUNTEER_MANAGER, Membership.Role.ADMIN)
        if manager is None:
            return
        services.accept_assignment(assignment=assignment, by=manager)
    _hours(assignment)


def _hours(assignment: TeamAssignment) -> None:
    organization = assignment.opportunity.organization
    reviewer = assignment.opportunity.supervisor or _staff(organization, Membership.Role.VOLUNTEER_MANAGER, Membership.Role.ADMIN)
    links = TeamEngagement.objects.filter(assignment=assignment).select_related("engagement__volunteer__user").order_by("pk")
    for index, link in enumerate(links):
        engagement = link.engagement
        if engagement.status != EngagementStatus.ACTIVE or HourEntry.objects.filter(engagement=engagement).exists():
            continue
        accept_current_agreement(engagement)  # each member's hours open once they accept the agreement
        entry = hour_services.log_hours(
            engagement=engagement, by=engagement.volunteer.user, date=engagement.started_on or timezone.localdate(),
            hours=HOURS_PER_MEMBER[index % len(HOURS_PER_MEMBER)], note="ورشة عمل الفريق مع الجمعية لتحديد متطلبات الهوية.",
            confirm_over_plan=True,
        )
        if reviewer is not None:
            hour_services.approve_hours(entry=entry, by=reviewer)


def _volunteer_team() -> None:
    profiles = _profiles(VOLUNTEER_MEMBERS)
    if len(profiles) < 2 or Team.objects.filter(provider__isnull=True, name=VOLUNTEER_TEAM).exists():
        return
    lead = profiles[0]
    team = services.create_team(by=lead.user, name=VOLUNTEER_TEAM, description="متطوعون محترفون في جدة يتولون مشاريع الجمعيات معًا.")
    for profile in profiles[1:]:
        member = services.invite_member(team=team, by=lead.user, email=profile.user.email)
        services.accept_invitation(member=member, by=profile.user)
    invited = _profiles((VOLUNTEER_INVITED,))
    if invited and not TeamMember.objects.filter(team=team, volunteer=invited[0]).exclude(status=TeamMemberStatus.LEFT).exists():
        services.invite_member(team=team, by=lead.user, email=invited[0].user.email)


def figures() -> dict:
    """What the demo shows (used by the tests)."""
    from khibra.teams import selectors

    team = Team.objects.filter(provider__registration_number=PROVIDER_REGISTRATION, name=PROVIDER_TEAM).first()
    return {
        "provider_team_members": TeamMember.objects.active().filter(team=team).count() if team else 0,
        "provider_team_engagements": TeamEngagement.objects.filter(assignment__team=team).count() if team else 0,
        "provider_team_hours": selectors.team_hours(team) if team else Decimal("0"),
        "volunteer_teams": Team.objects.filter(provider__isnull=True, name=VOLUNTEER_TEAM).count(),
    }
