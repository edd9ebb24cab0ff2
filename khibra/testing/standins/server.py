"""A tiny threaded HTTP server that the stand-ins build on: one handler method per route."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import threading
from urllib.parse import parse_qs, urlsplit


class StandIn:
    """Subclasses define `routes`: {("GET", "/path"): "method_name"}; a method gets the request
    (`Request`) and returns (status, headers, body) with body as bytes, str or a JSON-able value."""

    routes: dict[tuple[str, str], str] = {}

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet in tests
                pass

            def _handle(self):
                stand_in._dispatch(self)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "StandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        request = Request(handler.command, parts.path, parse_qs(parts.query), dict(handler.headers), raw)
        with self._lock:
            self.requests.append(request)
        name = self.routes.get((handler.command, parts.path))
        if parts.path == "/favicon.ico":
            status, headers, body = 204, {}, b""
        elif name is None:
            status, headers, body = 404, {}, {"error": "not_found"}
        else:
            status, headers, body = getattr(self, name)(request)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **headers}
        elif isinstance(body, str):
            body = body.encode()
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass


class Request:
    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body

    def json(self):
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}

    def header(self, name: str) -> str:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return ""


def serve(stand_in: StandIn) -> None:
    """Run a stand-in in the foreground (the modules' `python -m` entry points)."""
    print(f"{type(stand_in).__name__} listening on {stand_in.url} (Ctrl-C stops it)", flush=True)
    try:
        stand_in.server.serve_forever()
    except KeyboardInterrupt:
        pass
