"""Fixtures of the agreements tests: a published opportunity of org A with its tasks, a volunteer
who accepted the ethics charter, and a verified company (the partner) with its admin and
coordinator. Opportunities are created with the model directly (the opportunities app is built
in parallel)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
import pytest

from khibra.accounts.services import accept_policy
from khibra.opportunities.models import Opportunity, OpportunityTask
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, OrganizationFactory, city, program_of

ARABIC_TITLE = "مطور مواقع ويب بلغة بايثون"


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an /en/ page leaves English active in the thread; start each test in Arabic."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_opportunity(organization, **overrides) -> Opportunity:
    values = {
        "organization": organization,
        "program": program_of(organization),
        "status": Opportunity.Status.PUBLISHED,
        "published_at": timezone.now(),
        "title": ARABIC_TITLE,
        "description": "تطوير موقع الجمعية الإلكتروني وربطه بنظام التبرعات.",
        "deliverables": "موقع منشور يعمل على الجوال، ودليل استخدام مختصر.",
        "responsibilities": "اجتماع أسبوعي مع المشرف وتقرير أسبوعي مكتوب.",
        "requirements": "خبرة في Django لا تقل عن ثلاث سنوات.",
        "min_years_experience": 3,
        "nature": Opportunity.Nature.BOTH,
        "nature_notes": "حضور اجتماع الانطلاق في مقر الجمعية.",
        "city": city("jeddah"),
        "venue": "المقر الرئيسي",
        "duration_days": 20,
        "hours_per_day": Decimal("5"),
        "hours_per_week": Decimal("10"),
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 4, 30),
        "supervisor_contact": "0551234567",
        "benefits": "شهادة خبرة وشكر علني.",
        "service_model": Opportunity.ServiceModel.SKILLS_BASED,
    }
    values.update(overrides)
    opportunity = Opportunity.objects.create(**values)
    return opportunity


@pytest.fixture
def opportunity(org_a, supervisor_a):
    opportunity = make_opportunity(org_a, supervisor=supervisor_a)
    OpportunityTask.objects.create(opportunity=opportunity, title="تحليل المتطلبات", due_on=dt.date(2026, 3, 10))
    OpportunityTask.objects.create(
        opportunity=opportunity, title="إطلاق الموقع", details="نشر الموقع على الخادم", due_on=dt.date(2026, 4, 25)
    )
    return opportunity


@pytest.fixture
def opportunity_b(org_b):
    return make_opportunity(org_b, title="مدقق حسابات")


def select_volunteer(opportunity, user):
    """What accepting an application leaves behind: an accepted application and an active
    engagement (only a selected volunteer may accept the agreement: access.can_accept)."""
    from khibra.engagements.models import Engagement
    from khibra.recruitment.models import Application

    application = Application.objects.create(
        opportunity=opportunity, volunteer=user.volunteer_profile, motivation="خبرتي تناسب الدور.",
        availability_confirmed=True, status=Application.Status.ACCEPTED,
    )
    return Engagement.objects.create(opportunity=opportunity, volunteer=user.volunteer_profile, application=application)


@pytest.fixture
def selected_volunteer(volunteer, opportunity):
    """The volunteer persona, accepted on the opportunity (without the ethics charter yet)."""
    select_volunteer(opportunity, volunteer)
    return volunteer


@pytest.fixture
def charter_volunteer(selected_volunteer):
    """The volunteer persona, accepted on the opportunity, after accepting the ethics charter in force."""
    accept_policy(user=selected_volunteer, kind="charter")
    return selected_volunteer


@pytest.fixture
def agreement(opportunity, manager_a):
    from khibra.agreements import services

    return services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)


@pytest.fixture
def partner(db):
    return OrganizationFactory(
        kind="company", name_ar="شركة الحلول الرقمية", name_en="Digital Solutions Co.", slug="digital-solutions"
    )


@pytest.fixture
def partner_admin(partner):
    return MembershipFactory(organization=partner, role=Membership.Role.ADMIN).user


@pytest.fixture
def partner_coordinator(partner):
    return MembershipFactory(organization=partner, role=Membership.Role.COORDINATOR).user


def partner_terms(**overrides) -> dict:
    terms = {
        "impact_preamble": "نطمح معًا إلى موقع يوصل خدمات الجمعية إلى ألف أسرة.",
        "volunteers_count": 3,
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 4, 30),
        "partner_obligations": "ترشيح ثلاثة مطورين وتفريغهم خمس ساعات أسبوعيًا.",
        "resources": "بيانات الجمعية ومحتوى الموقع.",
        "tools": "حساب على منصة الاستضافة.",
        "incentives": "شهادات وشكر علني.",
        "communication_channels": "البريد الإلكتروني ومجموعة عمل",
        "communication_frequency": "اجتماع أسبوعي",
        "deliverables_follow_up": "مراجعة كل مرحلة مع المشرف.",
        "outputs_ownership": "",
        "dispute_resolution": "",
        "termination_notice_days": 14,
    }
    terms.update(overrides)
    return terms


@pytest.fixture
def partner_agreement(org_a, partner, opportunity, manager_a):
    from khibra.agreements import services

    return services.create_partner_agreement(
        organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms()
    )
