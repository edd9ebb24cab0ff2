"""A certificate keeps the volunteer's name it was issued with, whatever the name becomes later."""

import pytest

from khibra.volunteers import services as volunteers

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    applicant,
    application,
    certificate,
    certificates,
    completed,
    engagement,
    hours,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db


def test_a_renamed_volunteer_keeps_the_name_on_issued_certificates(certificate, applicant):
    volunteers.update_full_name(user=applicant.user, full_name="اسم مختلف تماما")
    certificate.refresh_from_db()
    assert certificate.volunteer_name == ARABIC_NAME
