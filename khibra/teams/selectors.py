"""Reads for the team pages (who may lead it, its active members, what stops it from applying),
the organization's team applications and the provider's team projects. Team hours are the
approved hours members logged on the team's engagements."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khibra.agreements.selectors import signed_partner_agreement
from khibra.engagements.models import WorkItem, WorkItemKind
from khibra.hours.models import HourEntry, HourStatus
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import active_membership
from khibra.programs.models import ExecutionMode
from khibra.recruitment import selectors as recruitment_selectors

from .models import Team, TeamAssignment, TeamEngagement, TeamMember, TeamMemberStatus

ZERO = Decimal("0")
_HOURS = DecimalField(max_digits=12, decimal_places=2)


# --- who leads, who is in, what stops the team from applying -----------------------------------


def is_provider_staff(team: Team, user) -> bool:
    """The provider's admins and coordinators run its team projects."""
    if team.provider_id is None:
        return False
    membership = active_membership(team.provider, user)
    return membership is not None and membership.can_manage


def active_members(team: Team):
    return TeamMember.objects.active().filter(team=team).select_related("volunteer__user").order_by("role", "pk")


def invitation_sent_message() -> str:
    """What the lead is told after any invitation (the same whatever the address is)."""
    return _(
        "The invitation is sent. A volunteer who can join sees it on the team's page; anybody else gets an "
        "e-mail explaining how to join."
    )


def team_blockers(
    *, team: Team, opportunity: Opportunity, assignment: TeamAssignment | None = None
) -> tuple[list[ValidationError], dict[TeamMember, list[ValidationError]]]:
    """What stops the team from applying (or, given its `assignment`, from being accepted):
    (the team's own problems, each member's blockers). Each member must pass the same rules as
    an individual applicant."""
    errors: list[ValidationError] = []
    if not team.is_active:
        errors.append(ValidationError(_("This team is no longer active."), code="inactive"))
    if opportunity.execution_mode != ExecutionMode.TEAM:
        errors.append(ValidationError(_("This opportunity is for individuals, not teams."), code="not_team_work"))
    if not Opportunity.objects.public().filter(pk=opportunity.pk).exists():
        errors.append(ValidationError(_("This opportunity is not open for applications."), code="not_open"))
    if assignment is None and TeamAssignment.objects.filter(team=team, opportunity=opportunity).exists():
        errors.append(ValidationError(_("The team has already applied to this opportunity."), code="already_applied"))
    members = list(active_members(team))
    size = len(members)
    if size < 2:
        errors.append(ValidationError(_("A team needs at least two active members to apply."), code="too_small"))
    elif opportunity.execution_mode == ExecutionMode.TEAM and size > opportunity.team_size:
        errors.append(
            ValidationError(
                _("The opportunity asks for a team of at most %(size)s; your team has %(count)s active members.")
                % {"size": opportunity.team_size, "count": size},
                code="too_large",
            )
        )
    if size and opportunity.seats - opportunity.seats_filled < size:
        errors.append(ValidationError(_("The opportunity does not have a seat for every member of the team."), code="no_seats"))
    if team.provider_id is not None and signed_partner_agreement(
        organization=opportunity.organization, partner=team.provider, opportunity=opportunity
    ) is None:
        # A provider's team works on a non-profit's opportunity only under a partnership agreement
        # both parties accepted for that opportunity, and still in force.
        errors.append(
            ValidationError(
                _("A company's or university's team takes on this opportunity under a partnership agreement: "
                  "%(organization)s and %(provider)s must both accept one for it first.")
                % {"organization": opportunity.organization.name, "provider": team.provider.name},
                code="partner_agreement_required",
            )
        )
    by_member: dict[TeamMember, list[ValidationError]] = {}
    if not errors:
        for member in members:
            found = recruitment_selectors.apply_blockers(opportunity=opportunity, volunteer=member.volunteer)
            if found:
                by_member[member] = found
    return errors, by_member


# --- hours and projects -------------------------------------------------------------------------


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
