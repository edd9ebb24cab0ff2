from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail the log-in attempt was for, lower-cased, so throttling counts per person."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower()
