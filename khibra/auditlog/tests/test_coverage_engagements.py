"""Hours approval and return, and certificate issue and revoke, write their audit event."""

from decimal import Decimal

import pytest

from khibra.certificates import services as certificate_services
from khibra.certificates.tests.fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    certificate,
    certificates,
    close,
    completed,
    engagement,
    hours,
    opportunity,
    question,
)
from khibra.engagements.models import Engagement
from khibra.hours import services as hour_services
from khibra.hours.tests.conftest import log, start
from khibra.testing.factories import published_opportunity

from .coverage import assert_recorded


@pytest.fixture
def hour_entry(org_a, supervisor_a, manager_a, other_volunteer):
    opportunity = published_opportunity(org_a, supervisor=supervisor_a, hours_per_week=Decimal("5"))
    return log(start(opportunity, other_volunteer.volunteer_profile, manager_a))


def test_approving_hours_is_recorded(hour_entry, supervisor_a, org_a):
    hour_services.approve_hours(entry=hour_entry, by=supervisor_a)
    event = assert_recorded("hours.approved", actor=supervisor_a, target=hour_entry, organization=org_a)
    assert Decimal(event.data["hours"]) == 2


def test_returning_hours_is_recorded(hour_entry, supervisor_a, org_a):
    hour_services.return_hours(entry=hour_entry, by=supervisor_a, reason="التاريخ خارج فترة المشاركة.")
    event = assert_recorded("hours.returned", actor=supervisor_a, target=hour_entry, organization=org_a)
    assert event.data["reason"] == "التاريخ خارج فترة المشاركة."


def test_issuing_at_closing_is_recorded(certificates, manager_a, org_a):
    for issued in certificates:
        assert_recorded("certificate.issued", actor=manager_a, target=issued, organization=org_a)


def test_issuing_by_hand_is_recorded(engagement, hours, admin_a, org_a):
    hours[engagement.pk] = Decimal("3")
    close(engagement, Engagement.Status.COMPLETED)
    issued = certificate_services.issue_certificate(engagement=engagement, kind="participation", by=admin_a)
    assert_recorded("certificate.issued", actor=admin_a, target=issued, organization=org_a)


def test_revoking_is_recorded(certificate, admin_a, org_a):
    certificate_services.revoke_certificate(certificate=certificate, by=admin_a, reason="صدرت باسم خاطئ.")
    assert_recorded("certificate.revoked", actor=admin_a, target=certificate, organization=org_a)
