from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address. Behind a proxy set SECURE_PROXY_SSL_HEADER and trust REMOTE_ADDR
    as rewritten by the proxy (we do not read X-Forwarded-For, which callers can forge)."""
    return request.META.get("REMOTE_ADDR") or None


def user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:300]


class RetryAfterMiddleware:
    """Every 429 says when to try again. The API's throttles set Retry-After from their window; a
    locked-out log-in waits the lock-out's cool-off; the other limits (sign-up, password reset)
    count in one-minute windows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            if getattr(request, "axes_locked_out", False):
                wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
            else:
                wait = settings.RETRY_AFTER_SECONDS
            response["Retry-After"] = str(wait)
        return response


def local_next(request: HttpRequest, default: str = "") -> str:
    """The `next` page a form was asked to return to (POST first, then the query string), when it
    is a path on this site; `default` otherwise. Guards against open redirects."""
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and "\\" not in candidate
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return candidate
    return default
