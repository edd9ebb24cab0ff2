"""One error shape for the whole API: {"error": {"code", "message", "fields"}}, in the caller's language."""

import logging
import math

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError as DjangoValidationError,
)
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext, gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError as NinjaValidationError

from khibra.core.bodies import too_large_response

logger = logging.getLogger("khibra.api")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, fields: dict | None = None):
        super().__init__(str(message))
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


DEFAULT_MESSAGES = {
    400: _("The request is not valid."),
    401: _("Sign in first: send a valid token in the Authorization header."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    409: _("This conflicts with the current state."),
    413: _("The request is too large."),
    429: _("Too many requests. Wait a little and try again."),
    500: _("Something went wrong on our side. It has been logged."),
}
CODES = {
    400: "validation_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
}

# Rules a service enforces whose refusal a client must tell apart from bad input: a ValidationError
# raised with one of these codes is answered with that code instead of "validation_error".
RULE_CODES = frozenset({"agreement_not_accepted"})

# Documented on every operation so clients (and schemathesis) know the error shape.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def error_response(status: int, *, code: str | None = None, message=None, fields: dict | None = None) -> JsonResponse:
    body = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": str(message or DEFAULT_MESSAGES.get(status, DEFAULT_MESSAGES[400])),
            "fields": {name: [str(text) for text in texts] for name, texts in (fields or {}).items()},
        }
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def django_validation_fields(error: DjangoValidationError) -> tuple[str, dict[str, list[str]]]:
    """(message, fields) from a service's or a form's ValidationError."""
    if hasattr(error, "error_dict"):
        fields = {}
        general = []
        for name, errors in error.message_dict.items():
            if name == "__all__":
                general.extend(errors)
            else:
                fields[name] = list(errors)
        message = " ".join(general) or gettext("Some fields need correcting.")
        if general:
            fields.setdefault("non_field_errors", general)
        return message, fields
    messages = [str(message) for message in error.messages]
    return " ".join(messages) or str(DEFAULT_MESSAGES[400]), {}


_PYDANTIC_MESSAGES = {
    "missing": _("This field is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "string_type": _("Enter text."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "list_type": _("Enter a list."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "literal_error": _("Choose one of the allowed values."),
    "enum": _("Choose one of the allowed values."),
    "extra_forbidden": _("This field is not accepted here."),
    "json_invalid": _("The body is not valid JSON."),
}


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind in ("string_too_long", "too_long"):
        return gettext("Ensure this has at most %(limit)s characters or items.") % {"limit": context.get("max_length", "")}
    if kind in ("string_too_short", "too_short"):
        return gettext("Ensure this has at least %(limit)s characters or items.") % {"limit": context.get("min_length", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return gettext("Ensure this is at least %(limit)s.") % {"limit": context.get("ge", context.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return gettext("Ensure this is at most %(limit)s.") % {"limit": context.get("le", context.get("lt", ""))}
    return str(_PYDANTIC_MESSAGES.get(kind, _("Enter a valid value.")))


def ninja_validation_fields(exc: NinjaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("body", "payload", "email") -> "email"; ("query", "page") -> "page"
        while location and location[0] in {"body", "query", "path", "header", "form", "payload", "data", "filters", "params"}:
            location.pop(0)
        name = ".".join(location) or "non_field_errors"
        fields.setdefault(name, []).append(_pydantic_message(error))
    return fields


def install(api) -> None:
    """Every exception the API can meet, answered in the one shape."""
    from khibra.core.unavailable import install_api

    install_api(api)  # the database out of reach: 503 with Retry-After, not 500

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError):
        return error_response(exc.status, code=exc.code, message=exc.message, fields=exc.fields)

    @api.exception_handler(NinjaValidationError)
    def _bad_input(request: HttpRequest, exc: NinjaValidationError):
        return error_response(400, message=gettext("Some fields need correcting."), fields=ninja_validation_fields(exc))

    @api.exception_handler(DjangoValidationError)
    def _rule_broken(request: HttpRequest, exc: DjangoValidationError):
        message, fields = django_validation_fields(exc)
        code = getattr(exc, "code", None) if not hasattr(exc, "error_dict") else None
        return error_response(400, code=code if code in RULE_CODES else None, message=message, fields=fields)

    @api.exception_handler(AuthenticationError)
    def _not_authenticated(request: HttpRequest, exc: AuthenticationError):
        response = error_response(401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied):
        return error_response(403, message=str(exc) or None)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404):
        return error_response(404)

    @api.exception_handler(ObjectDoesNotExist)
    def _missing(request: HttpRequest, exc: ObjectDoesNotExist):
        return error_response(404)

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled):
        response = error_response(429)
        if exc.wait:  # seconds until the oldest counted request leaves the window
            response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError):
        return error_response(exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def _body_too_large(request: HttpRequest, exc: RequestDataTooBig):
        # Normally answered before the API (core.bodies); here the fields of a file upload.
        return too_large_response(request, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    @api.exception_handler(OverflowError)
    def _too_big(request: HttpRequest, exc: OverflowError):
        # SQLite refuses integers past 2^63 (an id in the path, say) before any lookup can miss.
        return error_response(400, message=gettext("A number in the request is too large."))

    @api.exception_handler(Exception)
    def _crashed(request: HttpRequest, exc: Exception):
        if getattr(settings, "API_RAISE_ERRORS", False):  # tests want the traceback
            raise exc
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500)
