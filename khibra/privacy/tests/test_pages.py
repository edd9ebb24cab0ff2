from django.urls import reverse

from khibra.core.models import AuditEvent
from khibra.privacy.services import retention_table
from khibra.testing.factories import national_id
from khibra.volunteers.models import IdentityStatus, VolunteerProfile


def test_the_privacy_page_is_public_in_both_languages(client, db):
    for prefix in ("", "/en"):
        response = client.get(prefix + reverse("privacy:page"))
        assert response.status_code == 200
        for section in ("privacy-what", "privacy-why", "privacy-who", "privacy-retention", "privacy-rights"):
            assert f'id="{section}"'.encode() in response.content
    assert b"How long we keep it" in client.get("/en/privacy/").content


def test_the_retention_table_is_the_rules_the_job_applies(client, db, settings):
    settings.PRIVACY_INACTIVE_ACCOUNT_MONTHS = 30
    content = client.get("/en/privacy/").content.decode()
    for rule in retention_table():
        assert f'id="retention-{rule.code}" data-period="{rule.period}"' in content
    assert 'id="retention-inactive_accounts" data-period="30"' in content
    assert "inactive_warnings" not in content


def test_my_data_page_is_the_owners(client, volunteer):
    client.force_login(volunteer)
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert b'id="download-json"' in response.content and b'id="erase-link"' in response.content


def test_the_dashboard_and_footer_link_here(client, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("privacy:my_data") in page and reverse("privacy:page") in page


def test_staff_looking_at_an_identity_is_logged(client, staff, volunteer):
    VolunteerProfile.objects.filter(user=volunteer).update(identity_status=IdentityStatus.PENDING, national_id=national_id())
    profile = volunteer.volunteer_profile
    client.force_login(staff)
    assert client.get(reverse("volunteers:identity_review", args=[profile.pk])).status_code == 200
    event = AuditEvent.objects.get(verb="privacy.personal_data_viewed")
    assert event.actor == staff and event.target_id == str(profile.pk)
    assert event.data == {"purpose": "identity_review", "user_id": volunteer.pk}


def test_only_staff_can_be_logged(volunteer):
    from django.core.exceptions import PermissionDenied
    import pytest

    from khibra.privacy.services import log_personal_data_access

    with pytest.raises(PermissionDenied):
        log_personal_data_access(staff=volunteer, volunteer=volunteer.volunteer_profile, purpose="curious")
