"""Steps 8 and 9 pages in the browser (Arabic desktop, English phone) with accessibility checks."""

import datetime as dt

from allauth.account.models import EmailAddress
import pytest

from khibra.organizations.models import Membership
from khibra.programs import services as program_services
from khibra.testing.factories import MembershipFactory, OrganizationFactory

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_evaluation_and_learning_pages_read_well(page):
    organization = OrganizationFactory(name_ar="جمعية رعاية الأيتام بجدة", slug="orphans-jeddah")
    manager = MembershipFactory(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).user
    EmailAddress.objects.create(user=manager, email=manager.email, primary=True, verified=True)
    program = program_services.create_program(
        organization=organization, by=manager, name="برنامج التحول الرقمي", goal="حضور رقمي للجمعية.",
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
    )
    page.goto("/accounts/login/")
    page.fill("#id_login", manager.email)
    page.fill("#id_password", "كلمة-مرور-قوية-123")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")

    base = f"/organizations/{organization.slug}/programs/{program.pk}/"
    for name in ("evaluation", "lessons"):
        page.goto(base + f"{name}/")
        screenshot(page, f"step89-{name}-ar")
        check_accessibility(page, f"{name} (ar)")
    page.goto(f"/organizations/{organization.slug}/relationships/")
    check_accessibility(page, "relationships (ar)")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en" + base + "evaluation/")
    assert page.locator("#program-evaluation").count() == 1
    screenshot(page, "step89-evaluation-en-phone")
    check_accessibility(page, "evaluation (en)")
