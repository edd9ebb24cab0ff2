import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
import pytest

from khibra.hours import services as hour_services
from khibra.providers import selectors, services
from khibra.providers.models import MemberStatus, Participation, ParticipationStatus, ProviderMember
from khibra.testing.factories import published_opportunity

from .conftest import make_member, start, verified_address


def log(engagement, days_ago=1, hours="2"):
    return hour_services.log_hours(
        engagement=engagement, by=engagement.volunteer.user, date=timezone.localdate() - dt.timedelta(days=days_ago), hours=Decimal(hours)
    )


# --- domains ------------------------------------------------------------------------------------


def test_it_joins_by_a_verified_address_at_the_domain(provider_p, admin_p, program_p, volunteer):
    services.add_domain(provider=provider_p, by=admin_p, domain="  @Madar.Example ")
    verified_address(volunteer, "someone@madar.example")
    member = services.join_by_domain(provider=provider_p, user=volunteer, program=program_p)
    assert member.status == MemberStatus.VERIFIED and member.how == "domain" and member.verified_at


def test_it_refuses_a_domain_join_with_an_unconfirmed_address(provider_p, admin_p, volunteer):
    from allauth.account.models import EmailAddress

    services.add_domain(provider=provider_p, by=admin_p, domain="madar.example")
    EmailAddress.objects.create(user=volunteer, email="x@madar.example", verified=False)
    with pytest.raises(ValidationError) as error:
        services.join_by_domain(provider=provider_p, user=volunteer)
    assert error.value.code == "no_domain"
    assert not ProviderMember.objects.filter(user=volunteer).exists()


@pytest.mark.parametrize("domain,code", [("gmail.com", "public"), ("not a domain", "invalid"), ("", "invalid")])
def test_it_refuses_bad_domains(provider_p, admin_p, domain, code):
    with pytest.raises(ValidationError) as error:
        services.add_domain(provider=provider_p, by=admin_p, domain=domain)
    assert error.value.error_dict["domain"][0].code == code


def test_a_domain_belongs_to_one_provider(provider_p, admin_p, provider_q):
    from khibra.testing.factories import MembershipFactory

    services.add_domain(provider=provider_p, by=admin_p, domain="madar.example")
    admin_q = MembershipFactory(organization=provider_q, role="admin").user
    with pytest.raises(ValidationError):
        services.add_domain(provider=provider_q, by=admin_q, domain="MADAR.example")


def test_only_admins_add_domains(provider_p, coordinator_p):
    with pytest.raises(PermissionDenied):
        services.add_domain(provider=provider_p, by=coordinator_p, domain="madar.example")


# --- invitations and requests -------------------------------------------------------------------


def test_an_invitation_accepted_makes_a_verified_member(provider_p, program_p, coordinator_p, volunteer, mailoutbox=None):
    from khibra.core.models import OutboundEmail

    verified_address(volunteer, "v@madar.example")
    invitation = services.invite_member(provider=provider_p, by=coordinator_p, email="V@madar.example", program=program_p)
    assert invitation.status == MemberStatus.INVITED and invitation.user is None
    assert OutboundEmail.objects.filter(to="v@madar.example").exists()
    member = services.accept_invitation(member=invitation, user=volunteer)
    assert member.status == MemberStatus.VERIFIED and member.user == volunteer and member.program == program_p


def test_an_invitation_is_only_for_its_address(provider_p, coordinator_p, volunteer, other_volunteer):
    verified_address(volunteer, "v@madar.example")
    invitation = services.invite_member(provider=provider_p, by=coordinator_p, email="v@madar.example")
    with pytest.raises(ValidationError) as error:
        services.accept_invitation(member=invitation, user=other_volunteer)
    assert error.value.code == "email_mismatch"
    invitation.refresh_from_db()
    assert invitation.status == MemberStatus.INVITED


