"""The courses page links each person to their own courses: a volunteer to "My courses", a
manager to their organization's courses (never to a page that answers 404)."""

from django.urls import reverse
import pytest

pytestmark = pytest.mark.django_db


def test_a_manager_without_a_profile_reaches_the_organization_courses(client, manager_a, org_a):
    client.force_login(manager_a)
    page = client.get(reverse("training:catalogue")).content.decode()
    assert 'id="my-training-link"' not in page
    assert f'id="org-training-link-{org_a.slug}"' in page
    assert client.get(reverse("training:org_courses", args=[org_a.slug])).status_code == 200


def test_a_volunteer_reaches_my_courses(client, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("training:catalogue")).content.decode()
    assert 'id="my-training-link"' in page
    assert client.get(reverse("training:mine")).status_code == 200


def test_a_supervisor_gets_no_course_link(client, supervisor_a, org_a):
    client.force_login(supervisor_a)
    page = client.get(reverse("training:catalogue")).content.decode()
    assert 'id="my-training-link"' not in page and "org-training-link" not in page
