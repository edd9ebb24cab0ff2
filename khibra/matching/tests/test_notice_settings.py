"""The notice settings page: channels per kind of notice and quiet hours; bad input writes nothing."""

from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent, NoticePreference, QuietHours
from khibra.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db
URL = reverse("matching:notice_settings")


def _all_off(**extra):
    return {**extra}


def test_the_person_saves_channels_and_quiet_hours(client, volunteer):
    client.force_login(volunteer)
    page = client.get(URL).content.decode()
    assert 'id="notice-group-work"' in page and 'id="notice-confirm-phone"' in page  # the number is not confirmed yet
    VolunteerProfile.objects.filter(user=volunteer).update(phone_verified_at=timezone.now())
    page = client.get(URL).content.decode()
    assert 'id="notice-phone"' in page
    response = client.post(
        URL,
        {
            "work_email": "on",
            "work_sms": "on",
            "applications_whatsapp": "on",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
        },
    )
    assert response.status_code == 302
    work = NoticePreference.objects.get(user=volunteer, group="work")
    assert work.email and work.sms and not work.whatsapp
    assert NoticePreference.objects.get(user=volunteer, group="applications").whatsapp
    assert not NoticePreference.objects.get(user=volunteer, group="recognition").email  # unticked
    quiet = QuietHours.objects.get(user=volunteer)
    assert (quiet.starts.hour, quiet.ends.hour) == (22, 7)
    assert AuditEvent.objects.filter(verb="notices.preferences_changed").exists()
    # Quiet hours removed.
    client.post(URL, {"work_email": "on"})
    assert not QuietHours.objects.filter(user=volunteer).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"quiet_from": "22:00"},
        {"quiet_from": "22:00", "quiet_until": "22:00"},
        {"quiet_from": "ليلا", "quiet_until": "07:00"},
    ],
)
def test_bad_quiet_hours_write_nothing(client, volunteer, data):
    client.force_login(volunteer)
    response = client.post(URL, {"work_sms": "on", **data})
    assert (
        response.status_code == 400
        and 'class="form-errors"' in response.content.decode()
        or "errorlist" in response.content.decode()
    )
    assert not NoticePreference.objects.exists() and not QuietHours.objects.exists()


def test_phone_channels_need_a_phone(client, manager_a):
    client.force_login(manager_a)  # no volunteer profile: no mobile number
    response = client.post(URL, {"work_sms": "on"})
    assert response.status_code == 400 and not NoticePreference.objects.exists()
    assert client.post(URL, {"work_email": "on"}).status_code == 302


def test_each_person_sees_only_their_own_settings(client, volunteer, other_volunteer):
    NoticePreference.objects.create(user=other_volunteer, group="work", email=False, sms=True)
    client.force_login(volunteer)
    page = client.get(URL).content.decode()
    assert 'name="work_sms" id="id_work_sms" checked' not in page
    client.post(URL, {"work_email": "on"})
    assert NoticePreference.objects.get(user=other_volunteer, group="work").sms
