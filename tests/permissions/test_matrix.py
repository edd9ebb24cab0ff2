"""The permission matrix: every web URL and every API operation, called as every role, gives the
outcome its table entry says (web_table.py, api_table.py). A URL without an entry fails."""

import re

from django.test import Client
from django.urls import reverse
import pytest

from . import matrix
from .api_table import API, PARAMS, PREFIX
from .web_table import WEB
from .world import ROLES

pytestmark = pytest.mark.django_db

# Roles outside organization A: they must not learn that A's objects exist.
OUTSIDERS = ("admin_b", "manager_b", "supervisor_b", "coordinator_p", "staff")


def web_url(world, name: str) -> str:
    entry = WEB[name]
    return reverse(name, kwargs={arg: matrix.resolve(world, arg, spec) for arg, spec in entry.kwargs.items()})


def api_url(world, key: str) -> str:
    entry = API[key]
    _method, path = key.split(" ", 1)
    return PREFIX + re.sub(
        r"{(\w+)}", lambda m: str(matrix.resolve(world, m.group(1), entry.kwargs.get(m.group(1), PARAMS[m.group(1)]))), path
    )


def call_web(world, role: str, method: str, url: str, data=None) -> matrix.Result:
    return matrix.run(matrix.web_client(world.sessions, role), role, method, url, data)


def call_api(world, role: str, key: str, url: str, data=None) -> matrix.Result:
    headers = {"Accept-Language": "ar"}
    if role in world.secrets:
        headers["Authorization"] = f"Bearer {world.secrets[role]}"
    return matrix.run(Client(), role, key.split(" ", 1)[0].lower(), url, data, json_body=True, headers=headers)


# --- completeness --------------------------------------------------------------------------------


def test_every_web_url_has_an_entry():
    names = matrix.web_url_names()
    assert sorted(names - set(WEB)) == [], "new URLs: add them to tests/permissions/web_table.py"
    assert sorted(set(WEB) - names) == [], "stale entries in web_table.py"


def test_every_api_operation_has_an_entry():
    operations = matrix.api_operations()
    assert sorted(operations - set(API)) == [], "new API operations: add them to tests/permissions/api_table.py"
    assert sorted(set(API) - operations) == [], "stale entries in api_table.py"


# --- the matrix ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WEB))
def test_web_url(world, name):
    url = web_url(world, name)
    entry = WEB[name]
    found = []
    for method in entry.methods:
        results = [call_web(world, role, method, url, entry.data_for(world)) for role in ROLES]
        found += matrix.problems(results, entry.allowed_for(method))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("key", sorted(API))
def test_api_operation(world, key):
    url = api_url(world, key)
    entry = API[key]
    results = [call_api(world, role, key, url, entry.data_for(world)) for role in ROLES]
    found = matrix.problems(results, entry.allowed)
    assert found == [], "\n".join(found)


def test_django_admin_is_for_platform_staff_only(world):
    login = reverse("admin:login")
    for role in ("anonymous", "volunteer", "admin_a", "coordinator_p"):
        response = matrix.web_client(world.sessions, role).get(reverse("admin:index"))
        assert response.status_code == 302 and response.headers["Location"].startswith(login), role
    assert matrix.web_client(world.sessions, "staff").get(reverse("admin:index")).status_code == 200


# --- IDOR: ids in URLs are checked against the user ------------------------------------------------


def _names_objects(entry) -> bool:
    """Does the URL carry the id (or slug) of one of organization A's or provider P's objects?"""
    return any(not isinstance(spec, matrix.Lit) for spec in entry.kwargs.values())


# Public objects (a published opportunity, its agreement, an idea): a 403 reveals nothing.
PUBLIC_OBJECTS = {"agreements:accept", "ideas:adopt", "recruitment:invite"}


def _outsiders(entry) -> tuple:
    """The provider's coordinator is a member of P: a 403 on the admin's pages is right for them."""
    if "provider_p" in entry.kwargs.values():
        return tuple(role for role in OUTSIDERS if role != "coordinator_p")
    return OUTSIDERS


@pytest.mark.parametrize(
    "name", sorted(name for name, entry in WEB.items() if _names_objects(entry) and name not in PUBLIC_OBJECTS)
)
def test_outsiders_get_404_on_a_web_url_with_someone_elses_id(world, name):
    """Organization B's people, the provider's coordinator and platform staff get 404 (not 403:
    that would confirm the object exists) wherever the table does not let them in."""
    entry = WEB[name]
    url = web_url(world, name)
    wrong = [
        f"{role} {method.upper()} {url} -> {result.status}"
        for method in entry.methods
        for role in _outsiders(entry)
        if role not in entry.allowed_for(method)
        and (result := call_web(world, role, method, url, entry.data_for(world))).status != 404
    ]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("key", sorted(key for key in API if "{" in key))
