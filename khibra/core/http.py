from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address. Behind a proxy set SECURE_PROXY_SSL_HEADER and trust REMOTE_ADDR
    as rewritten by the proxy (we do not read X-Forwarded-For, which callers can forge)."""
    return request.META.get("REMOTE_ADDR") or None


def user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:300]
