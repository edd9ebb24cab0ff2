"""While the database is out of reach every request gets a 503 with Retry-After, never a 500.

Pages get a friendly bilingual page rendered without the database (no request context, so no
session, user or navigation queries); the API gets its usual JSON error shape. The error can
arise anywhere: in a view or template (process_exception), or in another middleware (session,
authentication, axes), where Django turns it into a 500 before it reaches us; the
got_request_exception signal marks the request so that the outermost layer swaps that 500 for
the 503. Django drops a broken connection at the end of the request (and CONN_HEALTH_CHECKS
checks a reused one first), so the site comes back by itself when the database does.

The API's error shape and language belong to khibra.api, above core: it registers them into the
two hooks below in its AppConfig.ready().
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
import psycopg

from .hooks import Hook

logger = logging.getLogger("khibra.unavailable")

# A driver error that escaped Django's wrapper (closing a dead connection, say).
DATABASE_DOWN = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)

_MARK = "_khibra_database_down"

api_language = Hook(
    "core.unavailable.api_language",
    "api_language(request) -> str: the language the API answers this request in.",
)
api_error = Hook(
    "core.unavailable.api_error",
    "api_error(status, *, code, message) -> JsonResponse: an error in the API's JSON shape.",
)


def retry_after() -> int:
    return getattr(settings, "UNAVAILABLE_RETRY_AFTER", 30)


def is_database_down(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_DOWN)


def _api_language(request) -> str:
    return api_language.first(request, default=settings.LANGUAGE_CODE)


def api_unavailable_response() -> JsonResponse:
    response = api_error.first(
        503, code="unavailable", message=_("The service is briefly unavailable. Try again in a minute.")
    )
    if response is None:  # no API installed to give its shape
        response = JsonResponse({"status": "unavailable"}, status=503)
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request) -> HttpResponse:
    """The 503 for this request: JSON for the API and the health check, the page otherwise."""
    if request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs/"):
        with translation.override(_api_language(request)):
            return api_unavailable_response()
    if request.path.startswith("/healthz"):
        response = JsonResponse({"status": "unavailable"}, status=503)
    else:
        # Rendered without the request: context processors would query the session and user.
        retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
        html = render_to_string("503.html", {"retry_after": retry_after(), "retry_url": retry_url})
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_down(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def install_api(api) -> None:
    """The API's own exception handlers would answer 500; these are more specific."""
    for error in DATABASE_DOWN:
        api.add_exception_handler(error, lambda request, exc: _api_503(request, exc))


def _api_503(request, exc) -> JsonResponse:
    logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
    return api_unavailable_response()


class DatabaseUnavailableMiddleware:
    """Outermost middleware (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_mark_request, dispatch_uid="khibra.core.unavailable")

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_DOWN as error:  # DEBUG_PROPAGATE_EXCEPTIONS, or raised outside a layer
            logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
            return unavailable_response(request)
        if getattr(request, _MARK, False) and response.status_code >= 500:
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_down(exception):
            return None
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        setattr(request, _MARK, True)
        return unavailable_response(request)