def test_invitations_need_a_valid_address_and_a_coordinator(provider_p, coordinator_p, manager_a):
    with pytest.raises(ValidationError):
        services.invite_member(provider=provider_p, by=coordinator_p, email="not-an-address")
    with pytest.raises(PermissionDenied):
        services.invite_member(provider=provider_p, by=manager_a, email="a@b.sa")
    assert not ProviderMember.objects.exists()


def test_a_request_waits_for_the_coordinator(provider_p, coordinator_p, volunteer):
    member = services.request_to_join(provider=provider_p, user=volunteer, job_title="مهندس")
    assert member.status == MemberStatus.PENDING
    with pytest.raises(ValidationError):
        services.request_to_join(provider=provider_p, user=volunteer)
    member = services.verify_member(member=member, by=coordinator_p)
    assert member.status == MemberStatus.VERIFIED and member.verified_by == coordinator_p


def test_a_declined_request(provider_p, coordinator_p, volunteer):
    member = services.request_to_join(provider=provider_p, user=volunteer)
    member = services.decline_member(member=member, by=coordinator_p, note="لا يعمل لدينا")
    assert member.status == MemberStatus.DECLINED
    with pytest.raises(ValidationError):
        services.verify_member(member=member, by=coordinator_p)


def test_another_providers_coordinator_cannot_verify(provider_p, coordinator_q, volunteer):
    member = services.request_to_join(provider=provider_p, user=volunteer)
    with pytest.raises(PermissionDenied):
        services.verify_member(member=member, by=coordinator_q)


def test_a_non_profit_cannot_be_joined(org_a, volunteer):
    with pytest.raises(ValidationError):
        services.request_to_join(provider=org_a, user=volunteer)


# --- privacy ------------------------------------------------------------------------------------


def test_a_non_profit_sees_the_provider_only_when_shared(member, org_a, provider_p, volunteer):
    profile = volunteer.volunteer_profile
    assert selectors.visible_provider(profile, org_a) is None
    assert selectors.visible_provider(profile, provider_p) == provider_p  # the provider knows its own
    services.set_sharing(member=member, by=volunteer, share=True)
    assert selectors.visible_provider(profile, org_a) == provider_p
    services.set_sharing(member=member, by=volunteer, share=False)
    assert selectors.visible_provider(profile, org_a) is None


def test_only_the_volunteer_decides_sharing(member, coordinator_p):
    with pytest.raises(PermissionDenied):
        services.set_sharing(member=member, by=coordinator_p, share=True)
    member.refresh_from_db()
    assert member.share_with_nonprofits is False


def test_leaving_hides_the_employer(member, org_a, volunteer):
    services.set_sharing(member=member, by=volunteer, share=True)
    services.leave(member=member, by=volunteer)
    assert selectors.visible_provider(volunteer.volunteer_profile, org_a) is None


def test_a_pending_member_is_never_shown(provider_p, org_a, volunteer):
    member = services.request_to_join(provider=provider_p, user=volunteer)
    ProviderMember.objects.filter(pk=member.pk).update(share_with_nonprofits=True)
    assert selectors.visible_provider(volunteer.volunteer_profile, org_a) is None


# --- participations and the hours tag -------------------------------------------------------------


def test_an_engagement_start_opens_a_pending_participation(engagement, member):
    participation = Participation.objects.get(engagement=engagement)
    assert participation.member == member and participation.status == ParticipationStatus.PENDING


def test_no_participation_without_a_program(provider_p, coordinator_p, volunteer, opportunity_a, manager_a):
    make_member(provider_p, None, volunteer, coordinator_p)
    engagement = start(opportunity_a, volunteer.volunteer_profile, manager_a)
    assert not Participation.objects.filter(engagement=engagement).exists()


def test_approval_tags_the_hours_logged_after_it(engagement, coordinator_p, provider_p):
    before = log(engagement, days_ago=3)
    assert before.provider is None
    participation = Participation.objects.get(engagement=engagement)
    services.approve_participation(participation=participation, by=coordinator_p, paid_time=True)
    after = log(engagement, days_ago=2)
    assert after.provider == provider_p
    before.refresh_from_db()
    assert before.provider is None


