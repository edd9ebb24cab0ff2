"""Every HTML page carries the security headers and a Content-Security-Policy that forbids inline
scripts; the templates hold no inline script, event-handler attribute or style attribute for the
policy to block."""

from pathlib import Path
import re

from django.urls import reverse
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/en/"),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/accounts/password/reset/"),
    ("anonymous", "/opportunities/"),
    ("anonymous", "/api/v1/docs/"),
    ("anonymous", "/no-such-page/"),
    ("volunteer", "/dashboard/"),
    ("admin_a", "/dashboard/"),
]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize("persona, path", PAGES)
def test_every_html_page_carries_the_security_headers(client, request, persona, path):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(path)

    assert response["Content-Type"].startswith("text/html")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("default-src", []) and "'unsafe-eval'" not in policy.get("default-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_the_api_answers_carry_the_headers_too(client):
    response = client.get("/api/v1/reference/cities/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


def test_the_csrf_and_session_cookies_are_out_of_reach_of_scripts(client, volunteer, settings):
    response = client.get(reverse("account_login"))
    client.force_login(volunteer)

    assert response.cookies["csrftoken"]["httponly"]
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


# --- the templates ---------------------------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
_JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
_STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
_HTMX_EVAL = re.compile(r"\bhx-on\b|hx-on:|hx-vars|hx-vals\s*=\s*[\"']\s*(?:js|javascript):", re.I)


def html_templates():
    folders = [ROOT / "templates", *(p for p in (ROOT / "khibra").glob("*/templates"))]
    for folder in folders:
        yield from sorted(folder.rglob("*.html"))


def is_for_pdf_or_mail(path: Path) -> bool:
    # Rendered by WeasyPrint or sent by e-mail, never served under the page's policy.
    return "pdf" in path.parts or "email" in path.parts


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in html_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _HANDLER, _JS_URL, _HTMX_EVAL):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    assert not offenders, offenders


def test_no_served_template_has_a_style_attribute():
    offenders = []
    for path in html_templates():
        if is_for_pdf_or_mail(path):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in _STYLE_ATTR.finditer(text)]
    assert not offenders, offenders


def test_htmx_may_not_evaluate_code():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert '"allowEval": false' in base
