"""Step 6 in the browser: a manager publishes; a finance volunteer in Riyadh sees it recommended
first, applies; the manager interviews (a Hijri date) and accepts; the volunteer accepts the
agreement."""

from allauth.account.models import EmailAddress
import pytest

from khibra.agreements.models import AgreementAcceptance
from khibra.engagements.models import Engagement
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership
from khibra.recruitment.models import Application, Interview
from khibra.testing.factories import (
    MembershipFactory,
    OpportunityFactory,
    OrganizationFactory,
    city,
    field,
    matching_opportunity,
    matching_volunteer,
)

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "كلمة-مرور-قوية-123"
TITLE = "مراجع قوائم مالية لجمعية خيرية"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def test_publish_recommend_apply_interview_accept_and_agree(page):
    organization = OrganizationFactory(name_ar="جمعية البر بالرياض", slug="birr-riyadh", city=city("riyadh"))
    manager = verified(MembershipFactory(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).user)
    volunteer = matching_volunteer(years_of_experience=9, headline="محاسب قانوني في المراجعة")
    verified(volunteer.user)
    # Something already on the platform that fits the volunteer less well.
    matching_opportunity(
        title="مصمم هوية بصرية", nature="remote", city=None, venue="", organization=OrganizationFactory()
    ).fields.set([field("marketing")])

    # The manager publishes a finance opportunity.
    opportunity = OpportunityFactory(
        organization=organization, created_by=manager, title=TITLE, service_model="skills_based",
        nature="remote", city=None, venue="", hours_per_day=1, hours_per_week=5, seats=1,
    )
    opportunity.fields.set([field("finance-accounting")])
    log_in(page, manager)
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/publish/")
    screenshot(page, "recruit-01-publish")
    page.click("#publish-submit")
    page.wait_for_load_state()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED

    # The volunteer sees it recommended first, with reasons, and applies.
    log_in(page, volunteer.user)
    page.goto("/volunteer/recommendations/")
    first = page.locator("#recommendations-list [id^=recommendation-]").first
    assert first.get_attribute("id") == f"recommendation-{opportunity.pk}"
    screenshot(page, "recruit-02-recommended")
    check_accessibility(page, "recommendations")
    page.goto(f"/opportunities/{opportunity.pk}/")
    page.click("#apply-link")
    page.fill("#id_motivation", "راجعت القوائم المالية لجمعيات خيرية عدة، وأود أن أسهم بخبرتي.")
    page.check("#id_availability_confirmed")
    screenshot(page, "recruit-03-apply")
    check_accessibility(page, "apply")
    page.click("#apply-submit")
    page.wait_for_selector("#my-applications")
    application = Application.objects.get(opportunity=opportunity, volunteer=volunteer)

    # The manager interviews (date typed in Hijri) and accepts.
    log_in(page, manager)
    page.goto(f"/organizations/{organization.slug}/opportunities/{opportunity.pk}/applications/")
    page.click(f"#decide-{application.pk}")  # the card's decisions fold under "Decide"
    page.click(f"#interview-toggle-{application.pk}")
    page.fill(f"#interview-date-{application.pk}", "1448-07-03")
    page.fill(f"#interview-time-{application.pk}", "17:30")
    page.select_option(f"#interview-mode-{application.pk}", "online")
    page.fill(f"#interview-link-{application.pk}", "https://meet.example.sa/khibra-interview")
    page.click(f"#interview-{application.pk}")
    page.wait_for_selector(f"#application-{application.pk}[data-status=interview]")
    assert Interview.objects.get(application=application).scheduled_at.date().isoformat() == "2026-12-12"
    screenshot(page, "recruit-04-board-interview")
    check_accessibility(page, "selection board")
    page.click(f"#decide-{application.pk}")
    page.click(f"#accept-{application.pk}")
    page.wait_for_selector(f"#application-{application.pk}[data-status=accepted]")
    engagement = Engagement.objects.get(application=application)

    # The volunteer accepts the agreement.
    log_in(page, volunteer.user)
    page.goto("/volunteer/engagements/")
    screenshot(page, "recruit-05-my-engagements")
    page.click(f"#agreement-link-{engagement.pk}")
    page.click("#accept-agreement")
    page.wait_for_selector('#agreement-status[data-accepted="true"]')
    screenshot(page, "recruit-06-agreement-accepted")
    assert AgreementAcceptance.objects.filter(agreement=engagement.agreement, volunteer=volunteer.user).exists()
