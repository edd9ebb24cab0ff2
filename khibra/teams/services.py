"""State changes of teams: creating a team, its members and lead, and taking on an opportunity as
a team. Each function checks who may act (PermissionDenied) and the rules (ValidationError with a
translated message and a code), writes and audits in one transaction.

A team's acceptance goes through the very services an individual goes through: each active
member applies (recruitment.services.applications.apply) and is accepted (accept_application,
which starts their engagement), all in one transaction, so one member who cannot be accepted
leaves nothing behind."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khibra.accounts.models import User
from khibra.core import audit
from khibra.core.mail import queue_email
from khibra.core.notify import notify
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import active_membership, require_manager
from khibra.organizations.models import Organization
from khibra.programs.models import ExecutionMode
from khibra.providers.models import ProviderMember
from khibra.recruitment.services import applications
from khibra.volunteers.models import VolunteerProfile

from .models import (
    MAX_TEAM_MEMBERS,
    AssignmentStatus,
    Team,
    TeamAssignment,
    TeamEngagement,
    TeamMember,
    TeamMemberStatus,
    TeamRole,
)

MAX_MOTIVATION = 4000
MAX_NOTE = 500


# --- helpers ------------------------------------------------------------------------------------


def _field_error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _tell(user, *, kind: str, title, body=lambda: "", url: str = "") -> None:
    """Notify in the person's own language; `title` and `body` are callables run under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        notify(user=user, kind=kind, title=str(title()), body=str(body()), url=url)


def _team_url(team: Team) -> str:
    return reverse("teams:detail", args=[team.pk])


def _lock_team(team: Team) -> Team:
    return Team.objects.select_for_update(of=("self",)).select_related("provider", "leader").get(pk=team.pk)


def is_provider_staff(team: Team, user) -> bool:
    """The provider's admins and coordinators run its team projects."""
    if team.provider_id is None:
        return False
    membership = active_membership(team.provider, user)
    return membership is not None and membership.can_manage


def _require_provider_staff(provider: Organization, by) -> None:
    membership = active_membership(provider, by)
    if not provider.is_provider or membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only the provider's admin or coordinator can do this."))


def _require_lead(team: Team, by) -> None:
    """The team lead; for a provider team, also the provider's staff."""
    if getattr(by, "pk", None) == team.leader_id or is_provider_staff(team, by):
        return
    raise PermissionDenied(_("Only the team lead can do this."))


def _require_active_team(team: Team) -> None:
    if not team.is_active:
        raise ValidationError(_("This team is no longer active."), code="inactive")


def _is_provider_member(provider: Organization, profile: VolunteerProfile) -> bool:
    return ProviderMember.objects.verified().filter(provider=provider, user_id=profile.user_id).exists()


def _check_provider_member(team_provider: Organization | None, profile: VolunteerProfile, field: str) -> None:
    if team_provider is not None and not _is_provider_member(team_provider, profile):
        raise _field_error(field, _("Only verified members of the provider can be in its team."), "not_provider_member")


def _profile_of(user) -> VolunteerProfile | None:
    return VolunteerProfile.objects.select_related("user").filter(user=user).first() if getattr(user, "pk", None) else None