def test_declined_or_pending_participations_leave_hours_untagged(engagement, coordinator_p):
    assert log(engagement, days_ago=3).provider is None
    services.decline_participation(participation=Participation.objects.get(engagement=engagement), by=coordinator_p)
    assert log(engagement, days_ago=2).provider is None


def test_paid_time_only_where_the_program_counts_it(provider_p, unpaid_program_p, coordinator_p, volunteer, opportunity_a, manager_a):
    make_member(provider_p, unpaid_program_p, volunteer, coordinator_p)
    engagement = start(opportunity_a, volunteer.volunteer_profile, manager_a)
    participation = Participation.objects.get(engagement=engagement)
    with pytest.raises(ValidationError):
        services.approve_participation(participation=participation, by=coordinator_p, paid_time=True)
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.PENDING
    services.approve_participation(participation=participation, by=coordinator_p, paid_time=False)


def test_another_provider_cannot_approve(engagement, coordinator_q):
    with pytest.raises(PermissionDenied):
        services.approve_participation(participation=Participation.objects.get(engagement=engagement), by=coordinator_q)


def test_a_decided_participation_is_final(engagement, coordinator_p):
    participation = Participation.objects.get(engagement=engagement)
    services.approve_participation(participation=participation, by=coordinator_p)
    with pytest.raises(ValidationError):
        services.decline_participation(participation=participation, by=coordinator_p)


# --- suggestions --------------------------------------------------------------------------------


def test_it_suggests_a_sharing_member_to_a_partners_open_opportunity(member, partnership, opportunity_a, coordinator_p, volunteer, org_a):
    services.set_sharing(member=member, by=volunteer, share=True)
    suggestion = services.suggest_member(member=member, opportunity=opportunity_a, by=coordinator_p, note="خبير")
    assert list(selectors.suggestions_for_nonprofit(org_a)) == [suggestion]
    with pytest.raises(ValidationError):
        services.suggest_member(member=member, opportunity=opportunity_a, by=coordinator_p)
    # Sharing turned off: the non-profit no longer sees the suggestion.
    services.set_sharing(member=member, by=volunteer, share=False)
    assert list(selectors.suggestions_for_nonprofit(org_a)) == []


def test_no_suggestion_to_a_non_partner(member, org_b, manager_b, coordinator_p, volunteer):
    services.set_sharing(member=member, by=volunteer, share=True)
    other = published_opportunity(org_b)
    with pytest.raises(ValidationError) as error:
        services.suggest_member(member=member, opportunity=other, by=coordinator_p)
    assert error.value.error_dict["opportunity"][0].code == "not_partner_opportunity"


def test_no_suggestion_to_a_closed_opportunity(member, partnership, opportunity_a, coordinator_p, volunteer):
    services.set_sharing(member=member, by=volunteer, share=True)
    opportunity_a.status = "closed"
    opportunity_a.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.suggest_member(member=member, opportunity=opportunity_a, by=coordinator_p)


def test_no_suggestion_without_the_members_permission(member, partnership, opportunity_a, coordinator_p):
    with pytest.raises(ValidationError) as error:
        services.suggest_member(member=member, opportunity=opportunity_a, by=coordinator_p)
    assert error.value.code == "not_shared"


def test_no_suggestion_after_the_partnership_ended(member, org_a, provider_p, opportunity_a, manager_a, coordinator_p, volunteer):
    from khibra.agreements.models import PartnerAgreement

    from .conftest import sign_partnership

    agreement = sign_partnership(org_a, provider_p, opportunity_a, manager_a, coordinator_p)
    PartnerAgreement.objects.filter(pk=agreement.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=60), ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    services.set_sharing(member=member, by=volunteer, share=True)
    with pytest.raises(ValidationError):
        services.suggest_member(member=member, opportunity=opportunity_a, by=coordinator_p)
