"""Providers, training, exports, teams and the three dashboards in the browser, on the demo world,
in Arabic, with axe. Screenshots in test-results/screenshots/issue7-*.png."""

from django.test import Client
import pytest

from khibra.accounts.models import User
from khibra.demo import loader
from khibra.organizations.models import Organization

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=email))
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def visit(page, path: str, name: str, selector: str) -> None:
    response = page.goto(path)
    assert response.status < 400, f"{path} answered {response.status}"
    page.wait_for_selector(selector)
    screenshot(page, f"issue7-{name}")
    check_accessibility(page, name)


def test_issue7_pages_on_the_demo_world(page, live_server):
    loader.load()
    nonprofit = Organization.objects.get(kind="nonprofit", registration_number="1187")
    company = Organization.objects.get(kind="company")
    university = Organization.objects.get(kind="university")

    visit(page, "/training/", "training-catalogue", "main h1")

    log_in(page, live_server, "staff@khibra.example")
    visit(page, "/sector/", "sector-dashboard", "main h1")
    assert page.locator("main svg[role=img]").count() >= 3

    manager = nonprofit.memberships.filter(role="manager").select_related("user").first() or nonprofit.memberships.filter(role="admin").first()
    log_in(page, live_server, manager.user.email)
    visit(page, f"/organizations/{nonprofit.slug}/dashboard/", "organization-dashboard", "main h1")
    assert page.locator("main svg[role=img]").count() >= 1
    page.locator("#export-buttons-hours, form.export-buttons").first.wait_for()

    for provider, name in ((company, "company"), (university, "university")):
        coordinator = provider.memberships.filter(role="coordinator").select_related("user").first()
        log_in(page, live_server, coordinator.user.email)
        visit(page, f"/organizations/{provider.slug}/provider/", f"provider-{name}", "main h1")
        visit(page, f"/organizations/{provider.slug}/provider/dashboard/", f"provider-dashboard-{name}", "main h1")

    log_in(page, live_server, "sara.alotaibi@khibra.example")
    visit(page, "/volunteer/employers/", "my-employers", "main h1")
    visit(page, "/teams/", "my-teams", "main h1")
    visit(page, "/exports/", "my-exports", "main h1")
