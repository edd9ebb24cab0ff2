"""The public opportunity page lists the courses to complete before applying."""

import pytest

from khibra.testing.factories import field, published_opportunity
from khibra.training import services
from khibra.training.models import Course

pytestmark = pytest.mark.django_db


def test_required_courses_on_the_public_page(client, org_a, manager_a):
    opportunity = published_opportunity(org_a)
    course = Course.objects.create(title_ar="حماية البيانات الشخصية", title_en="Personal data protection", field=field(),
                                   delivery="external", url="https://learn.example.sa/pdp", duration_hours=3)
    assert b'id="required-courses"' not in client.get(f"/en/opportunities/{opportunity.pk}/").content
    services.require_course(opportunity=opportunity, course=course, by=manager_a)
    page = client.get(f"/en/opportunities/{opportunity.pk}/").content
    assert b'id="required-courses"' in page and b"Personal data protection" in page
