"""Every view that follows a `next` parameter goes only to this site: an absolute URL to another
host, a scheme-relative one (//evil.example) or a javascript: URL is ignored. The views that read
`next` are allauth's (log-in, sign-up, log-out), Django's language switch, the ideas bank's
support button and core.http.local_next (url_has_allowed_host_and_scheme); test_no_other_view_reads_next
keeps the list honest."""

from pathlib import Path
import re

from allauth.account.models import EmailAddress
from django.urls import reverse
import pytest

from khibra.core.http import local_next
from khibra.ideas import services as ideas
from khibra.testing.factories import UserFactory, field

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
PASSWORD = "كلمة-مرور-قوية-123"
EVIL = ["https://evil.example/", "//evil.example", "///evil.example", "/\\evil.example", "javascript:alert(1)", "http:evil.example"]


def assert_stays_home(response):
    assert response.status_code in (301, 302), response.status_code
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//") and not location.startswith("/\\"), location
    assert "evil.example" not in location and "javascript" not in location


@pytest.fixture
def nora(db):
    user = UserFactory(email="nora@example.sa")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.mark.parametrize("target", EVIL)
def test_log_in_ignores_a_foreign_next(client, nora, target):
    response = client.post(f"{reverse('account_login')}?next={target}", {"login": nora.email, "password": PASSWORD})
    assert_stays_home(response)
    client.logout()
    response = client.post(reverse("account_login"), {"login": nora.email, "password": PASSWORD, "next": target})
    assert_stays_home(response)


@pytest.mark.parametrize("target", EVIL)
def test_sign_up_ignores_a_foreign_next(client, target):
    data = {"full_name": "سارة العتيبي", "email": "sara@example.sa", "password1": "كلمة-مرور-طويلة-2026",
            "password2": "كلمة-مرور-طويلة-2026", "accept_privacy": "on", "next": target}
    assert_stays_home(client.post(reverse("account_signup"), data))


@pytest.mark.parametrize("target", EVIL)
def test_log_out_ignores_a_foreign_next(client, nora, target):
    client.force_login(nora)
    assert_stays_home(client.post(reverse("account_logout"), {"next": target}))


@pytest.mark.parametrize("target", EVIL)
def test_the_language_switch_ignores_a_foreign_next(client, target):
    assert_stays_home(client.post("/i18n/setlang/", {"language": "en", "next": target}))
    assert_stays_home(client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER=target))


@pytest.mark.parametrize("target", EVIL)
def test_supporting_an_idea_ignores_a_foreign_next(client, volunteer, other_volunteer, target):
    idea = ideas.propose_idea(by=volunteer, title="دليل سياسات", description="لائحة موارد بشرية لجمعية ناشئة.", field=field("human-resources"))
    client.force_login(other_volunteer)
    assert_stays_home(client.post(reverse("ideas:support", args=[idea.pk]), {"next": target}))


def test_a_local_next_is_still_followed(client, nora):
    response = client.post(f"{reverse('account_login')}?next=/opportunities/", {"login": nora.email, "password": PASSWORD})
    assert response["Location"] == "/opportunities/"


_READS_NEXT = re.compile(r"""request\.(?:GET|POST|META)(?:\.get\(|\[)["'](?:next|HTTP_REFERER|return_to|redirect_to|back)["']""")


def test_no_other_view_reads_next():
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "khibra").rglob("*.py")
        if "tests" not in path.parts and _READS_NEXT.search(path.read_text(encoding="utf-8"))
    )
    # Each one checks the target with url_has_allowed_host_and_scheme.
    assert readers == ["khibra/core/http.py", "khibra/ideas/views.py"], readers
    for path in readers:
        assert "url_has_allowed_host_and_scheme" in (ROOT / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("target", EVIL)
def test_a_form_returns_only_to_a_page_of_this_site(rf, target):
    """core.http.local_next (the volunteer profile's return to the application it interrupted)."""
    assert local_next(rf.post("/volunteer/profile/edit/", {"next": target}), "/volunteer/profile/") == "/volunteer/profile/"
    assert local_next(rf.get("/volunteer/profile/edit/", {"next": target})) == ""
    assert local_next(rf.get("/volunteer/profile/edit/", {"next": "/opportunities/7/apply/"})) == "/opportunities/7/apply/"
