"""A stand-in for the national record of volunteering hours, for development and the tests.

It speaks the client's documented shape (client.py) and keeps each idempotency key once. What it
does with an entry is steered by the entry itself, so a test can ask for every case:

- a national ID in `unknown_ids`, or starting with "9", is rejected (`unknown_person`);
- hours above 12 are rejected (`hours_over_limit`);
- `behaviour` switches the whole service: "ok", "timeout" (answers after `delay` seconds, longer
  than the client waits), "error" (HTTP 503), "nonsense" (200 with a body of another shape),
  "record-then-timeout" (records the batch, then answers too late: the client must retry and see
  "duplicate").

Run it by hand: `manage.py national_standin --port 8150` (docs/integrations.md).
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import threading
import time
import uuid


class Service:
    def __init__(self, token: str = "standin-token"):
        self.token = token
        self.behaviour = "ok"
        self.delay = 3.0
        self.recorded: dict[str, dict] = {}  # key -> {"reference", "entry"}
        self.deliveries: list[str] = []  # every key received, retries included
        self.batches = 0
        self.unknown_ids: set[str] = set()  # national IDs the register does not know
        self.lock = threading.Lock()

    def answer(self, payload: dict) -> list[dict]:
        results = []
        with self.lock:
            self.batches += 1
            for entry in payload.get("entries", []):
                key = entry["idempotency_key"]
                self.deliveries.append(key)
                if key in self.recorded:
                    results.append(
                        {"idempotency_key": key, "status": "duplicate", "reference": self.recorded[key]["reference"]}
                    )
                elif str(entry.get("national_id", "")) in self.unknown_ids or str(
                    entry.get("national_id", "")
                ).startswith("9"):
                    results.append(
                        {
                            "idempotency_key": key,
                            "status": "rejected",
                            "reason_code": "unknown_person",
                            "reason": "The national ID is not known to the national register.",
                        }
                    )
                elif float(entry.get("hours", 0)) > 12:
                    results.append(
                        {
                            "idempotency_key": key,
                            "status": "rejected",
                            "reason_code": "hours_over_limit",
                            "reason": "More than 12 hours in one day.",
                        }
                    )
                else:
                    reference = f"NVR-{uuid.uuid4().hex[:10].upper()}"
                    self.recorded[key] = {"reference": reference, "entry": entry}
                    results.append({"idempotency_key": key, "status": "accepted", "reference": reference})
        return results


def _handler(service: Service):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _send(self, code: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/hours/batches":
                return self._send(404, b'{"error": "not found"}')
            if self.headers.get("Authorization") != f"Bearer {service.token}":
                return self._send(401, b'{"error": "unauthorized"}')
            behaviour = service.behaviour
            if behaviour == "error":
                return self._send(503, b'{"error": "unavailable"}')
            if behaviour == "nonsense":
                return self._send(200, b'{"ok": true, "results": "soon"}')
            if behaviour == "timeout":
                time.sleep(service.delay)
                return self._send(503, b"{}")
            try:
                payload = json.loads(raw)
            except ValueError:
                return self._send(400, b'{"error": "not JSON"}')
            results = service.answer(payload)
            if behaviour == "record-then-timeout":
                time.sleep(service.delay)
            return self._send(200, json.dumps({"batch_id": payload.get("batch_id"), "results": results}).encode())

    return Handler


def start(port: int = 0, *, token: str = "standin-token") -> tuple[ThreadingHTTPServer, Service]:
    """A running stand-in on 127.0.0.1 (port 0: any free one); stop it with server.shutdown()."""
    service = Service(token=token)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(service))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, service
