"""Fixtures of the volunteers tests: a minor, a pending identity, a second charter version."""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.accounts.models import Policy, PolicyKind
from khibra.accounts.selectors import current_policy
from khibra.testing.factories import VolunteerProfileFactory, national_id
from khibra.volunteers.models import VolunteerProfile


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        then = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - years, day=28)
    return then - dt.timedelta(days=days)


@pytest.fixture
def profile(volunteer) -> VolunteerProfile:
    return volunteer.volunteer_profile


@pytest.fixture
def minor_profile(db) -> VolunteerProfile:
    return VolunteerProfileFactory(birth_date=years_ago(16), user__full_name="لين السبيعي")


@pytest.fixture
def pending_profile(other_volunteer) -> VolunteerProfile:
    profile = other_volunteer.volunteer_profile
    profile.national_id = national_id("123456789")
    profile.identity_status = VolunteerProfile.IdentityStatus.PENDING
    profile.save()
    return profile


@pytest.fixture
def publish_charter(db):
    """Publish a new version of the ethics charter, as platform staff would."""

    def publish() -> Policy:
        previous = current_policy(PolicyKind.CHARTER)
        return Policy.objects.create(
            kind=PolicyKind.CHARTER,
            version=previous.version + 1,
            title_ar=previous.title_ar,
            title_en=previous.title_en,
            body_ar=previous.body_ar + "\n\n٩. الاستدامة: أوثّق عملي ليستمر أثره بعدي.",
            body_en=previous.body_en + "\n\n9. Sustainability: I document my work so it lasts after me.",
        )

    return publish
