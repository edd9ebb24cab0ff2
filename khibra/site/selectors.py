"""Reads for the site's pages: figures for the public home, and what each role's home lists
(assembled from every domain app's own selectors of what waits)."""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.agreements import selectors as agreement_selectors
from khibra.certificates.models import Certificate
from khibra.core.inbox import MANAGER_KINDS, Waiting, sort_key
from khibra.engagements import waiting as engagements_waiting
from khibra.engagements.models import Engagement, WorkItem, WorkItemStatus
from khibra.hours import waiting as hours_waiting
from khibra.hours.models import HourEntry, HourStatus
from khibra.matching.ranking import recommend_opportunities
from khibra.organizations.models import MembershipRole, Organization, OrganizationKind
from khibra.programs import waiting as programs_waiting
from khibra.providers import waiting as providers_waiting
from khibra.recruitment import waiting as recruitment_waiting
from khibra.recruitment.models import Application
from khibra.reference.models import Field
from khibra.volunteers.models import Level, VolunteerProfile


@dataclass(frozen=True)
class PlatformFigures:
    volunteers: int
    professionals: int
    nonprofits: int
    providers: int
    fields: int


def platform_figures() -> PlatformFigures:
    volunteers = VolunteerProfile.objects.aggregate(
        total=Count("pk"), professionals=Count("pk", filter=Q(level=Level.PROFESSIONAL))
    )
    organizations = Organization.objects.verified().aggregate(
        nonprofits=Count("pk", filter=Q(kind=OrganizationKind.NONPROFIT)),
        providers=Count("pk", filter=~Q(kind=OrganizationKind.NONPROFIT)),
    )
    return PlatformFigures(
        volunteers=volunteers["total"],
        professionals=volunteers["professionals"],
        nonprofits=organizations["nonprofits"],
        providers=organizations["providers"],
        fields=Field.objects.active().count(),
    )


# --- the homes: what waits for each role ----------------------------------------------------------


def managed_nonprofits(user) -> list[Organization]:
    """The non-profits whose volunteering `user` runs (admins and volunteer managers)."""
    roles = (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER)
    return list(
        Organization.objects.filter(
            kind=OrganizationKind.NONPROFIT, memberships__user=user, memberships__is_active=True, memberships__role__in=roles
        ).order_by("pk")
    )


def coordinated_providers(user) -> list[Organization]:
    """The providers whose pro bono program `user` coordinates (admins and coordinators)."""
    roles = (MembershipRole.ADMIN, MembershipRole.COORDINATOR)
    return list(
        Organization.objects.exclude(kind=OrganizationKind.NONPROFIT)
        .filter(memberships__user=user, memberships__is_active=True, memberships__role__in=roles)
        .order_by("pk")
    )


@dataclass
class Inbox:
    """One list of everything waiting, soonest deadline first, with a count per kind."""

    items: list[Waiting]
    counts: dict[str, int]
    organizations: list[Organization]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def sections(self) -> list[tuple[str, str, int, list[Waiting]]]:
        """(kind, heading, count, items) for the kinds that have something, in the home's order."""
        labels = inbox_labels()
        kinds = [kind for kind in self.counts if self.counts[kind]]
        return [(kind, labels[kind], self.counts[kind], [item for item in self.items if item.kind == kind]) for kind in kinds]


def inbox_labels() -> dict[str, str]:
    return {
        "applications": _("Applications to answer"),
        "interviews": _("Interviews coming"),
        "hours": _("Hours to approve"),
        "work": _("Work to review"),
        "reports": _("Late weekly reports"),
        "agreements": _("Agreements not accepted yet"),
        "readiness": _("Readiness to confirm"),
        "members": _("Requests to join your program"),
        "participations": _("Engagements to approve"),
    }


_MANAGER_READS = (recruitment_waiting, hours_waiting, engagements_waiting, programs_waiting)


def manager_counts(organizations) -> dict[str, int]:
    """A count per kind (one query each): the navigation's badge and the inbox headings."""
    if not organizations:
        return {}
    counts: dict[str, int] = {}
    for module in _MANAGER_READS:
        counts.update(module.waiting_counts(organizations))
    return {kind: counts.get(kind, 0) for kind in MANAGER_KINDS}


def manager_inbox(organizations) -> Inbox:
    items: list[Waiting] = []
    for module in _MANAGER_READS:
        items += module.waiting_for_manager(organizations)
    items.sort(key=sort_key)
    return Inbox(items=items, counts=manager_counts(organizations), organizations=organizations)


def coordinator_inbox(providers) -> Inbox:
    items = sorted(providers_waiting.waiting_for_coordinator(providers), key=sort_key) if providers else []
    counts = providers_waiting.waiting_counts(providers) if providers else {}
    return Inbox(items=items, counts=counts, organizations=providers)


def waiting_count(user) -> int:
    """The navigation's badge: everything waiting for `user` as a manager or a coordinator."""
    total = sum(manager_counts(managed_nonprofits(user)).values())
    providers = coordinated_providers(user)
    if providers:
        total += sum(providers_waiting.waiting_counts(providers).values())
    return total


@dataclass
class VolunteerHome:
    engagements: list
    applications: list
    certificates: list
    recommendations: list
    hours_approved: Decimal
    hours_pending: Decimal
    month: dt.date


def volunteer_home(profile: VolunteerProfile) -> VolunteerHome:
    """A volunteer's home: active engagements with the next task and whether the agreement waits,
    hours this month, applications and their state, certificates and recommendations."""
    today = timezone.localdate()
    # The next thing to do: not handed in yet (tasks before the final deliverable).
    open_items = WorkItem.objects.exclude(status__in=(WorkItemStatus.ACCEPTED, WorkItemStatus.SUBMITTED)).order_by(
        F("due_on").asc(nulls_last=True), "-kind", "pk"
    )
    engagements = list(
        Engagement.objects.active()
        .filter(volunteer=profile)
        .select_related("opportunity__organization")
        .prefetch_related(Prefetch("work_items", queryset=open_items, to_attr="open_items"))
        .order_by("-started_on", "-pk")
    )
    for engagement in engagements:
        engagement.next_item = engagement.open_items[0] if engagement.open_items else None
        engagement.agreement_waits = agreement_selectors.needs_acceptance(volunteer=profile.user, opportunity=engagement.opportunity)
    month = today.replace(day=1)
    month_hours = HourEntry.objects.filter(volunteer=profile, date__gte=month, date__lte=today).aggregate(
        approved=Sum("hours", filter=Q(status=HourStatus.APPROVED)), pending=Sum("hours", filter=Q(status=HourStatus.SUBMITTED))
    )
    applications = list(
        Application.objects.filter(volunteer=profile).select_related("opportunity__organization").order_by("-created_at")[:8]
    )
    certificates = list(Certificate.objects.valid().filter(volunteer=profile).select_related("organization").order_by("-issued_at")[:6])
    return VolunteerHome(
        engagements=engagements,
        applications=applications,
        certificates=certificates,
        recommendations=recommend_opportunities(volunteer=profile, limit=3),
        hours_approved=month_hours["approved"] or Decimal("0"),
        hours_pending=month_hours["pending"] or Decimal("0"),
        month=month,
    )


def staff_queues() -> dict[str, int]:
    return {
        "organizations": Organization.objects.filter(verification_status=Organization.Status.PENDING).count(),
        "identities": VolunteerProfile.objects.filter(identity_status=VolunteerProfile.IdentityStatus.PENDING).count(),
    }
