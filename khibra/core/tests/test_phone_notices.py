"""SMS and WhatsApp notices: chosen per kind of notice, sent once through their outbox to the
phone the person has, held in quiet hours (Riyadh), against a local stand-in of the SMS provider
and the WhatsApp Cloud API, failures included."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
import pytest

from khibra.core import channels, messaging
from khibra.core.models import NoticePreference, OutboundEmail, OutboundMessage, QuietHours
from khibra.core.notify import notify
from khibra.core.phone_standin import start
from khibra.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db
RIYADH = ZoneInfo("Asia/Riyadh")


@pytest.fixture
def phone(settings):
    server, service = start(0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SMS_BACKEND, settings.WHATSAPP_BACKEND = "khibra.core.sms.HttpSmsBackend", "http"
    settings.SMS_API_URL, settings.SMS_API_TOKEN = f"{base}/sms/messages", service.token
    settings.WHATSAPP_API_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        f"{base}/v21.0",
        service.token,
        "1234567",
    )
    settings.MESSAGE_TIMEOUT = settings.SMS_TIMEOUT = 1
    service.delay = 2
    yield service
    server.shutdown()
    server.server_close()


def _choose(user, group="work", **channels_):
    # Phone notices go only to a number verified by its one-time code.
    VolunteerProfile.objects.filter(user=user).update(phone_verified_at=timezone.now())
    NoticePreference.objects.update_or_create(
        user=user, group=group, defaults={"email": True, "sms": False, "whatsapp": False, **channels_}
    )


def _notice(user, kind="hours.returned", **extra):
    return notify(user=user, kind=kind, title="أعيدت ساعاتك للتصحيح", body="التاريخ خطأ", url="/volunteer/engagements/1/hours/", **extra)


def test_without_a_choice_notices_go_in_the_app_and_by_email_only(volunteer, phone):
    _notice(volunteer)
    assert OutboundEmail.objects.count() == 1 and not OutboundMessage.objects.exists()


def test_the_person_chooses_sms_and_whatsapp_for_one_kind_of_notice(
    volunteer, phone, django_capture_on_commit_callbacks
):
    _choose(volunteer, sms=True, whatsapp=True, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
        _notice(volunteer, kind="application.rejected")  # another group: e-mail only
    assert OutboundEmail.objects.count() == 1
    assert {m.channel: m.status for m in OutboundMessage.objects.all()} == {"sms": "sent", "whatsapp": "sent"}
    sms = next(m for m in phone.received if m["path"] == "/sms/messages")
    assert sms["recipients"] == ["966" + volunteer.volunteer_profile.phone[1:]] and "أعيدت ساعاتك" in sms["body"]
    whatsapp = next(m for m in phone.received if m["path"].startswith("/v21.0/1234567/"))
    assert whatsapp["template"]["name"] == "khibra_notice" and whatsapp["template"]["language"]["code"] == "ar"
    assert [p["text"] for p in whatsapp["template"]["components"][0]["parameters"]][0] == "أعيدت ساعاتك للتصحيح"
    assert all(m.provider_id for m in OutboundMessage.objects.all())


def test_the_english_template_for_a_person_who_reads_english(volunteer, phone, django_capture_on_commit_callbacks):
    volunteer.preferred_language = "en"
    volunteer.save(update_fields=["preferred_language"])
    _choose(volunteer, sms=True, whatsapp=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
    sms = OutboundMessage.objects.get(channel="sms")
    assert sms.body.startswith("Khibra:") and sms.language == "en"
    assert next(m for m in phone.received if "template" in m)["template"]["language"]["code"] == "en"


def test_no_phone_no_phone_notice(volunteer, phone):
    profile = volunteer.volunteer_profile
    profile.phone = ""
    profile.save(update_fields=["phone"])
    _choose(volunteer, sms=True)
    _notice(volunteer)
    assert not OutboundMessage.objects.exists()


def test_a_person_without_a_volunteer_profile_has_no_phone(manager_a, phone):
    _choose(manager_a, group="organization", sms=True)
    _notice(manager_a, kind="proposal.received")
    assert not OutboundMessage.objects.exists()


def test_each_notice_is_queued_and_sent_once(volunteer, phone, django_capture_on_commit_callbacks):
    _choose(volunteer, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer, dedupe_key="hours-returned:7")
        _notice(volunteer, dedupe_key="hours-returned:7")  # the same notice again: the key holds
    message = OutboundMessage.objects.get()
    assert not messaging.deliver(message.pk)  # delivered already: nothing more
    assert len(phone.received) == 1


@pytest.mark.parametrize("behaviour, status", [("error", "queued"), ("slow", "queued"), ("refuse", "failed")])
def test_provider_failures(volunteer, phone, behaviour, status, django_capture_on_commit_callbacks):
    _choose(volunteer, whatsapp=True)
    phone.behaviour = behaviour
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
    message = OutboundMessage.objects.get()
    assert message.status == status and message.last_error
    if status == "queued":  # tried again later, once it answers
        phone.behaviour = "ok"
        assert messaging.deliver(message.pk)
        message.refresh_from_db()
        assert message.status == "sent"


def test_a_wrong_token_is_refused_not_retried(volunteer, phone, settings, django_capture_on_commit_callbacks):
    settings.SMS_API_TOKEN = "wrong"
    _choose(volunteer, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
    message = OutboundMessage.objects.get()
    assert message.status == "failed" and "401" in message.last_error


def test_quiet_hours_hold_phone_notices_until_they_end(
    volunteer, phone, monkeypatch, django_capture_on_commit_callbacks
):
    _choose(volunteer, sms=True)
    QuietHours.objects.create(user=volunteer, starts=dt.time(22), ends=dt.time(7))
    night = dt.datetime(2026, 12, 8, 23, 30, tzinfo=RIYADH)
    monkeypatch.setattr(timezone, "now", lambda: night)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
    message = OutboundMessage.objects.get()
    assert message.status == "queued" and message.not_before == dt.datetime(2026, 12, 9, 7, 0, tzinfo=RIYADH)
    assert OutboundEmail.objects.count() == 1  # e-mail is not held
    assert messaging.deliver_due() == 0 and not phone.received
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 9, 7, 1, tzinfo=RIYADH))
    assert messaging.deliver_due() == 1
    message.refresh_from_db()
    assert message.status == "sent"


@pytest.mark.parametrize(
    "starts, ends, clock, expected",
    [
        (dt.time(22), dt.time(7), dt.time(23), dt.datetime(2026, 12, 9, 7, tzinfo=RIYADH)),
        (dt.time(22), dt.time(7), dt.time(6, 59), dt.datetime(2026, 12, 8, 7, tzinfo=RIYADH)),
        (dt.time(22), dt.time(7), dt.time(7), None),
        (dt.time(13), dt.time(16), dt.time(14), dt.datetime(2026, 12, 8, 16, tzinfo=RIYADH)),
        (dt.time(13), dt.time(16), dt.time(21), None),
    ],
)
def test_the_end_of_quiet_hours(starts, ends, clock, expected):
    now = dt.datetime.combine(dt.date(2026, 12, 8), clock, tzinfo=RIYADH).astimezone(dt.UTC)
    assert channels.end_of_quiet(starts, ends, now) == expected


def test_a_worker_that_died_holding_a_notice_leaves_it_to_the_sweep(
    volunteer, phone, django_capture_on_commit_callbacks
):
    _choose(volunteer, sms=True)
    _notice(volunteer)  # queued; the wake-up is lost (not committed in this test)
    message = OutboundMessage.objects.get()
    assert messaging.MESSAGES.claim(message.pk)  # a worker takes it and dies
    assert not messaging.deliver(message.pk)
    OutboundMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    messaging.MESSAGES.sweep()  # back to queued, a worker woken (tasks run inline in tests)
    message.refresh_from_db()
    assert message.status == "sent" and len(phone.received) == 1


def test_groups_cover_every_kind_prefix():
    assert channels.group_of("hours.returned") == "work"
    assert channels.group_of("application.rejected") == "applications"
    assert channels.group_of("matching.alert") == "opportunities"
    assert channels.group_of("something.new") == "other"


def test_a_number_not_verified_by_its_code_gets_no_phone_notice(volunteer, phone, django_capture_on_commit_callbacks):
    _choose(volunteer, sms=True, whatsapp=True)
    VolunteerProfile.objects.filter(user=volunteer).update(phone_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        _notice(volunteer)
    assert not OutboundMessage.objects.exists() and OutboundEmail.objects.count() == 1
