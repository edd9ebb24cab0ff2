"""Reads that tolerate a second of lag go to a streaming replica (docs/scaling.md).

With `DATABASE_REPLICA_URL` set, settings add a `replica` database and name it in
`REPLICA_DATABASE`. Nothing goes there by default: a read is sent to the replica only

- inside a request to one of `REPLICA_READ_VIEWS` (public search and pages, the sector and provider
  dashboards), or inside `replica_reads()` (an export's rows, built by the worker);
- when the person has not written anything in the last `REPLICA_PIN_SECONDS`: every request with
  an unsafe method (POST, PUT, PATCH, DELETE) sets a cookie with the time it happened, and a
  request carrying a recent one reads from the primary, so people always see what they just did;
- outside a transaction on the primary (a rule checked before a write reads the primary), and
  never for the platform's bookkeeping (`PRIMARY_ONLY_APPS`: sessions, accounts, throttles and
  the cache table, tasks, leased work rows).

Writes always go to the primary; migrations run on the primary only (the replica copies them).
The decision for the current request lives in a context variable, so threads and requests
never see each other's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "khibra_wrote"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Bookkeeping that must be exact (or is written on read): its reads stay on the primary.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "account",  # allauth's e-mail addresses
        "axes",
        "django_cache",  # DatabaseCache's table: rate limits and throttles
        "django_tasks_db",
        "core",  # outbox, notifications, heartbeats, schedule, audit
        "api",  # tokens and keys
        "exports",  # the leased export rows themselves
        "contenttypes",
    }
)

# True while the current request (or block) may read from the replica.
_replica_allowed: ContextVar[bool] = ContextVar("khibra_replica_allowed", default=False)


def replica_alias() -> str:
    """The replica's alias, or "" when none is configured."""
    alias = getattr(settings, "REPLICA_DATABASE", "")
    return alias if alias and alias in settings.DATABASES else ""


def pin_seconds() -> int:
    return int(getattr(settings, "REPLICA_PIN_SECONDS", 10))


def pinned(cookie: str | None, *, now: float, seconds: int) -> bool:
    """Whether a person whose last write is stamped `cookie` (Unix seconds) still reads from the
    primary at `now`. A missing or unreadable stamp is no recent write; a stamp in the future
    (clocks of two nodes a little apart) counts as recent."""
    if not cookie:
        return False
    try:
        wrote_at = float(cookie)
    except ValueError:
        return False
    return now - wrote_at < seconds


def wants_replica(*, method: str, view_name: str | None, cookie: str | None, now: float) -> bool:
    """The decision for one request: a listed view, a safe method, no write of the person's own
    within the pin period."""
    if method.upper() not in SAFE_METHODS or not view_name:
        return False
    if view_name not in set(getattr(settings, "REPLICA_READ_VIEWS", ())):
        return False
    return not pinned(cookie, now=now, seconds=pin_seconds())


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Let reads in this block go to the replica (when one is configured)."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def reading_from_replica() -> bool:
    return _replica_allowed.get()


def in_transaction() -> bool:
    """Whether code runs inside a transaction on the primary. The one a test case wraps around
    each test (Django marks it, as its on_commit handling does) does not count."""
    primary = connections[DEFAULT_DB_ALIAS]
    return primary.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in primary.atomic_blocks
    )


class ReplicaRouter:
    """Primary for writes, migrations and anything not allowed above; replica for the rest."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if not alias or not _replica_allowed.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if in_transaction():
            return None  # a read inside a write's transaction must see that transaction
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: the replica is a copy of the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db not in {replica_alias(), "replica"}


class ReplicaMiddleware:
    """Decides per request whether its reads may go to the replica, and stamps writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_allowed.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method.upper() not in SAFE_METHODS and replica_alias():
            # The person's own reads stay on the primary until the replica has surely caught up.
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time():.3f}",
                max_age=pin_seconds(),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replica_alias():
            return None
        match = getattr(request, "resolver_match", None)
        _replica_allowed.set(
            wants_replica(
                method=request.method,
                view_name=match.view_name if match else None,
                cookie=request.COOKIES.get(PIN_COOKIE),
                now=time.time(),
            )
        )
        return None
