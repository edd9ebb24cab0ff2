"""Accepting a volunteer agreement and accepting or signing a partner agreement write their audit
event, for the organization (and the partner) whose admins must see it."""

from khibra.agreements import services
from khibra.agreements.tests.conftest import (  # noqa: F401  (fixtures)
    agreement,
    charter_volunteer,
    opportunity,
    partner,
    partner_agreement,
    partner_coordinator,
    selected_volunteer,
)

from .coverage import assert_recorded


def test_a_volunteer_accepting_the_agreement_is_recorded(agreement, charter_volunteer, org_a):
    acceptance = services.accept_volunteer_agreement(agreement=agreement, volunteer=charter_volunteer)
    event = assert_recorded("agreement.accepted", actor=charter_volunteer, target=acceptance, organization=org_a)
    assert event.data["version"] == agreement.version


def test_each_side_accepting_and_the_signature_are_recorded(partner_agreement, agreement, manager_a, partner_coordinator, org_a, partner):
    services.propose_partner_agreement(agreement=partner_agreement, by=manager_a)
    services.accept_partner_agreement(agreement=partner_agreement, by=manager_a)
    assert_recorded("partner_agreement.accepted_for_organization", actor=manager_a, target=partner_agreement, organization=org_a)

    services.accept_partner_agreement(agreement=partner_agreement, by=partner_coordinator)
    assert_recorded("partner_agreement.accepted_for_partner", actor=partner_coordinator, target=partner_agreement, organization=partner)
    assert_recorded("partner_agreement.signed", actor=partner_coordinator, target=partner_agreement, organization=org_a)
