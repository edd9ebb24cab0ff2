"""Stand-in for a national information service that matches an ID number to a name.

POST /verify with the JSON body of IDENTITY_SERVICE_REQUEST; answers in the default answer
mapping: {"transactionId": "...", "result": {"match": true|false}}. `mode` says how it answers:
yes, no, slow (waits `delay` seconds, then yes), error (HTTP 503), nonsense (HTML, or JSON of
another shape), refuse (HTTP 400); `script` is a list of modes used first, one per call.

    python -m khibra.testing.standins.identity --port 8141 --mode yes
"""

import argparse
import itertools
import time

from .server import StandIn, serve

MODES = ("yes", "no", "slow", "error", "nonsense", "nonsense_json", "refuse")


class IdentityService(StandIn):
    routes = {("POST", "/verify"): "verify"}

    def __init__(self, *args, mode: str = "yes", delay: float = 2.0, token: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.delay = delay
        self.token = token
        self.script: list[str] = []
        self._ids = itertools.count(1)

    def verify(self, request):
        if self.token and request.header("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"error": "unauthorized"}
        mode = self.script.pop(0) if self.script else self.mode
        reference = f"TX-{next(self._ids):06d}"
        if mode == "slow":
            time.sleep(self.delay)
            mode = "yes"
        if mode == "error":
            return 503, {}, {"error": "service_unavailable"}
        if mode == "refuse":
            return 400, {}, {"error": "bad_request"}
        if mode == "nonsense":
            return 200, {"Content-Type": "text/html"}, "<html><body>Maintenance</body></html>"
        if mode == "nonsense_json":
            return 200, {}, {"transactionId": reference, "result": {"match": "perhaps"}}
        body = request.json() or {}
        if not isinstance(body, dict) or not body.get("nationalId"):
            return 400, {}, {"error": "nationalId_required"}
        return 200, {}, {"transactionId": reference, "result": {"match": mode == "yes"}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--mode", choices=MODES, default="yes")
    parser.add_argument("--token", default="")
    options = parser.parse_args()
    serve(IdentityService(port=options.port, mode=options.mode, token=options.token))
