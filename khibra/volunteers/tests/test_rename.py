"""A verified identity was checked against a name: renaming it sends it back to review (web form,
API and service alike); certificates already issued keep the name they were issued with."""

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.testing.api import ApiClient
from khibra.testing.factories import national_id
from khibra.volunteers import services
from khibra.volunteers.models import IdentityStatus, Level, VolunteerProfile

from .test_forms import profile_data

pytestmark = pytest.mark.django_db
NEW_NAME = "نورة بنت فهد القحطاني"


@pytest.fixture
def verified(volunteer, staff):
    profile = volunteer.volunteer_profile
    VolunteerProfile.objects.filter(pk=profile.pk).update(
        national_id=national_id("123456789"), identity_status=IdentityStatus.VERIFIED, level=Level.PROFESSIONAL, identity_checked_by=staff
    )
    profile.refresh_from_db()
    return profile


def _status(profile) -> str:
    profile.refresh_from_db()
    return profile.identity_status


def test_renaming_through_the_api_sends_a_verified_identity_back_to_review(verified):
    response = ApiClient(verified.user).patch("/me/profile/", {"full_name": NEW_NAME})
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == NEW_NAME
    assert _status(verified) == IdentityStatus.PENDING
    assert verified.identity_checked_by is None and verified.identity_checked_at is None
    assert verified.national_id  # the number stays for the reviewer
    assert AuditEvent.objects.filter(verb="profile.identity.renamed", target_id=str(verified.pk)).count() == 1


def test_renaming_through_the_web_form_sends_it_back_to_review(client, verified):
    client.force_login(verified.user)
    response = client.post(reverse("volunteers:profile_edit"), profile_data(full_name=NEW_NAME))
    assert response.status_code == 302
    assert verified.user.__class__.objects.get(pk=verified.user_id).full_name == NEW_NAME
    assert _status(verified) == IdentityStatus.PENDING


def test_other_changes_and_the_same_name_keep_the_identity_verified(verified):
    same = verified.user.full_name
    assert ApiClient(verified.user).patch("/me/profile/", {"headline": "مستشارة مالية", "full_name": f"  {same} "}).status_code == 200
    assert _status(verified) == IdentityStatus.VERIFIED
    assert not AuditEvent.objects.filter(verb="profile.identity.renamed").exists()


def test_a_connected_verifier_that_matches_the_new_name_keeps_it_verified(verified, settings):
    settings.IDENTITY_VERIFIER = "khibra.volunteers.tests.test_verification.AlwaysVerified"
    services.update_full_name(user=verified.user, full_name=NEW_NAME)
    assert _status(verified) == IdentityStatus.VERIFIED


def test_unverified_and_pending_identities_are_left_as_they_are(volunteer, pending_profile):
    services.update_full_name(user=volunteer, full_name=NEW_NAME)
    services.update_full_name(user=pending_profile.user, full_name="ريم العنزي")
    assert _status(volunteer.volunteer_profile) == IdentityStatus.UNVERIFIED
    assert _status(pending_profile) == IdentityStatus.PENDING
