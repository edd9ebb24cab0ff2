"""Volunteer teams: a leader and members who take on an opportunity together.

A provider team (provider set) is a company's or university's team project: its members are
verified members of that provider. Taking on an opportunity (TeamAssignment) starts one ordinary
engagement per member through recruitment, so hours and deliverables stay per member;
TeamEngagement links those engagements back to the assignment without touching Engagement.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel

MAX_TEAM_MEMBERS = 50


class Team(TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # Kept equal to the member whose role is leader (services.hand_over_leadership changes both).
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="led_teams", verbose_name=_("team lead"))
    provider = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="provider_teams",
        verbose_name=_("provider"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["-is_active", "name", "pk"]
        indexes = [models.Index(fields=["provider", "is_active"], name="team_provider_active")]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team lead")
    MEMBER = "member", _("Member")


class TeamMemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class TeamMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=TeamMemberStatus.ACTIVE)


class TeamMember(TimeStampedModel):
    Role = TeamRole
    Status = TeamMemberStatus

    team = models.ForeignKey(Team, models.CASCADE, related_name="members", verbose_name=_("team"))
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", models.CASCADE, related_name="team_memberships", verbose_name=_("volunteer")
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole, default=TeamRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=TeamMemberStatus, default=TeamMemberStatus.INVITED)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "role", "pk"]  # "leader" sorts before "member"
        constraints = [
            models.UniqueConstraint(fields=["team", "volunteer"], name="team_member_once"),
            models.UniqueConstraint(fields=["team"], condition=Q(role="leader"), name="team_one_leader"),
            # The lead is an active member; anybody active has joined at some time.
            models.CheckConstraint(condition=Q(role="member") | Q(status="active"), name="team_leader_is_active"),
            models.CheckConstraint(condition=~Q(status="active") | Q(joined_at__isnull=False), name="team_member_active_has_joined"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="team_member_volunteer")]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.team}"

    @property
    def is_leader(self) -> bool:
        return self.role == TeamRole.LEADER


class AssignmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


class TeamAssignment(TimeStampedModel):
    """An opportunity the team takes on as a team: the team's application, then the work."""

    Status = AssignmentStatus

    team = models.ForeignKey(Team, models.PROTECT, related_name="assignments", verbose_name=_("team"))
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", models.PROTECT, related_name="team_assignments", verbose_name=_("opportunity")
    )
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus, default=AssignmentStatus.APPLIED)
    # What the lead writes for the whole team; each member's application carries it.
    motivation = models.TextField(_("why this team fits"), max_length=4000)
    answers = models.JSONField(_("answers to the screening questions"), default=dict, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("team assignment")
        verbose_name_plural = _("team assignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "opportunity"], name="team_assignment_once"),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "declined", "completed"]) | Q(decided_at__isnull=False),
                name="team_assignment_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["opportunity", "status"], name="team_assignment_opp_status")]

    def __str__(self) -> str:
        return f"{self.team} — {self.opportunity}"


class TeamEngagement(models.Model):
    """One member's engagement started by an accepted team assignment."""

    assignment = models.ForeignKey(TeamAssignment, models.PROTECT, related_name="team_engagements", verbose_name=_("assignment"))
    engagement = models.OneToOneField(
        "engagements.Engagement", models.PROTECT, related_name="team_link", verbose_name=_("engagement")
    )

    class Meta:
        verbose_name = _("team engagement")
        verbose_name_plural = _("team engagements")
