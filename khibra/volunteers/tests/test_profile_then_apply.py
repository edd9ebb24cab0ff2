"""A newcomer who started an application creates the profile and comes back to the application:
the `next` page is kept through the form and honoured only when it is a path on this site."""

from django.urls import reverse
import pytest

from khibra.testing.factories import UserFactory
from khibra.volunteers.models import VolunteerProfile

from .test_forms import profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(full_name="ريم خالد الزهراني")


def test_saving_the_profile_returns_to_the_application(client, newcomer):
    apply_url = "/opportunities/7/apply/?ref=abc"
    client.force_login(newcomer)
    page = client.get(reverse("volunteers:profile_edit"), {"next": apply_url}).content.decode()
    assert 'id="profile-next"' in page
    response = client.post(reverse("volunteers:profile_edit"), profile_data(next=apply_url))
    assert response.status_code == 302 and response["Location"] == apply_url
    assert VolunteerProfile.objects.filter(user=newcomer).exists()


def test_the_profile_page_passes_next_on_to_the_form(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("volunteers:profile"), {"next": "/opportunities/7/apply/"})
    assert response["Location"] == reverse("volunteers:profile_edit") + "?next=%2Fopportunities%2F7%2Fapply%2F"


@pytest.mark.parametrize("bad", ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_a_next_off_the_site_is_ignored(client, newcomer, bad):
    client.force_login(newcomer)
    response = client.post(reverse("volunteers:profile_edit"), profile_data(next=bad))
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:profile")


def test_a_bad_profile_keeps_next_and_saves_nothing(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("volunteers:profile_edit"), profile_data(next="/opportunities/7/apply/", phone="12"))
    assert response.status_code == 200 and 'value="/opportunities/7/apply/"' in response.content.decode()
    assert not VolunteerProfile.objects.filter(user=newcomer).exists()


def test_the_application_form_sends_a_newcomer_to_the_profile_and_back(client, newcomer, org_a):
    from khibra.testing.factories import published_opportunity

    opportunity = published_opportunity(org_a)
    client.force_login(newcomer)
    page = client.get(reverse("recruitment:apply", args=[opportunity.pk])).content.decode()
    assert 'id="profile-link"' in page
    assert reverse("volunteers:profile_edit") + "?next=" + reverse("recruitment:apply", args=[opportunity.pk]) in page
