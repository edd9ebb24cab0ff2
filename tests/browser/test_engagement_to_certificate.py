"""Steps 7–9 in the browser: an engagement run to the end. Tasks delivered and accepted, hours
logged and approved, the survey answered, the certificate PDF downloaded and its code verified
on the public page."""

from pathlib import Path
import shutil
import subprocess

from allauth.account.models import EmailAddress
from django.utils import timezone
from hijridate import Gregorian
import pytest

from khibra.certificates.models import Certificate
from khibra.engagements.models import Engagement
from khibra.evaluation.models import VolunteerSurvey
from khibra.hours.models import HourEntry
from khibra.organizations.models import Membership
from khibra.recruitment.services.applications import accept_application, apply
from khibra.testing.factories import (
    MembershipFactory,
    OrganizationFactory,
    city,
    matching_opportunity,
    matching_volunteer,
)

from .conftest import ROOT, check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "كلمة-مرور-قوية-123"
TITLE = "مطور موقع إلكتروني بلغة بايثون"
NAME = "هند بنت سعد الزهراني"
OUT = ROOT / "test-results/engagement-to-certificate"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def verified(user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": True})
    return user


def test_an_engagement_runs_to_the_certificate(page):
    organization = OrganizationFactory(name_ar="جمعية رعاية الأيتام بجدة", slug="orphans-jeddah", city=city("jeddah"))
    manager = verified(MembershipFactory(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).user)
    opportunity = matching_opportunity(organization=organization, by=manager, title=TITLE, nature="remote", city=None, venue="")
    volunteer = matching_volunteer()
    volunteer.user.full_name = NAME
    volunteer.user.save(update_fields=["full_name"])
    verified(volunteer.user)
    application = apply(
        opportunity=opportunity, volunteer=volunteer, motivation="أبني مواقع بجانغو منذ سنوات.", answers={}, availability_confirmed=True
    )
    engagement = accept_application(application=application, by=manager)
    items = list(engagement.work_items.order_by("pk")) if hasattr(engagement, "work_items") else []
    assert items, "the workspace lists the opportunity's tasks"

    # The volunteer delivers every task and logs hours.
    log_in(page, volunteer.user)
    page.goto("/volunteer/engagements/")
    page.click(f"#workspace-link-{engagement.pk}")
    page.wait_for_selector("#workspace")
    # The one call to action: read and accept the agreement, which opens the work.
    page.click("#agreement-cta")
    page.click("#accept-agreement")
    page.wait_for_load_state()
    page.goto(f"/engagements/{engagement.pk}/")
    page.wait_for_selector("#agreement-accepted")
    for item in sorted(items, key=lambda item: item.kind != "task"):  # the final deliverable after its tasks
        page.click(f"#hand-in-{item.pk}")  # one hand-in form at a time
        page.fill(f"#id_item{item.pk}-link", f"https://github.com/orphans-jeddah/website/pull/{item.pk}")
        page.locator(f"#submit-{item.pk} button[type=submit]").click()
        page.wait_for_selector(f"#task-{item.pk}")
    screenshot(page, "engagement-01-workspace-submitted")
    check_accessibility(page, "workspace (volunteer)")
    page.goto(f"/volunteer/engagements/{engagement.pk}/hours/")
    # Today, typed in Hijri (the engagement started today; earlier days would be refused).
    local = timezone.localdate()
    today = Gregorian(local.year, local.month, local.day).to_hijri()
    hijri_today = f"{today.year}-{today.month:02d}-{today.day:02d}"
    for day, hours in ((hijri_today, "٥"), (hijri_today, "4.5")):
        page.fill("#id_date", day)
        page.fill("#id_hours", hours)
        page.click("#log-hours")
        page.wait_for_load_state()
    screenshot(page, "engagement-02-hours")
    check_accessibility(page, "hours (volunteer)")
    assert HourEntry.objects.filter(engagement=engagement).count() == 2

    # The manager accepts the deliverables, approves the hours in bulk and closes the engagement.
    log_in(page, manager)
    page.goto(f"/engagements/{engagement.pk}/")
    for item in items:
        page.select_option(f"#id_item{item.pk}-decision", "accept")
        page.locator(f"#review-{item.pk} button[type=submit]").click()
        page.wait_for_selector(f"#task-{item.pk}")
    page.goto(f"/organizations/{organization.slug}/hours/")
    for entry in HourEntry.objects.filter(engagement=engagement):
        page.check(f"#select-{entry.pk}")
    page.click("#approve-selected")
    page.wait_for_load_state()
    screenshot(page, "engagement-03-hours-approved")
    assert set(HourEntry.objects.filter(engagement=engagement).values_list("status", flat=True)) == {"approved"}
    page.goto(f"/engagements/{engagement.pk}/")
    page.select_option("#close-engagement select", "completed")
    page.locator("#close-engagement button[type=submit]").click()
    page.wait_for_load_state()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.COMPLETED

    # The volunteer answers the survey and downloads the certificate.
    log_in(page, volunteer.user)
    survey = VolunteerSurvey.objects.get(engagement=engagement)
    page.goto(f"/surveys/{survey.pk}/")
    for name in ("satisfaction", "organization_quality", "training", "recommend"):
        page.check(f"input[name={name}][value='5']")
    page.check("input[name=exhaustion][value='never']")
    page.fill("#id_recommend_reason", "إشراف واضح وأثر ملموس على الأيتام.")
    screenshot(page, "engagement-04-survey")
    check_accessibility(page, "survey")
    page.click("#survey-submit")
    page.wait_for_selector("#survey-answered")

    certificate = Certificate.objects.get(engagement=engagement, kind="achievement")
    page.goto("/volunteer/certificates/")
    screenshot(page, "engagement-05-certificates")
    check_accessibility(page, "my certificates")
    response = page.request.get(page.locator(f"#download-{certificate.pk}").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / "certificate-ar.pdf"
    pdf.write_bytes(response.body())
    _check_text_layer(pdf)

    # Anyone verifies the code on the public page, which shows the certificate and nothing else.
    page.context.clear_cookies()
    page.goto(f"/certificates/{certificate.code}/")
    assert page.locator("#certificate-status").get_attribute("data-status") == "valid"
    text = page.locator("#main").inner_text()
    assert NAME in text and TITLE in text
    assert volunteer.user.email not in page.content() and volunteer.phone not in text
    screenshot(page, "engagement-06-verification")
    check_accessibility(page, "certificate verification")


def _check_text_layer(pdf: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed: cannot read the PDF's text layer")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    visible = "".join(ch for ch in text if ch not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert NAME in visible and TITLE in visible
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(OUT / "certificate-ar")], check=True)
