"""Reads for the team pages, the organization's team applications and the provider's team
projects. Team hours are the approved hours members logged on the team's engagements."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from khibra.engagements.models import WorkItem, WorkItemKind
from khibra.hours.models import HourEntry, HourStatus

from .models import Team, TeamAssignment, TeamEngagement, TeamMember, TeamMemberStatus

ZERO = Decimal("0")
_HOURS = DecimalField(max_digits=12, decimal_places=2)


def team_hours(team: Team) -> Decimal:
    """The sum of the members' approved hours on the team's engagements (one query)."""
    total = HourEntry.objects.approved().filter(engagement__team_link__assignment__team=team).aggregate(t=Sum("hours"))["t"]
    return total or ZERO


def _approved_hours_of(engagement_ref: str):
    return Coalesce(
        Subquery(
            HourEntry.objects.filter(engagement=OuterRef(engagement_ref), status=HourStatus.APPROVED)
            .order_by()
            .values("engagement")
            .annotate(t=Sum("hours"))
            .values("t")[:1],
            output_field=_HOURS,
        ),
        Value(ZERO, output_field=_HOURS),
    )


def teams_of(user) -> QuerySet:
    """The teams the user is in or invited to, with their own membership status."""
    return (
        Team.objects.filter(members__volunteer__user=user, members__status__in=[TeamMemberStatus.ACTIVE, TeamMemberStatus.INVITED])
        .select_related("provider", "leader")
        .annotate(my_status=Subquery(TeamMember.objects.filter(team=OuterRef("pk"), volunteer__user=user).values("status")[:1]))
        .distinct()
        .order_by("-is_active", "name", "pk")
    )


def members_of(team: Team) -> QuerySet:
    """Everyone invited or in the team (not those who left), the lead first."""
    return (
        TeamMember.objects.filter(team=team)
        .exclude(status=TeamMemberStatus.LEFT)
        .select_related("volunteer__user", "volunteer__profession", "volunteer__city")
        .order_by("role", "status", "pk")
    )


@dataclass
class MemberWork:
    """One member's engagement in an assignment: their hours and their final deliverable."""

    team_engagement: TeamEngagement
    hours: Decimal
    deliverable_status: str | None
    deliverable_status_display: str

    @property
    def engagement(self):
        return self.team_engagement.engagement


def member_work(assignments) -> dict[int, list[MemberWork]]:
    """Per assignment id, each member's engagement with approved hours and deliverable status.
    One query for all of them."""
    deliverable = WorkItem.objects.filter(engagement=OuterRef("engagement"), kind=WorkItemKind.DELIVERABLE).values("status")[:1]
    rows = (
        TeamEngagement.objects.filter(assignment__in=assignments)
        .select_related("engagement__volunteer__user")
        .annotate(hours=_approved_hours_of("engagement"), deliverable_status=Subquery(deliverable))
        .order_by("assignment", "engagement__volunteer__user__full_name", "pk")
    )
    labels = dict(WorkItem._meta.get_field("status").choices)
    result: dict[int, list[MemberWork]] = {}
    for row in rows:
        result.setdefault(row.assignment_id, []).append(
            MemberWork(
                team_engagement=row,
                hours=row.hours or ZERO,
                deliverable_status=row.deliverable_status,
                deliverable_status_display=str(labels.get(row.deliverable_status, "")) if row.deliverable_status else "",
            )
        )
    return result


def assignments_of(team: Team) -> QuerySet:
    return TeamAssignment.objects.filter(team=team).select_related("opportunity__organization").order_by("-created_at", "-pk")


def team_applications(opportunity) -> QuerySet:
    """The teams that applied to an opportunity, with their active members' profiles."""
    return (
        TeamAssignment.objects.filter(opportunity=opportunity)
        .select_related("team__provider", "team__leader")
        .prefetch_related(
            Prefetch(
                "team__members",
                queryset=TeamMember.objects.active().select_related("volunteer__user", "volunteer__profession", "volunteer__city").order_by("role", "pk"),
                to_attr="active_members",
            )
        )
        .order_by("-created_at", "-pk")
    )


def provider_teams(provider) -> QuerySet:
    """The provider's team projects with their active member count and approved hours."""
    active = Q(members__status=TeamMemberStatus.ACTIVE)
    hours = (
        HourEntry.objects.approved()
        .filter(engagement__team_link__assignment__team=OuterRef("pk"))
        .order_by()
        .values("engagement__team_link__assignment__team")
        .annotate(t=Sum("hours"))
        .values("t")[:1]
    )
    return (
        Team.objects.filter(provider=provider)
        .select_related("leader")
        .annotate(
            active_count=Count("members", filter=active, distinct=True),
            hours=Coalesce(Subquery(hours, output_field=_HOURS), Value(ZERO, output_field=_HOURS)),
        )
        .order_by("-is_active", "name", "pk")
    )
