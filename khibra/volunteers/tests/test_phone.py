"""A volunteer proves a mobile number with a one-time code sent by SMS."""

from datetime import timedelta
import re

from django.utils import timezone
import pytest

from khibra.accounts import services as account_services
from khibra.accounts.models import PhoneCode
from khibra.core.models import AuditEvent
from khibra.core.sms import ConsoleSmsBackend
from khibra.testing.factories import VolunteerProfileFactory
from khibra.testing.standins.sms import SmsGateway

URL = "/volunteer/profile/phone/"


@pytest.fixture(autouse=True)
def console(settings):
    settings.SMS_BACKEND = "khibra.core.sms.ConsoleSmsBackend"
    ConsoleSmsBackend.outbox.clear()
    return ConsoleSmsBackend.outbox


@pytest.fixture
def profile(volunteer):
    profile = volunteer.volunteer_profile
    profile.phone = "+966551234567"
    profile.save()
    return profile


def send(client, **extra):
    return client.post(URL, {"action": "send"}, **extra)


def confirm(client, code):
    return client.post(URL, {"action": "confirm", "code": code})


def last_code(outbox) -> str:
    return re.search(r"\d{6}", outbox[-1]["body"]).group(0)


def test_it_texts_a_code_and_the_code_typed_back_verifies_the_number(client, profile, console):
    client.force_login(profile.user)
    assert send(client).status_code == 302
    (message,) = console
    assert message["to"] == "+966551234567"
    assert "خبرة" in message["body"], "the text is in the volunteer's language"
    code = last_code(console)
    row = PhoneCode.objects.get(user=profile.user)
    assert code not in row.code_hash, "only a keyed hash of the code is kept"
    response = confirm(client, code)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.phone_verified_at is not None
    assert AuditEvent.objects.filter(verb="phone.verified").exists()
    assert "1234567" not in str(AuditEvent.objects.get(verb="phone.code.sent").data), "the number is masked"


def test_arabic_indic_digits_are_accepted(client, profile, console):
    client.force_login(profile.user)
    send(client)
    code = last_code(console).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert confirm(client, code).status_code == 302


def test_a_code_works_once(client, profile, console):
    client.force_login(profile.user)
    send(client)
    code = last_code(console)
    confirm(client, code)
    profile.phone_verified_at = None
    profile.save()
    response = confirm(client, code)
    assert response.status_code == 200
    assert "انتهت صلاحية" in response.content.decode()


def test_an_expired_code_does_not_work(client, profile, console):
    client.force_login(profile.user)
    send(client)
    PhoneCode.objects.update(
        created_at=timezone.now() - timedelta(minutes=30), expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = confirm(client, last_code(console))
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.phone_verified_at is None


def test_after_too_many_wrong_tries_even_the_right_code_fails(client, profile, console, settings):
    client.force_login(profile.user)
    send(client)
    code = last_code(console)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.PHONE_CODE_ATTEMPTS):
        assert "ليس صحيحًا" in confirm(client, wrong).content.decode()
    assert PhoneCode.objects.get().attempts == settings.PHONE_CODE_ATTEMPTS
    response = confirm(client, code)
    assert "محاولات خاطئة" in response.content.decode()
    profile.refresh_from_db()
    assert profile.phone_verified_at is None


def test_a_new_code_replaces_the_earlier_one(client, profile, console):
    client.force_login(profile.user)
    send(client)
    first = last_code(console)
    send(client)
    second = last_code(console)
    if first != second:
        assert confirm(client, first).status_code == 200
    assert confirm(client, second).status_code == 302


def test_a_malformed_code_gets_a_clear_error_in_english(client, profile):
    client.force_login(profile.user)
    response = client.post("/en" + URL, {"action": "confirm", "code": "12ab"})
    assert response.status_code == 200
    assert "six digits" in response.content.decode()


def test_codes_are_limited_per_number(client, profile, console):
    client.force_login(profile.user)
    for _ in range(3):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429
    assert len(console) == 3


def test_codes_are_limited_per_address(client, db, console):
    for n in range(10):
        other = VolunteerProfileFactory(phone=f"+96655000{n:04d}")
        client.force_login(other.user)
        assert send(client, REMOTE_ADDR="10.1.2.3").status_code == 302
    other = VolunteerProfileFactory(phone="+966559999999")
    client.force_login(other.user)
    assert send(client, REMOTE_ADDR="10.1.2.3").status_code == 429
    assert send(client, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_a_code_only_works_for_the_person_it_was_sent_to(client, profile, other_volunteer, console):
    client.force_login(profile.user)
    send(client)
    code = last_code(console)
    other = other_volunteer.volunteer_profile
    other.phone = profile.phone
    other.save()
    client.force_login(other_volunteer)
    assert confirm(client, code).status_code == 200
    other.refresh_from_db()
    assert other.phone_verified_at is None


def test_a_new_number_must_be_verified_again(profile):
    from khibra.volunteers import services

    profile.phone_verified_at = timezone.now()
    profile.save()
    services.save_profile(user=profile.user, phone="0559876543", city=profile.city, hours_per_week=5)
    profile.refresh_from_db()
    assert profile.phone_verified_at is None


def test_old_codes_are_deleted(profile):
    now = timezone.now()
    PhoneCode.objects.create(
        user=profile.user,
        phone=profile.phone,
        code_hash="x",
        created_at=now - timedelta(days=3),
        expires_at=now - timedelta(days=2),
    )
    PhoneCode.objects.create(
        user=profile.user, phone=profile.phone, code_hash="y", expires_at=now + timedelta(minutes=5)
    )
    assert account_services.delete_old_phone_codes() == 1
    assert PhoneCode.objects.get().code_hash == "y"


@pytest.fixture
def gateway(settings):
    stand_in = SmsGateway(token="t0ken", delay=1.0).start()
    settings.SMS_BACKEND = "khibra.core.sms.HttpSmsBackend"
    settings.SMS_API_URL = f"{stand_in.url}/v1/messages"
    settings.SMS_API_TOKEN = "t0ken"
    settings.SMS_TIMEOUT = 0.3
    yield stand_in
    stand_in.stop()


def test_through_the_http_gateway_the_code_arrives(client, profile, gateway):
    client.force_login(profile.user)
    assert send(client).status_code == 302
    (message,) = gateway.sent
    assert message["recipients"] == ["966551234567"]
    code = re.search(r"\d{6}", message["body"]).group(0)
    assert confirm(client, code).status_code == 302


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda gateway: gateway.rejected.add("966551234567"), "لا يستقبل"),
        (lambda gateway: setattr(gateway, "mode", "slow"), "لم نتمكن"),
        (lambda gateway: setattr(gateway, "mode", "error"), "لم نتمكن"),
    ],
    ids=["rejected number", "timeout", "5xx"],
)
def test_a_gateway_failure_is_explained_and_leaves_no_code(client, profile, gateway, setup, words):
    setup(gateway)
    client.force_login(profile.user)
    response = send(client)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not PhoneCode.objects.exists()
