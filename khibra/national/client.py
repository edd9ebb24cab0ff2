"""The HTTP client of the national record of volunteering hours.

The shape (docs/integrations.md, "Hours to the national record"):

    POST {NATIONAL_RECORD_URL}/hours/batches
    Authorization: Bearer {NATIONAL_RECORD_TOKEN}
    {"platform": "...", "batch_id": "...", "entries": [{"idempotency_key": "...", "national_id": "...", ...}]}

    200 {"results": [{"idempotency_key": "...", "status": "accepted" | "duplicate" | "rejected",
                      "reference": "...", "reason_code": "...", "reason": "..."}]}

"duplicate" means the key was recorded before (a retried batch): it is an acceptance with the
first reference. A 5xx, 429, timeout, broken connection or an answer that is not this shape is a
`TransientError`: nothing is known, the batch is tried again with the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from urllib import error as urlerror, request as urlrequest

from django.conf import settings


class NotConfigured(Exception):
    """No national record address is set: entries wait (and can be exported by hand)."""


class TransientError(Exception):
    """The batch's fate is unknown: send it again later with the same keys."""


@dataclass(frozen=True)
class Answer:
    key: str
    status: str  # accepted | rejected
    reference: str = ""
    reason_code: str = ""
    reason: str = ""


def configured() -> bool:
    return bool(settings.NATIONAL_RECORD_URL)


def send_batch(*, batch_id: str, entries: list[dict]) -> dict[str, Answer]:
    """Send one batch; returns the answer for each key the service answered (keys it left out
    are retried)."""
    if not configured():
        raise NotConfigured
    body = json.dumps(
        {"platform": settings.NATIONAL_RECORD_PLATFORM_ID, "batch_id": batch_id, "entries": entries}
    ).encode()
    req = urlrequest.Request(
        settings.NATIONAL_RECORD_URL.rstrip("/") + "/hours/batches",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.NATIONAL_RECORD_TOKEN}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": batch_id,
        },
    )
    try:
        with urlrequest.urlopen(req, timeout=settings.NATIONAL_RECORD_TIMEOUT) as response:
            raw = response.read(2_000_000)
    except urlerror.HTTPError as error:
        raise TransientError(f"HTTP {error.code}") from None
    except (urlerror.URLError, TimeoutError, ConnectionError, OSError) as error:
        raise TransientError(f"no answer: {getattr(error, 'reason', error)}") from None
    return _answers(raw, {entry["idempotency_key"] for entry in entries})


def _answers(raw: bytes, sent: set[str]) -> dict[str, Answer]:
    try:
        results = json.loads(raw)["results"]
        assert isinstance(results, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise TransientError("an answer that is not the documented shape") from None
    answers: dict[str, Answer] = {}
    for item in results:
        if not isinstance(item, dict) or item.get("idempotency_key") not in sent:
            continue
        key, status = item["idempotency_key"], item.get("status")
        reference = str(item.get("reference") or "")[:100]
        if status in ("accepted", "duplicate") and reference:
            answers[key] = Answer(key, "accepted", reference=reference)
        elif status == "rejected":
            reason = str(item.get("reason") or item.get("reason_code") or "rejected")[:2000]
            answers[key] = Answer(key, "rejected", reason_code=str(item.get("reason_code") or "")[:60], reason=reason)
    return answers
