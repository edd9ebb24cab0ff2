"""What every /api/ call gets before and after its endpoint: the language of Accept-Language, no
session, JSON for every error (unknown paths and wrong methods included), no cookies."""

from http.cookies import SimpleCookie
from importlib import import_module
import json

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from .errors import error_response
from .schemas import text_errors

API_PREFIX = "/api/"
# The browsable documentation is a normal page of the site (session, language from the URL).
DOCS_PREFIX = "/api/v1/docs/"


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def body_error(request):
    """Every body the API takes is a JSON object: a string, a number, null or a list (even of
    objects) is refused on every operation, before any endpoint could take it for "no fields"."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    if request.META.get("CONTENT_TYPE", "").lower().startswith(FORM_TYPES):
        return None
    body = request.body
    if not body.strip():
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return error_response(400, message=_("The body is not valid JSON."))
    if not isinstance(data, dict):
        return error_response(400, code="not_an_object", message=_("The body must be a JSON object: {\"field\": value, …}."))
    return None


def language_of(request) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.split("-")[0].lower()
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def _refused_text(request):
    """A JSON body whose strings hold direction overrides or only invisible characters is refused
    here, once for every endpoint (khibra/core/text.py, khibra/api/schemas.py)."""
    if request.method not in {"POST", "PUT", "PATCH"} or "json" not in request.content_type:
        return None
    try:
        data = json.loads(request.body)
    except Exception:  # noqa: BLE001 — an unreadable or too large body is the endpoint's to refuse
        return None
    fields = text_errors(data)
    if not fields:
        return None
    return error_response(400, code="invalid_text", message=_("Some fields need correcting."), fields=fields)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.session_engine = import_module(settings.SESSION_ENGINE)

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or request.path.startswith(DOCS_PREFIX):
            return self.get_response(request)
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # The session cookie never authenticates an API call (see auth.py). The real session is
        # put back afterwards so that SessionMiddleware leaves the browser's cookie alone.
        session, request.session = getattr(request, "session", None), self.session_engine.SessionStore()
        if not request.path.endswith("/"):
            response = error_response(404, message=_("Not found. API paths end with a slash (/)."))
        elif (refused := _refused_text(request)) is not None:
            response = refused
        else:
            response = body_error(request) or self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow")
            if getattr(request, "axes_locked_out", False):  # axes swapped in its own page
                response = error_response(
                    429, code="locked_out", message=_("Too many failed attempts for this account. Try again later.")
                )
            else:
                response = error_response(response.status_code)
            if allow:
                response["Allow"] = allow
        if session is not None:
            request.session = session
        response.cookies = SimpleCookie()
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        if request.headers.get("Authorization"):
            response["Cache-Control"] = "no-store"
        return response
