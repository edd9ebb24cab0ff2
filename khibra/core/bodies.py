"""Request bodies over the limit get 413 with a clear message, never a 500.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) with RequestDataTooBig only when a
view or a middleware first reads it, and that became a 500 (the API) or a bare 400. This outermost
layer answers from the declared Content-Length before anything reads the body: forms and JSON over
DATA_UPLOAD_MAX_MEMORY_SIZE, file uploads (multipart) over REQUEST_MAX_UPLOAD_BYTES. Without a
Content-Length Django reads no body at all, and a RequestDataTooBig raised anyway is turned into
the same answer (a view's through process_exception, another middleware's through handler400). Pages get a short page in the URL's language; the API its JSON error shape,
through the hooks khibra.api registers into core.unavailable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from .unavailable import api_error, api_language

MB = 1024 * 1024


def limit_for(request) -> int:
    if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
        return settings.REQUEST_MAX_UPLOAD_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _is_api(request) -> bool:
    return request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs/")


def too_large_response(request, *, limit: int | None = None) -> HttpResponse:
    limit = limit or limit_for(request)
    if _is_api(request):
        language = api_language.first(request, default=settings.LANGUAGE_CODE)
    else:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        message = _("The request is too large: at most %(size)s MB can be sent at once.") % {"size": limit // MB}
        response = api_error.first(413, code="too_large", message=message) if _is_api(request) else None
        if response is None:
            html = render_to_string("413.html", {"message": message, "language": language})
            response = HttpResponse(html, status=413, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    # The rest of the body is not read: the connection must not be reused for another request.
    response["Connection"] = "close"
    return response


class RequestSizeMiddleware:
    """Second outermost, right after DatabaseUnavailableMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot size
        if length > limit_for(request):
            return too_large_response(request)
        try:
            return self.get_response(request)
        except RequestDataTooBig:  # pragma: no cover - DEBUG_PROPAGATE_EXCEPTIONS
            return too_large_response(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    def process_exception(self, request, exception):
        """The fields of a file upload over DATA_UPLOAD_MAX_MEMORY_SIZE, found by a view."""
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None


def bad_request(request, exception, *args, **kwargs):
    """handler400: the same when another middleware (CSRF) read the fields first."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return defaults.bad_request(request, exception, *args, **kwargs)
