"""The machinery of the permission matrix: rules (who is allowed), table entries, URL discovery
and the request runner. The tables themselves live in `web_table.py` and `api_table.py`."""

from dataclasses import dataclass, field
import json
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import ROLES

# --- rules: the set of roles that are allowed --------------------------------------------------

ANONYMOUS = frozenset({"anonymous"})
VOLUNTEER = frozenset({"volunteer"})
OTHER_VOLUNTEER = frozenset({"other_volunteer"})
VOLUNTEERS = VOLUNTEER | OTHER_VOLUNTEER  # anybody with a volunteer profile
ORG_A_ADMIN = frozenset({"admin_a"})
ORG_A_MANAGERS = ORG_A_ADMIN | {"manager_a"}  # admin + volunteer manager
ORG_A_SUPERVISOR = frozenset({"supervisor_a"})
ORG_A_STAFF = ORG_A_MANAGERS | ORG_A_SUPERVISOR  # every member of A
ORG_B_ADMIN = frozenset({"admin_b"})
ORG_B_MANAGERS = ORG_B_ADMIN | {"manager_b"}
ORG_B_STAFF = ORG_B_MANAGERS | {"supervisor_b"}
ORG_MEMBERS = ORG_A_STAFF | ORG_B_STAFF  # members of any non-profit
PROVIDER_P = frozenset({"coordinator_p"})
STAFF_ONLY = frozenset({"staff"})
ANY_USER = frozenset(ROLES) - ANONYMOUS
PUBLIC = frozenset(ROLES)
NOBODY = frozenset()


def but(rule: frozenset, *roles: str) -> frozenset:
    return rule - set(roles)


# --- table entries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lit:
    """A literal URL argument (not an object of the world)."""

    value: object


@dataclass
class Entry:
    allowed: frozenset
    methods: tuple = ("get",)
    kwargs: dict = field(default_factory=dict)
    data: object = None  # POST form data / API JSON body: a dict, or a function of the world
    post: frozenset | None = None  # who may POST a form page, when fewer than who may read it

    def allowed_for(self, method: str) -> frozenset:
        return self.post if method == "post" and self.post is not None else self.allowed

    def data_for(self, world):
        return self.data(world) if callable(self.data) else self.data


def page(allowed, **kwargs) -> Entry:
    """A page read with GET."""
    return Entry(allowed, ("get",), kwargs)


def form(allowed, post=None, data=None, **kwargs) -> Entry:
    """A page with a form: GET shows it, POST submits it (empty data is a validation error).
    `post`: who may submit, when only some of the readers may (e.g. supervisors read)."""
    return Entry(allowed, ("get", "post"), kwargs, data, post)


def action(allowed, data=None, **kwargs) -> Entry:
    """A POST-only action."""
    return Entry(allowed, ("post",), kwargs, data)


def op(allowed, data=None, **params) -> Entry:
    """An API operation; `params` name world objects for the path parameters that differ from
    the defaults in api_table.PARAMS."""
    return Entry(allowed, (), params, data)


# --- argument resolution -----------------------------------------------------------------------

SLUG_ARGS = {"org_slug", "slug"}
TOKEN_ARGS = {"token", "code"}


def resolve(world, name: str, spec):
    if isinstance(spec, Lit):
        return spec.value
    obj = getattr(world, spec)
    if name in SLUG_ARGS:
        return obj.slug
    if name in TOKEN_ARGS:
        return getattr(obj, name)
    return obj.pk


# --- URL discovery ------------------------------------------------------------------------------

# Django's admin has its own staff check (one test covers it); language switching, health check,
# favicon and media files are not pages of the product; the API is enumerated from its schema.
SKIPPED_NAMESPACES = {"admin", "api-v1"}
SKIPPED_NAMES = {"set_language", "health"}

# Apps built in parallel (issue 9): their URLs join the tables when they land.
PENDING_NAMESPACES: set[str] = set()


def web_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespaces + ([pattern.namespace] if pattern.namespace else []))
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespaces and (namespaces[0] in SKIPPED_NAMESPACES or namespaces[0] in PENDING_NAMESPACES):
                    continue
                name = ":".join(namespaces + [pattern.name])
                if name not in SKIPPED_NAMES:
                    names.add(name)

    walk(get_resolver().url_patterns, [])
    return names


