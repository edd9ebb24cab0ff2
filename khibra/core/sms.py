"""Text messages (SMS): one interface, a backend chosen by SMS_BACKEND (docs/integrations.md).

- `ConsoleSmsBackend` (development, tests): writes the message to the log and keeps it in
  `ConsoleSmsBackend.outbox`; nothing leaves the machine.
- `HttpSmsBackend`: a Saudi SMS provider's REST API (a JSON POST with a bearer token, the sender
  name registered with the provider, recipients in international form without "+"), the shape
  Taqnyat-style gateways share. SMS_API_URL, SMS_API_TOKEN, SMS_SENDER, SMS_TIMEOUT.

`send()` returns the provider's message id or raises `SmsRejected` (this number cannot get it:
the caller tells the person) or `SmsUnavailable` (the gateway failed: try again later). A message
is not retried here: a timeout may still have been delivered, and the person can ask again.
"""

from abc import ABC, abstractmethod
import logging
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    def __init__(self, reason: str, http_status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.http_status = http_status


class SmsRejected(SmsError):
    """The gateway refused the number (not a mobile, barred, malformed)."""


class SmsUnavailable(SmsError):
    """The gateway could not be reached or failed: nothing is known to have been sent."""


class SmsBackend(ABC):
    @abstractmethod
    def send(self, *, to: str, body: str) -> str:
        """Send `body` to `to` (+9665XXXXXXXX); return the provider's message id."""


class ConsoleSmsBackend(SmsBackend):
    outbox: list[dict] = []
    _lock = threading.Lock()

    def send(self, *, to: str, body: str) -> str:
        with self._lock:
            self.outbox.append({"to": to, "body": body})
            number = len(self.outbox)
        logger.info("SMS to %s: %s", to, body)
        return f"console-{number}"


class HttpSmsBackend(SmsBackend):
    def send(self, *, to: str, body: str) -> str:
        import requests

        if not settings.SMS_API_URL:
            raise ImproperlyConfigured("SMS_API_URL must be set to use the HTTP SMS backend.")
        payload = {"recipients": [to.lstrip("+")], "body": body, "sender": settings.SMS_SENDER}
        headers = {"Authorization": f"Bearer {settings.SMS_API_TOKEN}", "Accept": "application/json"}
        try:
            response = requests.post(settings.SMS_API_URL, json=payload, headers=headers, timeout=settings.SMS_TIMEOUT)
        except requests.Timeout:
            raise SmsUnavailable("timeout") from None
        except requests.RequestException:
            raise SmsUnavailable("unreachable") from None
        if response.status_code in (400, 422):
            raise SmsRejected("rejected", response.status_code)
        if response.status_code >= 300:
            # 401/403 (a wrong token or sender) is ours to fix, not the person's: logged loudly.
            level = logging.ERROR if response.status_code in (401, 403) else logging.WARNING
            logger.log(level, "SMS gateway answered %s", response.status_code)
            raise SmsUnavailable("gateway_error", response.status_code)
        try:
            data = response.json()
        except ValueError:
            data = {}
        return str(data.get("messageId") or data.get("message_id") or "") if isinstance(data, dict) else ""


def get_sms_backend() -> SmsBackend:
    try:
        backend_class = import_string(settings.SMS_BACKEND)
    except ImportError as error:
        raise ImproperlyConfigured(f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported") from error
    return backend_class()


def send_sms(*, to: str, body: str) -> str:
    return get_sms_backend().send(to=to, body=body)
