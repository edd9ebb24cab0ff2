import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
import pytest

from khibra.engagements.models import Engagement, WorkItem
from khibra.hours import services as hour_services
from khibra.recruitment.models import Application
from khibra.teams import selectors, services
from khibra.teams.models import Team, TeamAssignment, TeamEngagement, TeamMember
from khibra.testing.factories import (
    VolunteerProfileFactory,
    accept_agreement,
    published_opportunity,
    signed_partnership,
)

from .conftest import apply_team, build_team, make_provider_member


def codes(error: ValidationError) -> set[str]:
    found = set()
    for item in error.error_list if not hasattr(error, "error_dict") else [e for errs in error.error_dict.values() for e in errs]:
        found.add(item.code)
    return found


# --- lifecycle --------------------------------------------------------------------------------


def test_it_creates_a_team_led_by_its_creator(lead):
    team = services.create_team(by=lead.user, name="  فريق الأثر  ")
    assert (team.name, team.leader_id, team.provider_id) == ("فريق الأثر", lead.user_id, None)
    member = TeamMember.objects.get(team=team)
    assert (member.volunteer_id, member.role, member.status) == (lead.pk, "leader", "active")


def test_it_refuses_a_team_without_a_name_or_a_profile(lead, plain_user):
    with pytest.raises(ValidationError) as error:
        services.create_team(by=lead.user, name="   ")
    assert "name" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        services.create_team(by=plain_user, name="فريق")
    assert not Team.objects.exists()


def test_it_runs_the_member_lifecycle(team, lead, mate, third):
    invitation = services.invite_member(team=team, by=lead.user, email=third.user.email.upper())
    assert invitation.status == "invited"
    # Inviting again changes nothing (and says nothing the lead could tell apart).
    assert services.invite_member(team=team, by=lead.user, email=third.user.email) == invitation
    with pytest.raises(PermissionDenied):
        services.accept_invitation(member=invitation, by=mate.user)
    services.accept_invitation(member=invitation, by=third.user)
    assert TeamMember.objects.active().filter(team=team).count() == 3

    # The lead hands over, then may leave; the new lead may not leave without handing over.
    mate_member = TeamMember.objects.get(team=team, volunteer=mate)
    services.hand_over_leadership(team=team, by=lead.user, to=mate_member)
    team.refresh_from_db()
    assert team.leader_id == mate.user_id
    assert TeamMember.objects.get(team=team, role="leader").volunteer_id == mate.pk
    with pytest.raises(ValidationError):
        services.leave_team(member=TeamMember.objects.get(team=team, volunteer=mate), by=mate.user)
    services.leave_team(member=TeamMember.objects.get(team=team, volunteer=lead), by=lead.user)
    # The former lead no longer leads: they cannot remove anybody.
    with pytest.raises(PermissionDenied):
        services.remove_member(member=TeamMember.objects.get(team=team, volunteer=third), by=lead.user)
    services.remove_member(member=TeamMember.objects.get(team=team, volunteer=third), by=mate.user)
    assert list(TeamMember.objects.active().filter(team=team).values_list("volunteer_id", flat=True)) == [mate.pk]


def test_only_the_lead_invites_and_only_volunteers_become_members(team, mate, third, plain_user, mailoutbox):
    with pytest.raises(PermissionDenied):
        services.invite_member(team=team, by=mate.user, email=third.user.email)
    # No account, or an account without a volunteer profile: no member, an e-mail on how to join,
    # and no error that would tell the lead which addresses are registered.
    assert services.invite_member(team=team, by=team.leader, email="nobody@example.sa") is None
    assert services.invite_member(team=team, by=team.leader, email=plain_user.email) is None
    assert {"nobody@example.sa", plain_user.email} <= {m.to[0] for m in mailoutbox}
    assert not TeamMember.objects.filter(team=team, volunteer__user=plain_user).exists()


def test_the_database_holds_one_lead_per_team(team, mate):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.filter(team=team, volunteer=mate).update(role="leader")


def test_a_declined_invitation_can_be_sent_again(team, lead, third):
    invitation = services.invite_member(team=team, by=lead.user, email=third.user.email)
    services.decline_invitation(member=invitation, by=third.user)
    again = services.invite_member(team=team, by=lead.user, email=third.user.email)
    assert (again.pk, again.status) == (invitation.pk, "invited")


# --- applying and acceptance ---------------------------------------------------------------------