def api_operations() -> set[str]:
    """ "METHOD /path" of every operation in the OpenAPI document, /api/v1 left out."""
    from khibra.api.main import api

    pending = {f"khibra.{app}." for app in PENDING_NAMESPACES}
    modules = {}
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                modules[path] = operation.view_func.__module__ + "."
    schema = api.get_openapi_schema()
    prefix = "/api/v1"
    found = set()
    for path, methods in schema["paths"].items():
        short = path[len(prefix):] if path.startswith(prefix) else path
        if modules.get(short, "").startswith(tuple(pending)):
            continue
        found.update(f"{method.upper()} {short}" for method in methods if method in {"get", "post", "put", "patch", "delete"})
    return found


# --- running requests ---------------------------------------------------------------------------

ALLOW, DENY, LOGIN, ERROR = "allow", "deny", "login", "error"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Writes a denied request may make without granting anything: sessions, lock-out, and the
# "last used" time of the token or key that authenticated it.
HARMLESS_WRITES = ("django_session", "axes_", "django_cache", 'SET "last_used_at"')


class WriteSpy:
    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITES.match(sql) and not any(part in sql for part in HARMLESS_WRITES):
            self.writes.append(sql[:120])
        return execute(sql, params, many, context)


def classify(response) -> str:
    status = response.status_code
    if status in (401, 403, 404):
        return DENY
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if reverse("account_login") in location or "/accounts/login/" in location:
            return LOGIN
    if status >= 500 or status in (405, 429):  # a server error, a wrong method, a throttled matrix
        return ERROR
    return ALLOW


@dataclass
class Result:
    role: str
    method: str
    url: str
    outcome: str
    status: int | None
    writes: list
    detail: str = ""


def call(client: Client, method: str, url: str, data=None, *, json_body: bool = False, headers=None) -> tuple:
    """One request inside a transaction that is rolled back: no role's call changes what the
    next one sees. Returns (response or None, writes, detail)."""
    spy = WriteSpy()
    response, detail = None, ""
    cache.clear()  # rate limits (sign-up, log-in: 5 a minute per address) would throttle the next role
    with transaction.atomic():
        with connection.execute_wrapper(spy):
            try:
                if json_body and method != "get":
                    body = json.dumps(data if data is not None else {})
                    response = client.generic(method.upper(), url, body, content_type="application/json", headers=headers or {})
                elif method == "get":
                    response = client.get(url, headers=headers or {})
                else:
                    response = getattr(client, method)(url, data or {}, headers=headers or {})
            except Exception as error:  # a 500: reported as such, not as a crash of the matrix
                detail = f"{type(error).__name__}: {error}"[:300]
        transaction.set_rollback(True)
    return response, spy.writes, detail


def run(client, role, method, url, data=None, *, json_body=False, headers=None) -> Result:
    response, writes, detail = call(client, method, url, data, json_body=json_body, headers=headers)
    if response is None:
        return Result(role, method, url, ERROR, None, writes, detail)
    outcome = classify(response)
    if outcome == ERROR and not detail:
        detail = response.content[:200].decode(errors="replace")
    return Result(role, method, url, outcome, response.status_code, writes, detail)


def web_client(session_keys: dict, role: str) -> Client:
    client = Client()
    if session_keys.get(role):
        client.cookies[settings.SESSION_COOKIE_NAME] = session_keys[role]
    return client


def problems(results: list[Result], allowed: frozenset) -> list[str]:
    """What breaks the rule: an allowed role refused, a refused role let in or writing, a 500."""
    found = []
    for r in results:
        where = f"{r.role:15} {r.method.upper():6} {r.url} -> {r.status}"
        if r.outcome == ERROR:
            found.append(f"{where} ERROR {r.detail}")
        elif r.role in allowed and r.outcome != ALLOW:
            found.append(f"{where} expected ALLOW")
        elif r.role not in allowed and r.outcome == ALLOW:
            found.append(f"{where} expected DENY")
        elif r.role not in allowed and r.writes:
            found.append(f"{where} denied but wrote: {r.writes[:3]}")
    return found