def test_outsiders_get_404_on_an_api_operation_with_someone_elses_id(world, key):
    entry = API[key]
    url = api_url(world, key)
    wrong = [
        f"{role} {key} -> {result.status}"
        for role in _outsiders(entry)
        if role not in entry.allowed
        and (result := call_api(world, role, key, url, entry.data_for(world))).status != 404
    ]
    assert wrong == [], "\n".join(wrong)


# The volunteer's own objects, by id: the other volunteer gets exactly 404.
VOLUNTEER_OWN_WEB = [
    ("engagements:workspace", "get"),
    ("hours:edit", "get"),
    ("hours:delete", "post"),
    ("certificates:download", "get"),
    ("certificates:thanks_toggle", "post"),
    ("volunteers:qualification_delete", "post"),
    ("providers:share", "post"),
    ("api:revoke_api_token", "post"),
    ("evaluation:survey", "get"),
    ("evaluation:review_organization", "get"),
    ("recruitment:withdraw", "post"),
    ("hours:engagement", "get"),
]
VOLUNTEER_OWN_API = [
    "GET /engagements/{engagement_id}/",
    "GET /hours/{entry_id}/",
    "PATCH /hours/{entry_id}/",
    "DELETE /auth/tokens/{token_id}/",
    "POST /me/employers/{member_id}/share/",
    "GET /engagements/{engagement_id}/work-items/",
    "GET /engagements/{engagement_id}/agreement/",
    "POST /engagements/{engagement_id}/agreement/accept/",
]


@pytest.mark.parametrize("name, method", VOLUNTEER_OWN_WEB)
def test_another_volunteer_gets_404_on_the_volunteers_objects(world, name, method):
    assert "other_volunteer" not in WEB[name].allowed_for(method)
    result = call_web(world, "other_volunteer", method, web_url(world, name), WEB[name].data_for(world))
    assert result.status == 404, result


@pytest.mark.parametrize("key", VOLUNTEER_OWN_API)
def test_another_volunteer_gets_404_on_the_volunteers_objects_in_the_api(world, key):
    result = call_api(world, "other_volunteer", key, api_url(world, key), API[key].data_for(world))
    assert result.status == 404, result


# --- objects that are not public, behind URLs that are --------------------------------------------

NOT_PUBLIC_WEB = [
    ("opportunities:public_detail", {"pk": "draft_opportunity"}, ()),
    ("opportunities:public_detail", {"pk": "pending_opportunity"}, ()),
    ("recruitment:apply", {"pk": "draft_opportunity"}, ()),
    ("recruitment:invite", {"pk": "draft_opportunity"}, ()),
    ("certificates:portfolio_public", {"slug": "private_portfolio"}, ()),
    ("organizations:detail", {"slug": "org_pending"}, ("staff",)),  # staff review it
    ("evaluation:report_organization", {"slug": "org_pending"}, ("staff",)),
]
NOT_PUBLIC_API = [
    ("GET /opportunities/{opportunity_id}/", {"opportunity_id": "draft_opportunity"}, ("admin_a", "manager_a", "supervisor_a")),
    ("GET /opportunities/{opportunity_id}/", {"opportunity_id": "pending_opportunity"}, ()),
    ("GET /opportunities/{opportunity_id}/required-courses/", {"opportunity_id": "draft_opportunity"}, ("admin_a", "manager_a", "supervisor_a")),
    ("POST /opportunities/{opportunity_id}/applications/", {"opportunity_id": "draft_opportunity"}, ()),
    ("GET /organizations/{organization_id}/", {"organization_id": "org_pending"}, ("staff",)),
]


@pytest.mark.parametrize("name, kwargs, allowed", NOT_PUBLIC_WEB)
def test_a_public_page_shows_nothing_that_is_not_public(world, name, kwargs, allowed):
    url = reverse(name, kwargs={arg: matrix.resolve(world, arg, spec) for arg, spec in kwargs.items()})
    wrong = [
        f"{role} -> {result.status}"
        for role in ROLES
        if role not in allowed and (result := call_web(world, role, "get", url)).outcome not in (matrix.DENY, matrix.LOGIN)
    ]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("key, params, allowed", NOT_PUBLIC_API)
def test_a_public_operation_shows_nothing_that_is_not_public(world, key, params, allowed):
    _method, path = key.split(" ", 1)
    url = PREFIX + re.sub(r"{(\w+)}", lambda m: str(matrix.resolve(world, m.group(1), params[m.group(1)])), path)
    data = API[key].data_for(world)
    wrong = [
        f"{role} -> {result.status}"
        for role in ROLES
        if role not in allowed and (result := call_api(world, role, key, url, data)).outcome != matrix.DENY
    ]
    assert wrong == [], "\n".join(wrong)
