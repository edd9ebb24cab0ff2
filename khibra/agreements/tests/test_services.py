"""Every rule and transition of step 4: versions, acceptance, partnerships, shortlists."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
import pytest

from khibra.accounts.models import Policy
from khibra.agreements import selectors, services
from khibra.agreements.models import AgreementAcceptance, PartnerAgreement, ShortlistEntry, VolunteerAgreement
from khibra.core.models import AuditEvent
from khibra.opportunities.models import Opportunity
from khibra.testing.factories import OrganizationFactory, VolunteerProfileFactory

from .conftest import make_opportunity, partner_terms

pytestmark = pytest.mark.django_db


# --- generating versions ---------------------------------------------------------------------


def test_a_manager_generates_the_first_version(opportunity, manager_a):
    agreement = services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    assert agreement.version == 1
    assert agreement.content["ar"]["title"] == opportunity.title
    assert len(agreement.content_hash) == 64
    assert AuditEvent.objects.filter(verb="agreement.generated", organization=opportunity.organization).count() == 1


def test_an_unchanged_opportunity_keeps_its_current_version(agreement, opportunity, admin_a):
    again = services.generate_volunteer_agreement(opportunity=opportunity, by=admin_a)

    assert again.pk == agreement.pk
    assert VolunteerAgreement.objects.filter(opportunity=opportunity).count() == 1
    assert AuditEvent.objects.filter(verb="agreement.generated").count() == 1


def test_a_changed_opportunity_makes_a_new_version(agreement, opportunity, manager_a):
    opportunity.hours_per_week = 12
    opportunity.save()

    second = services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    assert second.version == 2
    assert second.content_hash != agreement.content_hash
    assert selectors.current_agreement(opportunity) == second
    agreement.refresh_from_db()
    assert agreement.content["en"]["title"] == opportunity.title  # the old version is untouched


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "volunteer", "staff"])
def test_only_the_organizations_admins_and_managers_generate(request, opportunity, persona):
    with pytest.raises(PermissionDenied):
        services.generate_volunteer_agreement(opportunity=opportunity, by=request.getfixturevalue(persona))
    assert not VolunteerAgreement.objects.exists()


def test_a_free_commercial_service_has_no_volunteer_agreement(org_a, manager_a):
    opportunity = make_opportunity(org_a, service_model=Opportunity.ServiceModel.FREE_COMMERCIAL)

    with pytest.raises(ValidationError) as error:
        services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    assert error.value.code == "free_commercial"
    assert not VolunteerAgreement.objects.exists()
    assert selectors.current_agreement(opportunity) is None


def test_the_version_is_unique_per_opportunity(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerAgreement.objects.create(
            opportunity=agreement.opportunity, version=1, content={}, content_hash="x"
        )


# --- accepting -------------------------------------------------------------------------------


def test_a_volunteer_accepts_the_latest_version_with_who_when_and_where(agreement, charter_volunteer):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox 140")

    acceptance = services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer, request=request)

    assert acceptance.agreement == agreement and acceptance.volunteer == charter_volunteer
    assert acceptance.accepted_at is not None
    assert acceptance.ip_address == "10.1.2.3" and acceptance.user_agent == "Firefox 140"
    event = AuditEvent.objects.get(verb="agreement.accepted")
    assert event.data["version"] == 1 and event.organization == agreement.opportunity.organization


def test_accepting_twice_is_harmless(agreement, charter_volunteer):
    first = services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)
    second = services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)

    assert first.pk == second.pk
    assert AgreementAcceptance.objects.count() == 1
    assert AuditEvent.objects.filter(verb="agreement.accepted").count() == 1


def test_the_ethics_charter_comes_first(agreement, selected_volunteer):
    with pytest.raises(ValidationError) as error:
        services.accept_volunteer_agreement(agreement=agreement, volunteer=selected_volunteer)

    assert error.value.code == "charter_required"
    assert not AgreementAcceptance.objects.exists()


def test_a_new_charter_version_must_be_accepted_first(agreement, charter_volunteer):
    current = Policy.objects.filter(kind="charter").order_by("-version").first()
    Policy.objects.create(
        kind="charter", version=current.version + 1, title_ar="ميثاق", title_en="Charter", body_ar="نص", body_en="Text"
    )
    with pytest.raises(ValidationError):
        services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)


def test_an_older_version_cannot_be_accepted(agreement, opportunity, manager_a, charter_volunteer):
    opportunity.deliverables = "مخرجات جديدة"
    opportunity.save()
    services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    with pytest.raises(ValidationError) as error:
        services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)

    assert error.value.code == "not_latest"
    assert not AgreementAcceptance.objects.exists()


def test_a_changed_agreement_must_be_accepted_again(agreement, opportunity, manager_a, charter_volunteer):
    assert selectors.needs_acceptance(volunteer=charter_volunteer, opportunity=opportunity)
    services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)
    assert not selectors.needs_acceptance(volunteer=charter_volunteer, opportunity=opportunity)

    opportunity.ends_on = dt.date(2026, 5, 15)
    opportunity.save()
    second = services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    assert selectors.needs_acceptance(volunteer=charter_volunteer, opportunity=opportunity)
    services.accept_volunteer_agreement(agreement=second, volunteer=charter_volunteer)
    assert not selectors.needs_acceptance(volunteer=charter_volunteer, opportunity=opportunity)
    assert AgreementAcceptance.objects.filter(volunteer=charter_volunteer).count() == 2


def test_nothing_to_accept_before_an_agreement_exists(opportunity, charter_volunteer):
    assert not selectors.needs_acceptance(volunteer=charter_volunteer, opportunity=opportunity)


def test_only_volunteers_accept(agreement, manager_a):
    """A team member without a volunteer profile is not a volunteer (access.can_accept)."""
    from khibra.accounts.services import accept_policy

    accept_policy(user=manager_a, kind="charter")
    with pytest.raises(PermissionDenied):
        services.accept_volunteer_agreement(agreement=agreement, volunteer=manager_a)


def test_a_volunteer_who_was_not_selected_cannot_accept(agreement, other_volunteer):
    from khibra.accounts.services import accept_policy

    accept_policy(user=other_volunteer, kind="charter")
    with pytest.raises(PermissionDenied):
        services.accept_volunteer_agreement(agreement=agreement, volunteer=other_volunteer)
    assert not AgreementAcceptance.objects.exists()


def test_a_selected_volunteer_accepts_even_after_applications_close(agreement, opportunity, charter_volunteer):
    Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.CLOSED)

    assert services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)


def test_a_withdrawn_engagement_no_longer_accepts(agreement, charter_volunteer):
    from khibra.engagements.models import Engagement
    from khibra.recruitment.models import Application

    Engagement.objects.update(status=Engagement.Status.WITHDRAWN)
    Application.objects.update(status=Application.Status.WITHDRAWN)
    with pytest.raises(PermissionDenied):
        services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)


# --- partnership agreements ------------------------------------------------------------------


def test_a_manager_drafts_a_partnership(partner_agreement, org_a, partner):
    assert partner_agreement.status == PartnerAgreement.Status.DRAFT
    assert partner_agreement.version == 1
    assert partner_agreement.organization == org_a and partner_agreement.partner == partner
    assert AuditEvent.objects.filter(verb="partner_agreement.created", organization=org_a).exists()


def test_the_partner_must_be_a_verified_provider(org_a, org_b, opportunity, manager_a):
    pending_company = OrganizationFactory(kind="company", verification_status="pending", verified_at=None)
    for partner in (org_b, pending_company, org_a):
        with pytest.raises(ValidationError):
            services.create_partner_agreement(
                organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms()
            )
    assert not PartnerAgreement.objects.exists()


def test_the_opportunity_must_be_the_organizations_own(org_a, partner, opportunity_b, manager_a):
    with pytest.raises(ValidationError):
        services.create_partner_agreement(
            organization=org_a, partner=partner, opportunity=opportunity_b, by=manager_a, **partner_terms()
        )


def test_a_free_commercial_service_has_no_partnership_agreement(org_a, partner, manager_a):
    opportunity = make_opportunity(org_a, service_model=Opportunity.ServiceModel.FREE_COMMERCIAL)
    with pytest.raises(ValidationError):
        services.create_partner_agreement(
            organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms()
        )


def test_the_period_must_be_in_order(org_a, partner, opportunity, manager_a):
    with pytest.raises(ValidationError) as error:
        services.create_partner_agreement(
            organization=org_a,
            partner=partner,
            opportunity=opportunity,
            by=manager_a,
            **partner_terms(starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 1)),
        )
    assert "ends_on" in error.value.error_dict


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "partner_admin"])
def test_only_the_nonprofits_managers_draft(request, org_a, partner, opportunity, persona):
    with pytest.raises(PermissionDenied):
        services.create_partner_agreement(
            organization=org_a, partner=partner, opportunity=opportunity, by=request.getfixturevalue(persona), **partner_terms()
        )


def test_unknown_terms_are_a_programming_error(org_a, partner, opportunity, manager_a):
    with pytest.raises(TypeError):
        services.create_partner_agreement(
            organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, status="signed", **partner_terms()
        )


def test_a_draft_changes_in_place(partner_agreement, manager_a):
    updated = services.update_partner_agreement(agreement=partner_agreement, by=manager_a, volunteers_count=5)

    assert updated.version == 1 and updated.volunteers_count == 5
    assert AuditEvent.objects.get(verb="partner_agreement.updated").data["fields"] == ["volunteers_count"]


def test_proposing_needs_annex_a(partner_agreement, manager_a):
    with pytest.raises(ValidationError) as error:
        services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    assert error.value.code == "no_annex"
    partner_agreement.refresh_from_db()
    assert partner_agreement.status == PartnerAgreement.Status.DRAFT


def test_the_partnership_is_signed_when_both_parties_accept(partner_agreement, agreement, manager_a, partner_coordinator):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)

    after_one = services.accept_partner_agreement(agreement=partner_agreement, by=manager_a)
    assert after_one.status == PartnerAgreement.Status.PROPOSED
    assert after_one.organization_accepted_by == manager_a and after_one.partner_accepted_at is None
    assert after_one.content is None

    signed = services.accept_partner_agreement(agreement=partner_agreement, by=partner_coordinator)

    assert signed.status == PartnerAgreement.Status.SIGNED
    assert signed.partner_accepted_by == partner_coordinator
    assert set(signed.content) >= {"ar", "en", "annex_a"}
    assert signed.content["annex_a"]["version"] == agreement.version
    keys = [section["key"] for section in signed.content["ar"]["sections"]]
    assert keys == [
        "preamble", "services", "commitments", "supervision", "volunteer_statements", "administration",
        "confidentiality", "ownership", "term", "disputes", "law", "entire", "signatures",
    ]
    assert AuditEvent.objects.filter(verb="partner_agreement.signed").count() == 1


def test_a_signed_partnership_keeps_its_text(partner_agreement, agreement, opportunity, manager_a, partner_admin):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    services.accept_partner_agreement(agreement=partner_agreement, by=manager_a)
    signed = services.accept_partner_agreement(agreement=partner_agreement, by=partner_admin)
    frozen = signed.content

    opportunity.deliverables = "شيء آخر"
    opportunity.save()
    services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
    with pytest.raises(ValidationError):
        services.update_partner_agreement(agreement=signed, by=manager_a, volunteers_count=9)
    with pytest.raises(ValidationError):
        services.withdraw_partner_agreement(agreement=signed, by=manager_a)

    signed.refresh_from_db()
    assert signed.content == frozen and signed.volunteers_count == 3


def test_editing_after_the_proposal_makes_a_new_version_and_clears_acceptances(
    partner_agreement, agreement, manager_a, partner_admin
):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    services.accept_partner_agreement(agreement=partner_agreement, by=partner_admin)

    updated = services.update_partner_agreement(agreement=partner_agreement, by=manager_a, termination_notice_days=7)

    assert updated.version == 2
    assert updated.status == PartnerAgreement.Status.PROPOSED
    assert updated.partner_accepted_at is None and updated.partner_accepted_by is None
    assert updated.organization_accepted_at is None


def test_saving_the_same_terms_after_the_proposal_changes_nothing(partner_agreement, agreement, manager_a):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    updated = services.update_partner_agreement(agreement=partner_agreement, by=manager_a, **partner_terms())
    assert updated.version == 1


def test_only_the_two_parties_accept(partner_agreement, agreement, manager_a, supervisor_a, admin_b):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    for outsider in (supervisor_a, admin_b):
        with pytest.raises(PermissionDenied):
            services.accept_partner_agreement(agreement=partner_agreement, by=outsider)


def test_a_draft_cannot_be_accepted(partner_agreement, manager_a):
    with pytest.raises(ValidationError):
        services.accept_partner_agreement(agreement=partner_agreement, by=manager_a)


def test_the_partner_may_withdraw_a_proposal_but_not_a_draft(partner_agreement, agreement, manager_a, partner_admin):
    with pytest.raises(PermissionDenied):
        services.withdraw_partner_agreement(agreement=partner_agreement, by=partner_admin)
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)

    withdrawn = services.withdraw_partner_agreement(agreement=partner_agreement, by=partner_admin)

    assert withdrawn.status == PartnerAgreement.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.accept_partner_agreement(agreement=withdrawn, by=manager_a)


def test_the_database_refuses_a_signature_without_both_acceptances(partner_agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerAgreement.objects.filter(pk=partner_agreement.pk).update(status="signed")


# --- shortlists ------------------------------------------------------------------------------


def test_shortlists_report_the_unmet_range_in_words(opportunity, manager_a, partner):
    status = selectors.shortlist_status(opportunity)
    assert not status["companies"].met and status["companies"].count == 0
    assert "5" in status["companies"].message
    assert not status["job_titles"].met

    services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", provider=partner)
    for title in ("مطور ويب", "مهندس برمجيات", "مصمم واجهات"):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="job_titles", name=title)

    status = selectors.shortlist_status(opportunity)
    assert status["companies"].count == 1 and "4" in status["companies"].message
    assert status["job_titles"].met and status["job_titles"].count == 3
    assert ShortlistEntry.objects.get(kind="companies").name == partner.name_ar


def test_a_shortlist_refuses_duplicates_and_overflow(opportunity, manager_a):
    for n in range(6):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="job_titles", name=f"مسمى {n}")
    with pytest.raises(ValidationError) as error:
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="job_titles", name="مسمى سابع")
    assert error.value.code == "full"

    services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", name="شركة أ")
    with pytest.raises(ValidationError):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", name="شركة أ")
    with pytest.raises(ValidationError):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", name="  ")
    with pytest.raises(ValidationError):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="partners", name="شركة ب")
    assert ShortlistEntry.objects.filter(kind="companies").count() == 1


def test_a_shortlist_links_only_verified_providers(opportunity, manager_a, org_b):
    with pytest.raises(ValidationError):
        services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", provider=org_b)


def test_only_managers_edit_shortlists(opportunity, manager_a, supervisor_a, admin_b):
    for outsider in (supervisor_a, admin_b):
        with pytest.raises(PermissionDenied):
            services.add_shortlist_entry(opportunity=opportunity, by=outsider, kind="companies", name="شركة")
    entry = services.add_shortlist_entry(opportunity=opportunity, by=manager_a, kind="companies", name="شركة")
    with pytest.raises(PermissionDenied):
        services.remove_shortlist_entry(entry=entry, by=admin_b)

    services.remove_shortlist_entry(entry=entry, by=manager_a)

    assert not ShortlistEntry.objects.exists()
    assert AuditEvent.objects.filter(verb="shortlist.removed").exists()


def test_being_selected_is_what_lets_a_volunteer_accept(agreement):
    from khibra.agreements import access

    from .conftest import select_volunteer

    user = VolunteerProfileFactory().user
    assert not access.can_accept(user, agreement)
    select_volunteer(agreement.opportunity, user)
    assert access.can_accept(user, agreement)
