"""A published team opportunity of org A (team of up to 3, 3 seats), three volunteers ready to
apply, a team led by the volunteer persona with two active members; provider P (a company) with
a coordinator and verified members."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.utils import timezone
import pytest

from khibra.providers import services as provider_services
from khibra.teams import services
from khibra.testing.factories import MembershipFactory, VolunteerProfileFactory, published_opportunity, ready_volunteer


@pytest.fixture
def team_opportunity(org_a, supervisor_a):
    return published_opportunity(org_a, supervisor=supervisor_a, execution_mode="team", team_size=3, seats=3)


@pytest.fixture
def lead(volunteer):
    return ready_volunteer(volunteer.volunteer_profile)


@pytest.fixture
def mate(other_volunteer):
    return ready_volunteer(other_volunteer.volunteer_profile)


@pytest.fixture
def third(db):
    return ready_volunteer(VolunteerProfileFactory())


def build_team(lead, *profiles, name="فريق التحول الرقمي"):
    team = services.create_team(by=lead.user, name=name, description="فريق من المطورين والمصممين.")
    for profile in profiles:
        member = services.invite_member(team=team, by=lead.user, email=profile.user.email)
        services.accept_invitation(member=member, by=profile.user)
    team.refresh_from_db()
    return team


@pytest.fixture
def team(lead, mate):
    return build_team(lead, mate)


def apply_team(team, opportunity, **overrides):
    values = {
        "team": team, "opportunity": opportunity, "by": team.leader,
        "motivation": "فريقنا أنجز مواقع لجمعيات عدة ويعمل معًا منذ سنتين.",
        "answers": {str(q.pk): "نعم، لدينا خبرة." for q in opportunity.screening_questions.all()},
        "availability_confirmed": True,
    }
    values.update(overrides)
    return services.apply_as_team(**values)


# --- providers -------------------------------------------------------------------------------------






def make_provider_member(provider, coordinator, profile):
    """A verified member through an accepted invitation."""
    address = f"u{profile.user.pk}@{provider.slug}.example"
    EmailAddress.objects.create(user=profile.user, email=address, verified=True, primary=False)
    admin = MembershipFactory(organization=provider, role="admin").user
    program = provider.provider_programs.first() or provider_services.create_program(
        provider=provider, by=admin, name="برنامج الموظفين", audience="employees",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
    )
    invitation = provider_services.invite_member(provider=provider, by=coordinator, email=address, program=program)
    return provider_services.accept_invitation(member=invitation, user=profile.user)
