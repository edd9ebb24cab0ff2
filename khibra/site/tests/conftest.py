"""The engagement of the volunteer persona on org A's opportunity (engagements' fixtures), for the
homes' tests."""

from khibra.engagements.tests.conftest import engagement, waiting_engagement  # noqa: F401  (fixtures)
from khibra.recruitment.tests.selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    opportunity,
    question,
)
