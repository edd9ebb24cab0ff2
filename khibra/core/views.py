"""Views of the base: the health check, the favicon and the public uploads."""

from datetime import timedelta
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .worker import last_heartbeat

# Uploads anyone may see (an organization's logo is on its public page). Everything else under
# MEDIA_ROOT (work files) leaves only through permission-checked views, never by its path.
PUBLIC_MEDIA_PREFIXES = ("logos/",)
# Only images are shown inline; anything else would be downloaded, never rendered.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 while the web process reaches the database; the worker's heartbeat is reported beside
    it ("ok" or "stale") without changing the status, so a stuck worker never takes the web
    process out of a load balancer (docs/background-work.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    seen_at = last_heartbeat()
    stale_after = timedelta(seconds=settings.WORKER_STALE_SECONDS)
    age = None if seen_at is None else max(0, round((timezone.now() - seen_at).total_seconds()))
    worker = {
        "status": "ok" if age is not None and age <= stale_after.total_seconds() else "stale",
        "last_heartbeat": seen_at.isoformat() if seen_at else None,
        "seconds_since": age,
        "stale_after_seconds": settings.WORKER_STALE_SECONDS,
    }
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse | HttpResponseNotModified:
    """Streams a public upload from the default storage (MEDIA_ROOT, or object storage shared by
    every node) with headers that keep a browser from running it.

    In development (DEBUG) every upload is served, as Django's static view did before."""
    if not settings.DEBUG and not path.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    try:
        if not default_storage.exists(path):
            raise Http404
        modified = default_storage.get_modified_time(path).timestamp()
    except (SuspiciousFileOperation, NotImplementedError, OSError):  # a path that leaves the storage
        raise Http404 from None
    if not was_modified_since(request.headers.get("If-Modified-Since"), modified):
        return HttpResponseNotModified()
    name = PurePosixPath(path).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=name,
    )
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=86400" if path.startswith(PUBLIC_MEDIA_PREFIXES) else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
