"""Bearer authentication (personal tokens and organization keys), scopes and rate limits.

The API never reads the session cookie: a browser that is signed in to the site cannot be made to
call the API on its owner's behalf (no CSRF surface), and every call says who it is.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from khibra.core.cache import hit
from khibra.core.http import client_ip

from .services import Principal, principal_for

ANONYMOUS = Principal(user=AnonymousUser())


class Bearer(HttpBearer):
    """`Authorization: Bearer <token or key>`. With `optional`, a call without the header goes on
    anonymously; a header with a bad secret is always refused."""

    def __init__(self, *, optional: bool = False):
        self.optional = optional
        super().__init__()

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if not header.strip():
            request.user = AnonymousUser()
            return _Anonymous() if self.optional else None
        principal = super().__call__(request)
        if principal is None:
            raise AuthenticationError()
        return principal

    def authenticate(self, request: HttpRequest, token: str):
        principal = principal_for(token.strip()) if token else None
        if principal is not None:
            request.user = principal.user
            request.principal = principal
        return principal


class _Anonymous:
    """A truthy stand-in so ninja lets an anonymous call through an optional endpoint."""

    user = AnonymousUser()
    token = None
    key = None

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


bearer = Bearer()
optional_bearer = Bearer(optional=True)


def principal(request: HttpRequest) -> Principal | None:
    return getattr(request, "principal", None)


def require_personal(request: HttpRequest) -> None:
    """Endpoints about the caller themself (profile, applications) refuse organization keys."""
    caller = principal(request)
    if caller is not None and caller.key is not None:
        raise PermissionDenied(_("This endpoint needs a personal token, not an organization's API key."))


def require_scope(request: HttpRequest, scope: str, organization=None) -> None:
    """An organization key must carry the scope and may act only on its own organization.
    Personal tokens pass: their owner's own permissions are checked by the services."""
    caller = principal(request)
    if caller is None or caller.key is None:
        return
    if scope not in caller.key.scopes:
        raise PermissionDenied(_("This API key does not have the “%(scope)s” scope.") % {"scope": scope})
    if organization is not None and organization.pk != caller.key.organization_id:
        raise PermissionDenied(_("This API key belongs to another organization."))


class _SettingsRateThrottle(SimpleRateThrottle):
    """Rates come from settings on every call, so deployments and tests can change them.

    Counted as a sliding window of two fixed ones: this window's count (one atomic add-or-increment
    of a small integer in the shared cache, core.cache.hit) plus the last window's, weighted by the
    share of it that still lies within the period. ninja's own throttle keeps the time of every call
    of the period in one list that each call reads and writes whole: at 300 calls a second behind
    one address, a 20 kB row rewritten per call, and two processes could lose each other's calls."""

    setting = ""

    def __init__(self):
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        elapsed = self.now / self.duration - window  # share of this window gone, 0 … 1
        current = hit(f"{self.key}:{window}", self.duration * 2)
        previous = self.cache.get(f"{self.key}:{window - 1}", 0) if elapsed < 1 else 0
        self.window_ends_in = (window + 1) * self.duration - self.now
        return current + previous * (1 - elapsed) <= self.num_requests

    def wait(self):
        """Seconds until this window ends, when the count starts again (at least one)."""
        return max(1.0, self.window_ends_in)

    def get_ident(self, request: HttpRequest):
        return client_ip(request) or "unknown"


class IpThrottle(_SettingsRateThrottle):
    """Every call, authenticated or not, counts against its IP address."""

    scope = "ip"
    setting = "API_RATE_LIMIT_IP"

    def get_cache_key(self, request: HttpRequest):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRateThrottle):
    """Calls with a token or key count against that credential."""

    scope = "token"
    setting = "API_RATE_LIMIT_TOKEN"

    def get_cache_key(self, request: HttpRequest):
        caller = principal(request)
        if caller is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": str(caller)}


class SignInThrottle(_SettingsRateThrottle):
    """Token requests (password checks) per IP address, well below the general limit."""

    scope = "sign-in"
    setting = "API_RATE_LIMIT_SIGN_IN"

    def get_cache_key(self, request: HttpRequest):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
