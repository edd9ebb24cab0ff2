"""Provider P (a company) and Q (a university) with their coordinators; a volunteer who is P's
verified member; an active engagement of that volunteer with org A (a non-profit)."""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone
import pytest

from khibra.engagements.models import Engagement
from khibra.providers import services
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import accept_agreement, published_opportunity, ready_volunteer


@pytest.fixture
def program_p(provider_p, admin_p):
    return services.create_program(
        provider=provider_p, by=admin_p, name="برنامج الموظفين", audience="employees", counts_as_work_time=True,
        starts_on=timezone.localdate() - dt.timedelta(days=30),
    )


@pytest.fixture
def unpaid_program_p(provider_p, admin_p):
    return services.create_program(
        provider=provider_p, by=admin_p, name="برنامج تطوعي", audience="members", starts_on=timezone.localdate(),
    )


def verified_address(user, address: str):
    return EmailAddress.objects.create(user=user, email=address, verified=True, primary=False)


def make_member(provider, program, user, coordinator):
    """A verified member through an accepted invitation."""
    verified_address(user, f"u{user.pk}@madar.example") if not EmailAddress.objects.filter(user=user, verified=True).exists() else None
    address = EmailAddress.objects.filter(user=user, verified=True).first().email
    invitation = services.invite_member(provider=provider, by=coordinator, email=address, program=program)
    return services.accept_invitation(member=invitation, user=user)


@pytest.fixture
def member(provider_p, program_p, volunteer, coordinator_p):
    return make_member(provider_p, program_p, volunteer, coordinator_p)


def start(opportunity, profile, manager, *, days_ago: int = 10) -> Engagement:
    application = apply_to(opportunity, ready_volunteer(profile))
    engagement = applications.accept_application(application=application, by=manager)
    accept_agreement(engagement)  # hours open once the agreement is accepted
    Engagement.objects.filter(pk=engagement.pk).update(started_on=timezone.localdate() - dt.timedelta(days=days_ago))
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def opportunity_a(org_a, supervisor_a):
    return published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))


@pytest.fixture
def engagement(member, opportunity_a, volunteer, manager_a):
    return start(opportunity_a, volunteer.volunteer_profile, manager_a)


def sign_partnership(nonprofit, provider, opportunity, manager, coordinator, *, ends_in_days: int = 200):
    from khibra.agreements import services as agreement_services

    if agreement_services.current_agreement(opportunity) is None:
        agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager)
    today = timezone.localdate()
    agreement = agreement_services.create_partner_agreement(
        organization=nonprofit, partner=provider, opportunity=opportunity, by=manager,
        impact_preamble="أثر مشترك", volunteers_count=2, starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=ends_in_days), partner_obligations="ترشيح المتطوعين",
        communication_channels="البريد", communication_frequency="أسبوعيًا", deliverables_follow_up="مراجعة المخرجات",
    )
    agreement = agreement_services.propose_partner_agreement(agreement=agreement, by=manager)
    agreement = agreement_services.accept_partner_agreement(agreement=agreement, by=manager)
    return agreement_services.accept_partner_agreement(agreement=agreement, by=coordinator)


@pytest.fixture
def partnership(org_a, provider_p, opportunity_a, manager_a, coordinator_p):
    return sign_partnership(org_a, provider_p, opportunity_a, manager_a, coordinator_p)
