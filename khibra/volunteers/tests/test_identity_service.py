"""The HTTP identity verifier against the local stand-in of a national information service:
yes, no, slowly, errors, nonsense; retries with back-off; the circuit breaker; one audit row per call."""

import time

from django.core.cache import cache
import pytest

from khibra.core.models import AuditEvent
from khibra.testing.factories import national_id
from khibra.testing.standins.identity import IdentityService
from khibra.volunteers import services, verification_http
from khibra.volunteers.models import IdentityStatus

NUMBER = national_id("104857362")


@pytest.fixture
def service(settings):
    stand_in = IdentityService(mode="yes", delay=1.0, token="s3cret").start()
    settings.IDENTITY_VERIFIER = "khibra.volunteers.verification_http.HttpIdentityVerifier"
    settings.IDENTITY_SERVICE_URL = f"{stand_in.url}/verify"
    settings.IDENTITY_SERVICE_TOKEN = "s3cret"
    settings.IDENTITY_SERVICE_TIMEOUT = 0.3
    settings.IDENTITY_SERVICE_RETRIES = 2
    settings.IDENTITY_SERVICE_BACKOFF = 0.05
    settings.IDENTITY_SERVICE_BREAKER_FAILURES = 3
    settings.IDENTITY_SERVICE_BREAKER_SECONDS = 60
    yield stand_in
    stand_in.stop()


@pytest.fixture
def waits(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(verification_http, "_sleep", slept.append)
    return slept


def submit(profile):
    number = getattr(profile, "test_number", NUMBER)
    return services.submit_identity(profile=profile, national_id=number, by=profile.user)


def calls(profile):
    return list(AuditEvent.objects.filter(verb="identity.service.called", target_id=str(profile.pk)).order_by("pk"))


def test_it_verifies_when_the_service_says_yes(profile, service):
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.identity_checked_by is None
    (request,) = service.requests
    assert request.json() == {"nationalId": NUMBER, "fullName": profile.user.full_name, "birthDate": ""}
    assert request.header("Authorization") == "Bearer s3cret"
    (row,) = calls(profile)
    assert row.data["outcome"] == "verified"
    assert row.data["attempts"] == 1
    assert row.data["reference"] == "TX-000001"
    assert NUMBER not in str(row.data), "the audit row keeps the number masked"


def test_it_rejects_with_a_reason_when_the_service_says_no(profile, service):
    service.mode = "no"
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.REJECTED
    assert "الوطنية" in profile.identity_note  # the volunteer reads why, in Arabic
    assert calls(profile)[0].data["outcome"] == "rejected"


def test_a_slow_service_is_retried_with_back_off_then_goes_to_manual_review(profile, service, waits):
    service.mode = "slow"
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.PENDING
    assert waits == [0.05, 0.1], "the back-off doubles between tries"
    (row,) = calls(profile)
    assert row.data["outcome"] == "error"
    assert row.data["reason"] == "timeout"
    assert row.data["attempts"] == 3


def test_a_passing_error_is_retried_and_the_next_answer_counts(profile, service, waits):
    service.script = ["error", "error"]
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert len(service.requests) == 3
    assert calls(profile)[0].data["attempts"] == 3


@pytest.mark.parametrize("mode", ["nonsense", "nonsense_json", "refuse"])
def test_an_answer_it_cannot_read_is_not_retried_and_goes_to_manual_review(profile, service, waits, mode):
    service.mode = mode
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.PENDING
    assert len(service.requests) == 1
    assert waits == []
    assert calls(profile)[0].data["outcome"] == "error"


def test_an_unreachable_service_sends_to_manual_review(profile, service, waits):
    service.stop()
    profile = submit(profile)
    assert profile.identity_status == IdentityStatus.PENDING
    assert calls(profile)[0].data["reason"] == "unreachable"


def test_the_request_and_answer_follow_the_mapping_in_the_settings(profile, service, settings):
    profile.birth_date = "1990-05-01"
    profile.save()
    settings.IDENTITY_SERVICE_REQUEST = {"person": {"id": "{national_id}", "dob": "{birth_date}"}, "nationalId": "x"}
    settings.IDENTITY_SERVICE_ANSWER_PATH = "transactionId"
    settings.IDENTITY_SERVICE_VERIFIED_VALUES = ["TX-000001"]
    profile = submit(profile)
    assert service.requests[0].json() == {"person": {"id": NUMBER, "dob": "1990-05-01"}, "nationalId": "x"}
    assert profile.identity_status == IdentityStatus.VERIFIED


def test_the_circuit_opens_after_failures_in_a_row_and_sends_straight_to_manual_review(profile_factory, service, waits):
    service.mode = "error"
    for _ in range(3):
        assert submit(profile_factory()).identity_status == IdentityStatus.PENDING
    assert verification_http.breaker_state() == "open"
    asked = len(service.requests)
    profile = submit(profile_factory())
    assert profile.identity_status == IdentityStatus.PENDING
    assert len(service.requests) == asked, "an open circuit does not call the service"
    assert calls(profile)[0].data["outcome"] == "breaker_open"


def test_after_the_open_period_one_trial_call_closes_the_circuit(profile_factory, service, waits):
    service.mode = "error"
    for _ in range(3):
        submit(profile_factory())
    cache.set(verification_http.BREAKER_OPEN_UNTIL_KEY, time.time() - 1, timeout=None)
    assert verification_http.breaker_state() == "half-open"
    service.mode = "yes"
    assert submit(profile_factory()).identity_status == IdentityStatus.VERIFIED
    assert verification_http.breaker_state() == "closed"


def test_a_failed_trial_call_opens_the_circuit_again(profile_factory, service, waits):
    service.mode = "error"
    for _ in range(3):
        submit(profile_factory())
    cache.set(verification_http.BREAKER_OPEN_UNTIL_KEY, time.time() - 1, timeout=None)
    assert submit(profile_factory()).identity_status == IdentityStatus.PENDING
    assert verification_http.breaker_state() == "open"


def test_only_one_caller_gets_the_trial_call(service):
    cache.set(verification_http.BREAKER_OPEN_UNTIL_KEY, time.time() - 1, timeout=None)
    assert verification_http.breaker_allows_call()
    assert not verification_http.breaker_allows_call()


@pytest.fixture
def profile_factory(db):
    """Profiles each with their own valid number (one number cannot be pending for two people)."""
    from khibra.testing.factories import VolunteerProfileFactory

    bodies = iter(range(110000000, 110000100))

    def make():
        profile = VolunteerProfileFactory()
        profile.test_number = national_id(str(next(bodies)))
        return profile

    return make
