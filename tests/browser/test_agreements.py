"""Step 4 in a browser: a manager generates the agreement and fills a shortlist with htmx; a
volunteer reads and accepts it. Screenshots in test-results/screenshots/agreements-*.png."""

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.utils import timezone
import pytest

from khibra.accounts.services import accept_policy
from khibra.agreements.models import AgreementAcceptance, ShortlistEntry
from khibra.opportunities.models import Opportunity, OpportunityTask
from khibra.testing.factories import MembershipFactory, OrganizationFactory, VolunteerProfileFactory, city, program_of

from .conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_a_manager_generates_and_a_volunteer_accepts(page, live_server):
    organization = OrganizationFactory(name_ar="جمعية رعاية الأيتام بجدة", slug="orphans")
    manager = MembershipFactory(organization=organization, role="manager").user
    opportunity = Opportunity.objects.create(
        organization=organization,
        program=program_of(organization),
        status=Opportunity.Status.PUBLISHED,
        published_at=timezone.now(),
        title="مطور مواقع ويب بلغة بايثون",
        description="تطوير موقع الجمعية وربطه بنظام التبرعات.",
        deliverables="موقع منشور يعمل على الجوال.",
        nature=Opportunity.Nature.BOTH,
        city=city("jeddah"),
        venue="المقر الرئيسي",
        duration_days=20,
        hours_per_day=Decimal("5"),
        hours_per_week=Decimal("10"),
        # Ahead of today: applying is refused once the start (the default deadline) has passed.
        starts_on=timezone.localdate() + dt.timedelta(days=14),
        ends_on=timezone.localdate() + dt.timedelta(days=74),
        service_model=Opportunity.ServiceModel.SKILLS_BASED,
    )
    OpportunityTask.objects.create(opportunity=opportunity, title="تحليل المتطلبات", due_on=dt.date(2026, 3, 10))

    log_in(page, live_server, manager)
    page.goto(f"/organizations/orphans/opportunities/{opportunity.pk}/agreement/")
    page.click("#generate-agreement")
    page.wait_for_selector("#agreement-document")
    page.fill("#id_name", "مطور ويب")
    page.select_option("#id_kind", "job_titles")
    page.click("#shortlist-add")
    page.wait_for_selector("#shortlist .shortlist-entries li")
    assert ShortlistEntry.objects.filter(opportunity=opportunity).count() == 1
    screenshot(page, "agreements-01-organization")
    check_accessibility(page, "the agreement page")

    # Only an accepted applicant may accept the agreement: apply and get accepted first.
    from khibra.recruitment.services.applications import accept_application, apply
    from khibra.reference.models import Language

    profile = VolunteerProfileFactory()
    profile.languages.add(Language.objects.get(code="ar"))
    volunteer = profile.user
    accept_policy(user=volunteer, kind="charter")
    application = apply(
        opportunity=opportunity, volunteer=profile, motivation="أطور المواقع منذ ثماني سنوات.", answers={}, availability_confirmed=True
    )
    accept_application(application=application, by=manager)
    page.context.clear_cookies()
    log_in(page, live_server, volunteer)
    agreement = opportunity.agreements.get()
    page.goto(f"/agreements/{agreement.pk}/")
    screenshot(page, "agreements-02-volunteer")
    check_accessibility(page, "the volunteer's agreement page")
    page.click("#accept-agreement")
    page.wait_for_selector('#agreement-status[data-accepted="true"]')
    assert AgreementAcceptance.objects.filter(agreement=agreement, volunteer=volunteer).exists()


def test_a_partnership_is_drafted_sent_and_accepted(page, live_server):
    from khibra.agreements import services
    from khibra.agreements.models import PartnerAgreement

    organization = OrganizationFactory(name_ar="جمعية رعاية الأيتام بجدة", slug="orphans")
    manager = MembershipFactory(organization=organization, role="manager").user
    company = OrganizationFactory(kind="company", name_ar="شركة الحلول الرقمية", slug="digital")
    coordinator = MembershipFactory(organization=company, role="coordinator").user
    opportunity = Opportunity.objects.create(
        organization=organization,
        program=program_of(organization),
        status=Opportunity.Status.PUBLISHED,
        published_at=timezone.now(),
        title="مراجع حسابات",
        description="مراجعة القوائم المالية.",
        deliverables="تقرير المراجعة.",
        service_model=Opportunity.ServiceModel.TEAM_PROJECT,
    )
    services.generate_volunteer_agreement(opportunity=opportunity, by=manager)

    log_in(page, live_server, manager)
    page.goto(f"/organizations/orphans/partner-agreements/new/?opportunity={opportunity.pk}")
    page.fill("#id_impact_preamble", "نطمح إلى قوائم مالية موثوقة تعزز ثقة المانحين.")
    page.select_option("#id_partner", str(company.pk))
    page.fill("#id_volunteers_count", "٣")
    page.fill("#id_starts_on", "1447-09-12")
    page.fill("#id_ends_on", "2026-04-30")
    page.fill("#id_partner_obligations", "ترشيح ثلاثة محاسبين قانونيين.")
    page.fill("#id_communication_channels", "البريد الإلكتروني")
    page.fill("#id_communication_frequency", "اجتماع أسبوعي")
    page.fill("#id_deliverables_follow_up", "مراجعة كل مرحلة مع المشرف.")
    screenshot(page, "agreements-03-partner-form")
    check_accessibility(page, "the partnership form")
    page.click("#partner-agreement-save")
    page.wait_for_selector("#partner-agreement-status")
    page.click("#propose-partner-agreement")
    page.wait_for_selector('#partner-agreement-status[data-status="proposed"]')

    page.context.clear_cookies()
    log_in(page, live_server, coordinator)
    agreement = PartnerAgreement.objects.get()
    page.goto(f"/organizations/digital/partner-agreements/{agreement.pk}/")
    check_accessibility(page, "the partnership seen by the partner")
    page.click("#accept-for-partner")
    page.wait_for_selector("#partner-acceptance")
    screenshot(page, "agreements-04-partner-detail")
    agreement.refresh_from_db()
    assert agreement.partner_accepted_by == coordinator and agreement.starts_on == dt.date(2026, 3, 1)