def test_accepting_a_team_starts_one_engagement_per_member(team, team_opportunity, manager_a, lead, mate):
    assignment = apply_team(team, team_opportunity)
    assert assignment.status == "applied"
    assert not Application.objects.exists()  # members apply when the team is accepted
    engagements = services.accept_assignment(assignment=assignment, by=manager_a)
    assert {e.volunteer_id for e in engagements} == {lead.pk, mate.pk}
    assignment.refresh_from_db()
    assert (assignment.status, assignment.decided_by_id) == ("accepted", manager_a.pk)
    assert set(TeamEngagement.objects.filter(assignment=assignment).values_list("engagement__volunteer_id", flat=True)) == {lead.pk, mate.pk}
    assert set(Application.objects.filter(opportunity=team_opportunity).values_list("status", flat=True)) == {"accepted"}
    # Each member has their own workspace with the final deliverable.
    for engagement in engagements:
        assert WorkItem.objects.filter(engagement=engagement, kind="deliverable").count() == 1
    team_opportunity.refresh_from_db()
    assert team_opportunity.seats_filled == 2


def test_nothing_is_written_when_one_member_is_blocked_at_acceptance(team, team_opportunity, manager_a, mate):
    assignment = apply_team(team, team_opportunity)
    mate.languages.clear()  # no Arabic any more: the opportunity needs it
    with pytest.raises(ValidationError) as error:
        services.accept_assignment(assignment=assignment, by=manager_a)
    assert "language" in codes(error.value)
    assert mate.user.full_name in " ".join(error.value.messages)
    assignment.refresh_from_db()
    team_opportunity.refresh_from_db()
    assert assignment.status == "applied"
    assert (Application.objects.count(), Engagement.objects.count(), TeamEngagement.objects.count()) == (0, 0, 0)
    assert team_opportunity.seats_filled == 0


def test_the_lead_learns_whose_blockers_stop_the_team(team, team_opportunity, mate):
    mate.languages.clear()
    with pytest.raises(ValidationError) as error:
        apply_team(team, team_opportunity)
    assert "language" in codes(error.value)
    assert any(mate.user.full_name in message for message in error.value.messages)
    assert not TeamAssignment.objects.exists()


def test_team_size_and_execution_mode_must_fit(team, lead, mate, third, org_a, team_opportunity):
    individual = published_opportunity(org_a)
    with pytest.raises(ValidationError) as error:
        apply_team(team, individual)
    assert "not_team_work" in codes(error.value)
    small = published_opportunity(org_a, execution_mode="team", team_size=2, seats=2)
    services.accept_invitation(member=services.invite_member(team=team, by=lead.user, email=third.user.email), by=third.user)
    with pytest.raises(ValidationError) as error:
        apply_team(team, small)
    assert "too_large" in codes(error.value)
    alone = build_team(VolunteerProfileFactory(), name="فريق فردي")
    with pytest.raises(ValidationError) as error:
        apply_team(alone, team_opportunity)
    assert "too_small" in codes(error.value)


def test_only_the_lead_applies_and_the_form_is_checked(team, team_opportunity, mate):
    with pytest.raises(PermissionDenied):
        apply_team(team, team_opportunity, by=mate.user)
    with pytest.raises(ValidationError) as error:
        apply_team(team, team_opportunity, motivation=" ", availability_confirmed=False)
    assert {"motivation", "availability_confirmed"} <= set(error.value.error_dict)
    assert not TeamAssignment.objects.exists()
    apply_team(team, team_opportunity)
    with pytest.raises(ValidationError) as error:
        apply_team(team, team_opportunity)
    assert "already_applied" in codes(error.value)


def test_decline_and_withdraw(team, team_opportunity, manager_a, supervisor_a, org_a, mate):
    assignment = apply_team(team, team_opportunity)
    with pytest.raises(PermissionDenied):
        services.decline_assignment(assignment=assignment, by=supervisor_a)
    services.decline_assignment(assignment=assignment, by=manager_a, note="اخترنا فريقًا آخر.")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.decision_note) == ("declined", "اخترنا فريقًا آخر.")
    with pytest.raises(ValidationError):
        services.accept_assignment(assignment=assignment, by=manager_a)
    other = apply_team(team, published_opportunity(org_a, execution_mode="team", team_size=2, seats=2))
    with pytest.raises(PermissionDenied):
        services.withdraw_assignment(assignment=other, by=mate.user)
    services.withdraw_assignment(assignment=other, by=team.leader)
    other.refresh_from_db()
    assert other.status == "withdrawn"


# --- team hours ---------------------------------------------------------------------------------


def _log(engagement, hours: str, *, approve_by=None):
    entry = hour_services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate(), hours=Decimal(hours), confirm_over_plan=True
    )
    if approve_by is not None:
        hour_services.approve_hours(entry=entry, by=approve_by)
    return entry


