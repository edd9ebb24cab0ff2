"""The SMS gateway client against the local stand-in of a Saudi SMS provider's REST API."""

import pytest

from khibra.core import sms
from khibra.testing.standins.sms import SmsGateway


@pytest.fixture
def gateway(settings):
    stand_in = SmsGateway(token="t0ken", delay=1.0).start()
    settings.SMS_BACKEND = "khibra.core.sms.HttpSmsBackend"
    settings.SMS_API_URL = f"{stand_in.url}/v1/messages"
    settings.SMS_API_TOKEN = "t0ken"
    settings.SMS_SENDER = "Khibra"
    settings.SMS_TIMEOUT = 0.3
    yield stand_in
    stand_in.stop()


def test_it_sends_in_the_providers_shape_and_returns_its_message_id(gateway):
    assert sms.send_sms(to="+966551234567", body="رمزك 123456") == "1000"
    (request,) = gateway.requests
    assert request.header("Authorization") == "Bearer t0ken"
    assert request.json() == {"recipients": ["966551234567"], "body": "رمزك 123456", "sender": "Khibra"}


def test_a_number_the_provider_refuses_is_rejected(gateway):
    gateway.rejected.add("966551234567")
    with pytest.raises(sms.SmsRejected):
        sms.send_sms(to="+966551234567", body="x")


@pytest.mark.parametrize(("mode", "reason"), [("slow", "timeout"), ("error", "gateway_error")])
def test_a_slow_or_failing_gateway_is_unavailable(gateway, mode, reason):
    gateway.mode = mode
    with pytest.raises(sms.SmsUnavailable) as caught:
        sms.send_sms(to="+966551234567", body="x")
    assert caught.value.reason == reason
    assert len(gateway.requests) == 1, "a message is never sent twice by a retry"


def test_a_wrong_token_is_unavailable_not_the_persons_fault(gateway, settings):
    settings.SMS_API_TOKEN = "wrong"
    with pytest.raises(sms.SmsUnavailable):
        sms.send_sms(to="+966551234567", body="x")


def test_an_unreachable_gateway_is_unavailable(gateway):
    gateway.stop()
    with pytest.raises(sms.SmsUnavailable) as caught:
        sms.send_sms(to="+966551234567", body="x")
    assert caught.value.reason == "unreachable"


def test_the_console_backend_keeps_the_message(settings):
    settings.SMS_BACKEND = "khibra.core.sms.ConsoleSmsBackend"
    sms.ConsoleSmsBackend.outbox.clear()
    sms.send_sms(to="+966551234567", body="hello")
    assert sms.ConsoleSmsBackend.outbox == [{"to": "+966551234567", "body": "hello"}]
