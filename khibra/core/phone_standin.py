"""A stand-in for the SMS provider and the WhatsApp Cloud API, for development and the tests.

    POST /sms/messages                 {"recipients": [...], "body": "...", "sender": "..."} → 201 {"messageId": ...}
    POST /v21.0/<phone id>/messages    a Cloud API template message → 200 {"messages": [{"id": "wamid..."}]}

`behaviour` switches it: "ok"; "error" (503: tried again); "slow" (answers after `delay` seconds,
longer than the client waits); "refuse" (400 with the Cloud API's error for a number that cannot
receive messages: final). Every message received is kept in `received`.

Run it by hand: `manage.py phone_standin --port 8151` (docs/integrations.md).
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
        self.received: list[dict] = []
        self.lock = threading.Lock()


def _handler(service: Service):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, code: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Authorization") != f"Bearer {service.token}":
                return self._send(401, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
            try:
                payload = json.loads(raw)
            except ValueError:
                return self._send(400, {"error": {"message": "not JSON"}})
            whatsapp = self.path.endswith("/messages") and self.path.count("/") >= 3
            if service.behaviour == "error":
                return self._send(503, {"error": {"message": "unavailable"}})
            if service.behaviour == "slow":
                time.sleep(service.delay)
            if service.behaviour == "refuse":
                return self._send(400, {"error": {"message": "Message undeliverable", "code": 131026}})
            if whatsapp and (payload.get("messaging_product") != "whatsapp" or payload.get("type") != "template"):
                return self._send(400, {"error": {"message": "(#100) Invalid parameter", "code": 100}})
            with service.lock:
                service.received.append({"path": self.path, **payload})
            if whatsapp:
                return self._send(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                        "messages": [{"id": f"wamid.{uuid.uuid4().hex}"}],
                    },
                )
            return self._send(201, {"statusCode": 201, "messageId": uuid.uuid4().int % 10**12, "cost": 0.05})

    return Handler


def start(port: int = 0, *, token: str = "standin-token") -> tuple[ThreadingHTTPServer, Service]:
    service = Service(token=token)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(service))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, service