def test_team_hours_are_the_members_approved_hours_on_the_team_work(
    team, team_opportunity, manager_a, org_a, lead, django_assert_num_queries
):
    engagements = services.accept_assignment(assignment=apply_team(team, team_opportunity), by=manager_a)
    for engagement in engagements:
        accept_agreement(engagement)  # each member's hours wait for their own agreement
    _log(engagements[0], "3", approve_by=manager_a)
    _log(engagements[1], "2.5", approve_by=manager_a)
    _log(engagements[1], "4")  # not approved yet
    # Hours on the lead's individual work do not count for the team.
    from khibra.recruitment.services import applications
    from khibra.recruitment.tests.selection_fixtures import apply_to

    solo = applications.accept_application(application=apply_to(published_opportunity(org_a), lead), by=manager_a)
    accept_agreement(solo)
    _log(solo, "5", approve_by=manager_a)
    with django_assert_num_queries(1):
        assert selectors.team_hours(team) == Decimal("5.5")
    work = selectors.member_work([engagements[0].team_link.assignment])
    assert sorted(row.hours for rows in work.values() for row in rows) == [Decimal("2.5"), Decimal("3")]
    assert {row.deliverable_status for rows in work.values() for row in rows} == {"not_started"}


# --- provider teams -----------------------------------------------------------------------------


def test_a_coordinator_builds_a_team_of_verified_members(provider_p, coordinator_p, lead, mate, third):
    for profile in (lead, mate):
        make_provider_member(provider_p, coordinator_p, profile)
    team = services.create_team(by=coordinator_p, provider=provider_p, name="فريق مدار", leader=lead, members=[mate, lead])
    assert team.leader_id == lead.user_id
    assert set(TeamMember.objects.active().filter(team=team).values_list("volunteer_id", "role")) == {(lead.pk, "leader"), (mate.pk, "member")}
    # Someone who is not a verified member of the provider cannot join, by creation or invitation.
    with pytest.raises(ValidationError) as error:
        services.create_team(by=coordinator_p, provider=provider_p, name="فريق آخر", leader=lead, members=[third])
    assert "members" in error.value.error_dict
    # An invitation does not say whether the address belongs to a non-member: it is e-mailed instead.
    assert services.invite_member(team=team, by=coordinator_p, email=third.user.email) is None
    assert not TeamMember.objects.filter(team=team, volunteer=third).exists()


def test_only_the_providers_staff_create_its_teams(provider_p, provider_q, coordinator_p, coordinator_q, lead, manager_a, org_a):
    make_provider_member(provider_p, coordinator_p, lead)
    for outsider in (coordinator_q, lead.user, manager_a):
        with pytest.raises(PermissionDenied):
            services.create_team(by=outsider, provider=provider_p, name="فريق", leader=lead)
    with pytest.raises(PermissionDenied):  # a non-profit is no provider
        services.create_team(by=manager_a, provider=org_a, name="فريق", leader=lead)
    # A member of another provider is not a member of this one.
    make_provider_member(provider_q, coordinator_q, VolunteerProfileFactory())
    other = VolunteerProfileFactory()
    make_provider_member(provider_q, coordinator_q, other)
    with pytest.raises(ValidationError):
        services.create_team(by=coordinator_p, provider=provider_p, name="فريق", leader=other)
    assert not Team.objects.exists()


def test_a_provider_team_takes_on_work_only_under_a_signed_partnership(
    provider_p, coordinator_p, lead, mate, team_opportunity, org_a, manager_a
):
    for profile in (lead, mate):
        make_provider_member(provider_p, coordinator_p, profile)
    team = services.create_team(by=coordinator_p, provider=provider_p, name="فريق مدار", leader=lead, members=[mate])
    with pytest.raises(ValidationError) as refused:
        apply_team(team, team_opportunity)
    assert "partner_agreement_required" in {error.code for error in refused.value.error_list}
    assert not TeamAssignment.objects.exists()
    signed_partnership(organization=org_a, partner=provider_p, opportunity=team_opportunity)
    assignment = apply_team(team, team_opportunity)
    engagements = services.accept_assignment(assignment=assignment, by=manager_a)
    assert len(engagements) == 2


def test_an_expired_partnership_does_not_cover_a_provider_team(provider_p, coordinator_p, lead, mate, team_opportunity, org_a):
    for profile in (lead, mate):
        make_provider_member(provider_p, coordinator_p, profile)
    team = services.create_team(by=coordinator_p, provider=provider_p, name="فريق مدار", leader=lead, members=[mate])
    today = timezone.localdate()
    signed_partnership(organization=org_a, partner=provider_p, opportunity=team_opportunity,
                       starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        apply_team(team, team_opportunity)
    assert "partner_agreement_required" in {error.code for error in refused.value.error_list}
