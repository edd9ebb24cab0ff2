"""A team, its members and its lead: creating the team, inviting, joining, leaving and handing
over the lead. Each function checks who may act (PermissionDenied) and the rules (ValidationError
with a translated message and a code), writes and audits in one transaction."""

from collections.abc import Iterable

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
from khibra.organizations.models import Organization
from khibra.volunteers.models import VolunteerProfile

from ..models import MAX_TEAM_MEMBERS, Team, TeamMember, TeamMemberStatus, TeamRole
from .rules import (
    check_provider_member,
    clean_text,
    field_error,
    is_provider_member,
    lock_team,
    profile_of,
    require_active_team,
    require_lead,
    require_provider_staff,
    team_url,
    tell,
)


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
    name = clean_text(name, field="name", limit=150, required=True, message=_("Give the team a name."))
    description = clean_text(description, field="description", limit=2000)
    members = list(members)
    if provider is None:
        leader = profile_of(by)
        if leader is None:
            raise PermissionDenied(_("Create your volunteer profile before starting a team."))
        members = []
    else:
        require_provider_staff(provider, by)
        if leader is None:
            raise field_error("leader", _("Choose the team lead."), "required")
        check_provider_member(provider, leader, "leader")
        members = [profile for profile in {m.pk: m for m in members}.values() if profile.pk != leader.pk]
        for profile in members:
            check_provider_member(provider, profile, "members")
        if len(members) + 1 > MAX_TEAM_MEMBERS:
            raise field_error("members", _("A team has at most %(max)s members.") % {"max": MAX_TEAM_MEMBERS}, "too_many")
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
            tell(
                profile.user, kind="teams.added",
                title=lambda: _("%(provider)s added you to the team “%(team)s”") % {"provider": provider.name, "team": name},
                url=team_url(team),
            )
    return team


@transaction.atomic
def invite_member(*, team: Team, by, email: str) -> TeamMember | None:
    """The lead invites a volunteer by the e-mail address of their account.

    The answer does not tell the lead whether the address has a volunteer account (nor whether it
    may join a provider's team, nor whether it is already invited): a volunteer who can join is
    invited and notified (the member, or the existing one, is returned); anybody else is e-mailed
    how to join and gets None. Only what the lead already sees is refused (the team full or inactive)."""
    team = lock_team(team)
    require_lead(team, by)
    require_active_team(team)
    email = (email or "").strip()
    if not email:
        raise field_error("email", _("This field is required."), "required")
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    profile = profile_of(user) if user else None
    if profile is not None and team.provider_id is not None and not is_provider_member(team.provider, profile):
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
    tell(
        user, kind="teams.invited",
        title=lambda: _("You are invited to the team “%(team)s”") % {"team": team.name},
        body=lambda: _("Open the team's page to accept or decline."),
        url=team_url(team),
    )
    return member


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
    require_active_team(member.team)
    # A provider team's member must still belong to the provider when joining.
    check_provider_member(member.team.provider, member.volunteer, "__all__")
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
    require_lead(member.team, by)
    return _leave(member, by=by, verb="team.member_removed")


@transaction.atomic
def hand_over_leadership(*, team: Team, by, to: TeamMember) -> Team:
    team = lock_team(team)
    require_lead(team, by)
    require_active_team(team)
    to = _lock_member(to)
    if to.team_id != team.pk or to.status != TeamMemberStatus.ACTIVE:
        raise field_error("member", _("Choose an active member of the team."), "not_active_member")
    if to.is_leader:
        raise field_error("member", _("This member already leads the team."), "already_leader")
    # One lead per team (team_one_leader): demote first, then promote.
    TeamMember.objects.filter(team=team, role=TeamRole.LEADER).update(role=TeamRole.MEMBER, updated_at=timezone.now())
    to.role = TeamRole.LEADER
    to.save()
    team.leader = to.volunteer.user
    team.save(update_fields=["leader", "updated_at"])
    audit.record(actor=by, verb="team.lead_handed_over", target=team, organization=team.provider, to=to.pk)
    tell(
        to.volunteer.user, kind="teams.lead",
        title=lambda: _("You now lead the team “%(team)s”") % {"team": team.name},
        url=team_url(team),
    )
    return team
