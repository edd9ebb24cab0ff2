"""Fixtures of the selection tests (imported by test_applications*, test_selection*,
test_responsiveness*): a published opportunity of org A with two seats and a screening question,
volunteers ready to apply, and an application built through the service."""

import pytest

from khibra.recruitment.services import applications as services
from khibra.testing.factories import (
    ScreeningQuestionFactory,
    VolunteerProfileFactory,
    published_opportunity,
    ready_volunteer,
)


@pytest.fixture
def opportunity(org_a, supervisor_a):
    return published_opportunity(org_a, supervisor=supervisor_a)


@pytest.fixture
def question(opportunity):
    return ScreeningQuestionFactory(opportunity=opportunity)


@pytest.fixture
def applicant(volunteer):
    """The volunteer persona, ready to apply (charter accepted, speaks Arabic)."""
    return ready_volunteer(volunteer.volunteer_profile)


@pytest.fixture
def other_applicant(other_volunteer):
    return ready_volunteer(other_volunteer.volunteer_profile)


def make_applicant(**profile):
    return ready_volunteer(VolunteerProfileFactory(**profile))


def apply_to(opportunity, profile, **overrides):
    values = {
        "opportunity": opportunity,
        "volunteer": profile,
        "motivation": "عملت عشر سنوات في تطوير المواقع وأرغب في خدمة الجمعية.",
        "answers": {str(q.pk): "بنيت منصة تبرعات بإطار جانغو." for q in opportunity.screening_questions.all()},
        "availability_confirmed": True,
    }
    values.update(overrides)
    return services.apply(**values)


@pytest.fixture
def application(opportunity, question, applicant):
    return apply_to(opportunity, applicant)


@pytest.fixture
def other_application(opportunity, question, other_applicant):
    return apply_to(opportunity, other_applicant)
