import datetime as dt
from decimal import Decimal

from django.utils import timezone
import pytest

from khibra.testing.factories import OpportunityFactory, field, published_opportunity, ready_volunteer
from khibra.training import services
from khibra.volunteers.models import VolunteerProfile


def course_values(**overrides):
    values = {
        "title_ar": "حماية البيانات الشخصية",
        "title_en": "Personal data protection",
        "description": "مبادئ حماية بيانات المستفيدين.",
        "field": field("data-management"),
        "specialty": "حماية البيانات",
        "delivery": "external",
        "url": "https://academy.example/pdp",
        "duration_hours": Decimal("3"),
    }
    values.update(overrides)
    return values


@pytest.fixture
def platform_course(staff):
    return services.create_course(by=staff, **course_values())


@pytest.fixture
def course_a(org_a, manager_a):
    return services.create_course(
        by=manager_a, provider=org_a, **course_values(title_ar="سياسة حماية الطفل", title_en="Child safeguarding", delivery="internal", url="")
    )


@pytest.fixture
def profile(volunteer):
    return VolunteerProfile.objects.get(user=volunteer)


@pytest.fixture
def declared_a(course_a, volunteer):
    return services.declare_completion(course=course_a, by=volunteer, completed_on=timezone.localdate() - dt.timedelta(days=3))


@pytest.fixture
def opportunity_a(org_a):
    return published_opportunity(org_a)


@pytest.fixture
def draft_a(org_a):
    return OpportunityFactory(organization=org_a)


@pytest.fixture
def ready_profile(profile):
    return ready_volunteer(profile)