def _clean_text(value: str, *, field: str, limit: int, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise _field_error(field, message or _("This field is required."), "required")
    if len(value) > limit:
        raise _field_error(field, _("Keep it under %(max)s characters.") % {"max": limit}, "too_long")
    return value


def active_members(team: Team):
    return TeamMember.objects.active().filter(team=team).select_related("volunteer__user").order_by("role", "pk")


# --- teams --------------------------------------------------------------------------------------


@transaction.atomic
def create_team(
    *,
    by,
    name: str,
    description: str = "",
    provider: Organization | None = None,
    leader: VolunteerProfile | None = None,
    members: Iterable[VolunteerProfile] = (),
) -> Team:
    """A volunteer team led by its creator, or (with `provider`) a provider's team project whose
    coordinator picks the lead and the members among the provider's verified members. The
    members of a provider team join at once: their employer puts them on the project."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    name = _clean_text(name, field="name", limit=150, required=True, message=_("Give the team a name."))
    description = _clean_text(description, field="description", limit=2000)
    members = list(members)
    if provider is None:
        leader = _profile_of(by)
        if leader is None:
            raise PermissionDenied(_("Create your volunteer profile before starting a team."))
        members = []
    else:
        _require_provider_staff(provider, by)
        if leader is None:
            raise _field_error("leader", _("Choose the team lead."), "required")
        _check_provider_member(provider, leader, "leader")
        members = [profile for profile in {m.pk: m for m in members}.values() if profile.pk != leader.pk]
        for profile in members:
            _check_provider_member(provider, profile, "members")
        if len(members) + 1 > MAX_TEAM_MEMBERS:
            raise _field_error("members", _("A team has at most %(max)s members.") % {"max": MAX_TEAM_MEMBERS}, "too_many")
    now = timezone.now()
    team = Team(name=name, description=description, provider=provider, leader=leader.user, created_by=by)
    team.full_clean()
    team.save()
    TeamMember.objects.create(
        team=team, volunteer=leader, role=TeamRole.LEADER, status=TeamMemberStatus.ACTIVE, joined_at=now, invited_by=by
    )
    for profile in members:
        TeamMember.objects.create(
            team=team, volunteer=profile, role=TeamRole.MEMBER, status=TeamMemberStatus.ACTIVE, joined_at=now, invited_by=by
        )
    audit.record(
        actor=by, verb="team.created", target=team, organization=provider, leader=leader.pk, members=[m.pk for m in members]
    )
    if provider is not None:
        for profile in [leader, *members]:
            _tell(
                profile.user, kind="teams.added",
                title=lambda: _("%(provider)s added you to the team “%(team)s”") % {"provider": provider.name, "team": name},
                url=_team_url(team),
            )
    return team


@transaction.atomic
def invite_member(*, team: Team, by, email: str) -> TeamMember | None:
    """The lead invites a volunteer by the e-mail address of their account.

    The answer does not tell the lead whether the address has a volunteer account (nor whether it
    may join a provider's team, nor whether it is already invited): a volunteer who can join is
    invited and notified (the member, or the existing one, is returned); anybody else is e-mailed
    how to join and gets None. Only what the lead already sees is refused (the team full or inactive)."""
    team = _lock_team(team)
    _require_lead(team, by)
    _require_active_team(team)
    email = (email or "").strip()
    if not email:
        raise _field_error("email", _("This field is required."), "required")
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    profile = _profile_of(user) if user else None
    if profile is not None and team.provider_id is not None and not _is_provider_member(team.provider, profile):
        profile = None
    member = TeamMember.objects.filter(team=team, volunteer=profile).first() if profile is not None else None
    if member is not None and member.status != TeamMemberStatus.LEFT:
        return member  # already in the team or invited: nothing changes, nothing is said
    if TeamMember.objects.filter(team=team).exclude(status=TeamMemberStatus.LEFT).count() >= MAX_TEAM_MEMBERS:
        raise ValidationError(_("A team has at most %(max)s members.") % {"max": MAX_TEAM_MEMBERS}, code="too_many")
    if profile is None:
        _email_how_to_join(team=team, by=by, email=email, user=user)
        audit.record(actor=by, verb="team.member_invited", target=team, organization=team.provider, team=team.pk, by_email=True)
        return None
    if member is None:
        member = TeamMember(team=team, volunteer=profile)
    member.role, member.status, member.joined_at, member.invited_by = TeamRole.MEMBER, TeamMemberStatus.INVITED, None, by
    member.save()
    audit.record(actor=by, verb="team.member_invited", target=member, organization=team.provider, team=team.pk)
    _tell(
        user, kind="teams.invited",
        title=lambda: _("You are invited to the team “%(team)s”") % {"team": team.name},
        body=lambda: _("Open the team's page to accept or decline."),
        url=_team_url(team),
    )
    return member


def invitation_sent_message() -> str:
    """What the lead is told after any invitation (the same whatever the address is)."""
    return _(
        "The invitation is sent. A volunteer who can join sees it on the team's page; anybody else gets an "
        "e-mail explaining how to join."
    )


def _email_how_to_join(*, team: Team, by, email: str, user) -> None:
    """To an address that cannot be invited yet: what to do so that the lead can invite it."""
    language = (getattr(user, "preferred_language", "") or getattr(by, "preferred_language", "") or settings.LANGUAGE_CODE)
    with translation.override(language):
        subject = _("You are invited to a volunteer team on Khibra")
        body = render_to_string(
            "teams/email/invitation_by_email.txt",
            {"team": team, "inviter": by, "signup_url": f"{settings.SITE_URL}{reverse('account_signup')}"},
        )
    # One such e-mail per team and address: asking again does not flood somebody's inbox.
    queue_email(to=email, subject=subject, body_text=body, dedupe_key=f"team-invite:{team.pk}:{email.lower()}")


def _lock_member(member: TeamMember) -> TeamMember:
    return TeamMember.objects.select_for_update(of=("self",)).select_related("team__provider", "volunteer__user").get(pk=member.pk)


@transaction.atomic
def accept_invitation(*, member: TeamMember, by) -> TeamMember:
    member = _lock_member(member)
    if getattr(by, "pk", None) != member.volunteer.user_id:
        raise PermissionDenied(_("Only the invited volunteer can answer this invitation."))
    if member.status != TeamMemberStatus.INVITED:
        raise ValidationError(_("This invitation is no longer open."), code="not_invited")
    _require_active_team(member.team)
    # A provider team's member must still belong to the provider when joining.
    _check_provider_member(member.team.provider, member.volunteer, "__all__")
    member.status, member.joined_at = TeamMemberStatus.ACTIVE, timezone.now()
    member.save()
    audit.record(actor=by, verb="team.member_joined", target=member, organization=member.team.provider, team=member.team_id)
    return member


@transaction.atomic
def decline_invitation(*, member: TeamMember, by) -> TeamMember:
    member = _lock_member(member)
    if getattr(by, "pk", None) != member.volunteer.user_id:
        raise PermissionDenied(_("Only the invited volunteer can answer this invitation."))
    if member.status != TeamMemberStatus.INVITED:
        raise ValidationError(_("This invitation is no longer open."), code="not_invited")
    member.status = TeamMemberStatus.LEFT
    member.save()
    audit.record(actor=by, verb="team.invitation_declined", target=member, organization=member.team.provider, team=member.team_id)
    return member


def _leave(member: TeamMember, *, by, verb: str) -> TeamMember:
    if member.is_leader:
        raise ValidationError(_("The team lead hands the lead over to another member before leaving."), code="leader")
    if member.status == TeamMemberStatus.LEFT:
        raise ValidationError(_("This person is no longer in the team."), code="already_left")
    member.status = TeamMemberStatus.LEFT
    member.save()
    audit.record(actor=by, verb=verb, target=member, organization=member.team.provider, team=member.team_id)
    return member


@transaction.atomic
def leave_team(*, member: TeamMember, by) -> TeamMember:
    """A member leaves. Engagements already started stay theirs (they withdraw from them there)."""
    member = _lock_member(member)
    if getattr(by, "pk", None) != member.volunteer.user_id:
        raise PermissionDenied(_("Only the member can leave the team."))
    return _leave(member, by=by, verb="team.member_left")


@transaction.atomic
def remove_member(*, member: TeamMember, by) -> TeamMember:
    """The lead removes a member or withdraws an invitation."""
    member = _lock_member(member)
    _require_lead(member.team, by)
    return _leave(member, by=by, verb="team.member_removed")


@transaction.atomic
def hand_over_leadership(*, team: Team, by, to: TeamMember) -> Team:
    team = _lock_team(team)
    _require_lead(team, by)
    _require_active_team(team)
    to = _lock_member(to)
    if to.team_id != team.pk or to.status != TeamMemberStatus.ACTIVE:
        raise _field_error("member", _("Choose an active member of the team."), "not_active_member")
    if to.is_leader:
        raise _field_error("member", _("This member already leads the team."), "already_leader")
    # One lead per team (team_one_leader): demote first, then promote.
    TeamMember.objects.filter(team=team, role=TeamRole.LEADER).update(role=TeamRole.MEMBER, updated_at=timezone.now())
    to.role = TeamRole.LEADER
    to.save()
    team.leader = to.volunteer.user
    team.save(update_fields=["leader", "updated_at"])
    audit.record(actor=by, verb="team.lead_handed_over", target=team, organization=team.provider, to=to.pk)
    _tell(
        to.volunteer.user, kind="teams.lead",
        title=lambda: _("You now lead the team “%(team)s”") % {"team": team.name},
        url=_team_url(team),
    )
    return team


# --- taking on an opportunity -------------------------------------------------------------------


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
    by_member: dict[TeamMember, list[ValidationError]] = {}
    if not errors:
        for member in members:
            found = applications.apply_blockers(opportunity=opportunity, volunteer=member.volunteer)
            if found:
                by_member[member] = found
    return errors, by_member


def _blockers_error(errors: list[ValidationError], by_member: Mapping[TeamMember, list[ValidationError]]) -> ValidationError:
    messages = list(errors)
    for member, found in by_member.items():
        for error in found:
            for text in error.messages:
                messages.append(
                    ValidationError(
                        _("%(name)s: %(reason)s") % {"name": member.volunteer.user.full_name, "reason": text},
                        code=error.code or "member_blocked",
                    )
                )
    return ValidationError(messages)


@transaction.atomic
def apply_as_team(
    *, team: Team, opportunity: Opportunity, by, motivation: str, answers: Mapping | None = None, availability_confirmed: bool
) -> TeamAssignment:
    """The lead applies for the whole team to an opportunity done by a team."""
    team = _lock_team(team)
    if getattr(by, "pk", None) != team.leader_id:
        raise PermissionDenied(_("Only the team lead can apply for the team."))
    opportunity = Opportunity.objects.select_related("organization").get(pk=opportunity.pk)
    errors, by_member = team_blockers(team=team, opportunity=opportunity)
    if errors or by_member:
        raise _blockers_error(errors, by_member)
    field_errors: dict[str, list] = {}
    motivation = (motivation or "").strip()
    if not motivation:
        field_errors["motivation"] = [ValidationError(_("Tell the organization why your team fits this work."), code="required")]
    elif len(motivation) > MAX_MOTIVATION:
        field_errors["motivation"] = [ValidationError(_("Keep it under %(max)s characters.") % {"max": MAX_MOTIVATION}, code="too_long")]
    kept, answer_errors = applications.clean_answers(opportunity, answers or {})
    for key, message in answer_errors.items():
        field_errors[f"answer_{key}"] = [ValidationError(message, code="answer")]
    if not availability_confirmed:
        field_errors["availability_confirmed"] = [
            ValidationError(_("Confirm that the team can give the hours and dates this opportunity asks for."), code="availability")
        ]
    if field_errors:
        raise ValidationError(field_errors)
    assignment = TeamAssignment(team=team, opportunity=opportunity, motivation=motivation, answers=kept, applied_by=by)
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    audit.record(
        actor=by, verb="team_assignment.applied", target=assignment, organization=opportunity.organization,
        team=team.pk, opportunity=opportunity.pk,
    )
    for person in applications.opportunity_managers(opportunity):
        _tell(
            person, kind="teams.applied",
            title=lambda: _("A team applied for “%(title)s”") % {"title": opportunity.title},
            body=lambda: _("The team “%(team)s” applied. Review its members and answer.") % {"team": team.name},
            url=reverse("teams:opportunity_teams", args=[opportunity.organization.slug, opportunity.pk]),
        )
    return assignment


def _lock_assignment(assignment: TeamAssignment) -> TeamAssignment:
    return (
        TeamAssignment.objects.select_for_update(of=("self",))
        .select_related("team__provider", "team__leader", "opportunity__organization")
        .get(pk=assignment.pk)
    )


def _check_status(assignment: TeamAssignment, *allowed: str) -> None:
    if assignment.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the team's application is “%(status)s”.") % {"status": assignment.get_status_display()},
            code="wrong_status",
        )


@transaction.atomic
def accept_assignment(*, assignment: TeamAssignment, by) -> list:
    """The organization accepts the team: every active member applies and is accepted through
    the individual services, each getting their own engagement, work items and hours. Returns
    the engagements. If any member cannot be accepted nothing is written."""
    assignment = _lock_assignment(assignment)
    opportunity = assignment.opportunity
    require_manager(opportunity.organization, by)
    _check_status(assignment, AssignmentStatus.APPLIED)
    team = assignment.team
    # The team may have changed since it applied: check it again, whole and member by member.
    errors, by_member = team_blockers(team=team, opportunity=opportunity, assignment=assignment)
    if errors or by_member:
        raise _blockers_error(errors, by_member)
    engagements = []
    for member in active_members(team):
        try:
            application = applications.apply(
                opportunity=opportunity, volunteer=member.volunteer, motivation=assignment.motivation,
                answers=assignment.answers, availability_confirmed=True,
            )
            engagement = applications.accept_application(application=application, by=by)
        except ValidationError as error:
            # Raising rolls back the members already accepted with the rest of the transaction.
            raise _blockers_error([], {member: [error]}) from None
        TeamEngagement.objects.create(assignment=assignment, engagement=engagement)
        engagements.append(engagement)
    assignment.status, assignment.decided_by, assignment.decided_at = AssignmentStatus.ACCEPTED, by, timezone.now()
    assignment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=by, verb="team_assignment.accepted", target=assignment, organization=opportunity.organization,
        team=team.pk, engagements=[engagement.pk for engagement in engagements],
    )
    _tell(
        team.leader, kind="teams.accepted",
        title=lambda: _("Your team is accepted for “%(title)s”") % {"title": opportunity.title},
        body=lambda: _("Each member has their own workspace for tasks, deliverables and hours."),
        url=_team_url(team),
    )
    return engagements


@transaction.atomic
def decline_assignment(*, assignment: TeamAssignment, by, note: str = "") -> TeamAssignment:
    assignment = _lock_assignment(assignment)
    opportunity = assignment.opportunity
    require_manager(opportunity.organization, by)
    _check_status(assignment, AssignmentStatus.APPLIED)
    note = _clean_text(note, field="note", limit=MAX_NOTE)
    assignment.status, assignment.decided_by, assignment.decided_at = AssignmentStatus.DECLINED, by, timezone.now()
    assignment.decision_note = note
    assignment.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit.record(actor=by, verb="team_assignment.declined", target=assignment, organization=opportunity.organization)
    team = assignment.team
    _tell(
        team.leader, kind="teams.declined",
        title=lambda: _("Your team's application for “%(title)s”") % {"title": opportunity.title},
        body=lambda: _("Thank you for applying. The organization chose another way this time."),
        url=_team_url(team),
    )
    return assignment


@transaction.atomic
def withdraw_assignment(*, assignment: TeamAssignment, by) -> TeamAssignment:
    """The lead withdraws the team's application before the organization answers. After
    acceptance each member withdraws from their own engagement."""
    assignment = _lock_assignment(assignment)
    if getattr(by, "pk", None) != assignment.team.leader_id:
        raise PermissionDenied(_("Only the team lead can withdraw the team's application."))
    _check_status(assignment, AssignmentStatus.APPLIED)
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, verb="team_assignment.withdrawn", target=assignment, organization=assignment.opportunity.organization)
    return assignment
