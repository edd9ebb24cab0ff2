"""The identity verifier that asks a national information service over HTTP.

Named in IDENTITY_VERIFIER (`khibra.volunteers.verification_http.HttpIdentityVerifier`), it posts
the number, the name and the date of birth to IDENTITY_SERVICE_URL in the shape the settings give
(IDENTITY_SERVICE_REQUEST), reads the answer at IDENTITY_SERVICE_ANSWER_PATH and maps its value to
verified / rejected. Anything else (a timeout, a 5xx, an answer it cannot read, an open circuit)
sends the submission to the manual review queue: the volunteer is never refused because the
service is down. Every call leaves one audit row (`identity.service.called`) with the outcome and
never the number in full.

The circuit breaker keeps its state in the shared cache, so every web process and worker sees the
same state: after IDENTITY_SERVICE_BREAKER_FAILURES failed calls in a row it opens for
IDENTITY_SERVICE_BREAKER_SECONDS; then one trial call is let through (half-open) and its outcome
closes or re-opens the circuit.
"""

from dataclasses import dataclass
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from khibra.core import audit

from .verification import NEEDS_REVIEW, REJECTED, VERIFIED, IdentityVerifier, VerificationResult

logger = logging.getLogger(__name__)

BREAKER_FAILURES_KEY = "identity-service:breaker:failures"
BREAKER_OPEN_UNTIL_KEY = "identity-service:breaker:open-until"
BREAKER_TRIAL_KEY = "identity-service:breaker:trial"
_sleep = time.sleep  # the tests replace it to count the back-off without waiting


