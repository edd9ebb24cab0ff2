"""Stand-in for a Saudi SMS provider's REST API (the shape HttpSmsBackend speaks).

POST /v1/messages with a bearer token and {"recipients": ["9665..."], "body": "...", "sender": "..."};
201 {"statusCode": 201, "messageId": ...} when sent. `mode`: ok, slow (waits `delay` seconds),
error (HTTP 503), nonsense (200 with HTML); numbers in `rejected` get 400 (not a mobile number).
Every accepted message is kept in `sent`.

    python -m khibra.testing.standins.sms --port 8143 --token dev-token
"""

import argparse
import itertools
import time

from .server import StandIn, serve


class SmsGateway(StandIn):
    routes = {("POST", "/v1/messages"): "messages"}

    def __init__(self, *args, token: str = "dev-token", mode: str = "ok", delay: float = 2.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.token = token
        self.mode = mode
        self.delay = delay
        self.rejected: set[str] = set()
        self.sent: list[dict] = []
        self._ids = itertools.count(1000)

    def messages(self, request):
        if request.header("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"statusCode": 401, "message": "Unauthorized"}
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "error":
            return 503, {}, {"statusCode": 503, "message": "Service Unavailable"}
        body = request.json() or {}
        recipients = body.get("recipients") or []
        if not body.get("sender") or not body.get("body") or not recipients:
            return 400, {}, {"statusCode": 400, "message": "sender, body and recipients are required"}
        if any(number in self.rejected or not str(number).startswith("9665") for number in recipients):
            return 400, {}, {"statusCode": 400, "message": "Invalid recipient"}
        if self.mode == "nonsense":
            return 200, {"Content-Type": "text/html"}, "<html>ok</html>"
        message_id = next(self._ids)
        self.sent.append({"id": message_id, **body})
        return 201, {}, {"statusCode": 201, "messageId": message_id, "cost": 0.05, "currency": "SAR"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8143)
    parser.add_argument("--token", default="dev-token")
    options = parser.parse_args()
    serve(SmsGateway(port=options.port, token=options.token))
