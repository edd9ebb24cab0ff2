"""CSRF everywhere: a state-changing web request without the token is refused before any view runs,
no web view is exempt, and the API (exempt because it never reads the session) ignores the
session cookie altogether."""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "كلمة-مرور-قوية-123"


def posts(org_a):
    return {
        "log-in": (reverse("account_login"), {"login": "nora@example.sa", "password": PASSWORD}),
        "sign-up": (reverse("account_signup"), {"email": "new@example.sa", "password1": PASSWORD, "password2": PASSWORD}),
        "password reset": (reverse("account_reset_password"), {"email": "nora@example.sa"}),
        "log-out": (reverse("account_logout"), {}),
        "organization registration": (reverse("organizations:register"), {"name_ar": "جمعية"}),
        "organization edit": (reverse("organizations:edit", args=[org_a.slug]), {"name_ar": "جمعية"}),
        "apply": (reverse("recruitment:apply", args=[1]), {"motivation": "أرغب في المساعدة"}),
        "hours logging": (reverse("hours:engagement", args=[1]), {"hours": "2"}),
        "hours approval": (reverse("hours:approve", args=[org_a.slug, 1]), {}),
        "language switch": ("/i18n/setlang/", {"language": "en"}),
    }


@pytest.mark.parametrize(
    "what",
    ["log-in", "sign-up", "password reset", "log-out", "organization registration", "organization edit", "apply",
     "hours logging", "hours approval", "language switch"],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_post_without_the_csrf_token_is_refused(what, signed_in, org_a, admin_a):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(admin_a)
    path, data = posts(org_a)[what]

    response = client.post(path, data)

    assert response.status_code == 403, (what, response.status_code)


def test_the_same_post_with_the_token_gets_through_the_check(org_a, admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)
    client.get(reverse("organizations:edit", args=[org_a.slug]))
    token = client.cookies["csrftoken"].value

    response = client.post(reverse("organizations:edit", args=[org_a.slug]), {"csrfmiddlewaretoken": token})

    assert response.status_code != 403  # the form answers (400 for the missing fields), not the CSRF check


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_the_api_is_exempt_from_csrf():
    exempt = sorted(route for route, view in walk(get_resolver().url_patterns) if getattr(view, "csrf_exempt", False))

    assert exempt, "the walk found no API route: it no longer sees the URLconf"
    assert [route for route in exempt if not route.startswith("api/")] == []


def test_the_api_never_authenticates_with_the_session_cookie(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)

    read = client.get("/api/v1/me/profile/")
    write = client.post("/api/v1/me/charter/accept/", content_type="application/json")

    assert read.status_code == 401
    assert write.status_code == 401