class ServiceError(Exception):
    """The service did not give a usable answer. `retry` says whether asking again may help."""

    def __init__(self, reason: str, *, retry: bool, http_status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.http_status = http_status


@dataclass(frozen=True)
class Answer:
    status: str
    reference: str
    http_status: int


def _config(name: str):
    return getattr(settings, f"IDENTITY_SERVICE_{name}")


# --- The circuit breaker ------------------------------------------------------------------------


def breaker_allows_call() -> bool:
    open_until = cache.get(BREAKER_OPEN_UNTIL_KEY)
    if open_until is None:
        return True
    if time.time() < open_until:
        return False
    # Half-open: one caller gets the trial call; the others keep going to the manual queue.
    return cache.add(BREAKER_TRIAL_KEY, 1, timeout=max(int(_config("TIMEOUT") * 4) + 5, 10))


def _breaker_success() -> None:
    cache.delete_many([BREAKER_FAILURES_KEY, BREAKER_OPEN_UNTIL_KEY, BREAKER_TRIAL_KEY])


def _breaker_failure() -> None:
    if not cache.add(BREAKER_FAILURES_KEY, 1, timeout=None):
        try:
            failures = cache.incr(BREAKER_FAILURES_KEY)
        except ValueError:  # the key expired in between
            cache.set(BREAKER_FAILURES_KEY, 1, timeout=None)
            failures = 1
    else:
        failures = 1
    trial_failed = cache.get(BREAKER_OPEN_UNTIL_KEY) is not None
    if failures >= _config("BREAKER_FAILURES") or trial_failed:
        cache.set(BREAKER_OPEN_UNTIL_KEY, time.time() + _config("BREAKER_SECONDS"), timeout=None)
        cache.delete(BREAKER_TRIAL_KEY)


def breaker_state() -> str:
    """closed, open or half-open (for the docs' runbook and the tests)."""
    open_until = cache.get(BREAKER_OPEN_UNTIL_KEY)
    if open_until is None:
        return "closed"
    return "open" if time.time() < open_until else "half-open"


# --- Request and answer mapping -----------------------------------------------------------------


def _request_body(profile, national_id: str) -> dict:
    """Fill the template of IDENTITY_SERVICE_REQUEST: each string value may name the fields
    {national_id}, {full_name} and {birth_date} (ISO date, empty when unknown)."""
    values = {
        "national_id": national_id,
        "full_name": profile.user.full_name,
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else "",
    }

    def fill(template):
        if isinstance(template, str):
            return template.format(**values)
        if isinstance(template, dict):
            return {key: fill(value) for key, value in template.items()}
        if isinstance(template, list):
            return [fill(value) for value in template]
        return template

    return fill(_config("REQUEST"))


def _dig(data, path: str):
    for part in path.split(".") if path else []:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _read_answer(response) -> Answer:
    try:
        data = response.json()
    except ValueError:
        raise ServiceError("unreadable", retry=False, http_status=response.status_code) from None
    value = _dig(data, _config("ANSWER_PATH"))
    value = str(value).strip().lower() if isinstance(value, (str, bool, int)) else None
    verified = {item.lower() for item in _config("VERIFIED_VALUES")}
    rejected = {item.lower() for item in _config("REJECTED_VALUES")}
    if value in verified:
        status = VERIFIED
    elif value in rejected:
        status = REJECTED
    else:
        raise ServiceError("unknown_answer", retry=False, http_status=response.status_code)
    reference = _dig(data, _config("REFERENCE_PATH")) if _config("REFERENCE_PATH") else None
    return Answer(status=status, reference=str(reference or "")[:100], http_status=response.status_code)


def _call_once(session, body: dict) -> Answer:
    import requests

    headers = {"Accept": "application/json"}
    if _config("TOKEN"):
        headers["Authorization"] = f"Bearer {_config('TOKEN')}"
    try:
        response = session.post(_config("URL"), json=body, headers=headers, timeout=_config("TIMEOUT"))
    except requests.Timeout:
        raise ServiceError("timeout", retry=True) from None
    except requests.RequestException:
        raise ServiceError("unreachable", retry=True) from None
    if response.status_code >= 500 or response.status_code == 429:
        raise ServiceError("server_error", retry=True, http_status=response.status_code)
    if response.status_code >= 400:
        raise ServiceError("refused_request", retry=False, http_status=response.status_code)
    return _read_answer(response)


class HttpIdentityVerifier(IdentityVerifier):
    """Asks the national information service; falls back to the manual review queue."""

    def verify(self, profile, national_id: str) -> VerificationResult:
        if not breaker_allows_call():
            self._audit(profile, national_id, outcome="breaker_open", attempts=0, elapsed=0.0)
            return VerificationResult(status=NEEDS_REVIEW, note="")
        started = time.monotonic()
        attempts, error, answer = self._ask(profile, national_id)
        elapsed = time.monotonic() - started
        if answer is not None:
            _breaker_success()
            self._audit(
                profile, national_id, outcome=answer.status, attempts=attempts, elapsed=elapsed,
                http_status=answer.http_status, reference=answer.reference,
            )  # fmt: skip
            if answer.status == VERIFIED:
                return VerificationResult(status=VERIFIED, note="")
            return VerificationResult(
                status=REJECTED,
                note=gettext(
                    "The national information service did not match this number to your name and date "
                    "of birth. Check the number and the name on your profile, then submit again."
                ),
            )
        _breaker_failure()
        logger.warning("identity service failed after %s attempt(s): %s", attempts, error.reason)
        self._audit(
            profile, national_id, outcome="error", attempts=attempts, elapsed=elapsed,
            reason=error.reason, http_status=error.http_status,
        )  # fmt: skip
        return VerificationResult(status=NEEDS_REVIEW, note="")

    def _ask(self, profile, national_id: str) -> tuple[int, ServiceError | None, Answer | None]:
        import requests

        body = _request_body(profile, national_id)
        tries = 1 + max(0, _config("RETRIES"))
        error = None
        with requests.Session() as session:
            for attempt in range(1, tries + 1):
                try:
                    return attempt, None, _call_once(session, body)
                except ServiceError as failure:
                    error = failure
                    if not failure.retry or attempt == tries:
                        return attempt, error, None
                    _sleep(_config("BACKOFF") * (2 ** (attempt - 1)))
        return tries, error, None  # pragma: no cover - the loop always returns

    @staticmethod
    def _audit(profile, national_id: str, *, outcome: str, attempts: int, elapsed: float, **data) -> None:
        audit.record(
            actor=None,
            verb="identity.service.called",
            target=profile,
            outcome=outcome,
            attempts=attempts,
            milliseconds=round(elapsed * 1000),
            number=f"••••••{national_id[-4:]}",
            **{key: value for key, value in data.items() if value not in (None, "")},
        )
