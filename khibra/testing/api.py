"""A JSON client for API tests: `ApiClient(user)` calls with a fresh personal token of that user."""

import json

from django.test import Client

from khibra.api import services

PREFIX = "/api/v1"


class ApiClient:
    def __init__(self, user=None, *, secret: str | None = None, language: str = "ar"):
        if user is not None and secret is None:
            _token, secret = services.issue_token(user=user, name="tests")
        self.secret = secret
        self.language = language
        self.client = Client()

    def _headers(self, extra: dict) -> dict:
        headers = {"Accept-Language": self.language}
        if self.secret:
            headers["Authorization"] = f"Bearer {self.secret}"
        headers.update(extra)
        return headers

    def _url(self, path: str) -> str:
        return path if path.startswith("/api/") else PREFIX + path

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(self._url(path), params or {}, headers=self._headers(headers))

    def _send(self, method: str, path: str, data, headers):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data if data is not None else {})
        return getattr(self.client, method)(
            self._url(path), body, content_type="application/json", headers=self._headers(headers)
        )

    def post(self, path: str, data=None, **headers):
        return self._send("post", path, data, headers)

    def patch(self, path: str, data=None, **headers):
        return self._send("patch", path, data, headers)

    def put(self, path: str, data=None, **headers):
        return self._send("put", path, data, headers)

    def delete(self, path: str, **headers):
        return self.client.delete(self._url(path), headers=self._headers(headers))


def error_of(response) -> dict:
    """The `error` object of an API error answer (and a check that the shape is right)."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
