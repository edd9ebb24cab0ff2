"""Fixtures of the opportunities tests: a program of org A, a need on its list, readiness.

Built through the programs services, as the product builds them.
"""

import datetime as dt

from django.utils import timezone
import pytest

from khibra.programs import services as programs
from khibra.programs.readiness import CRITERIA
from khibra.testing.factories import OpportunityFactory, field, program_of


@pytest.fixture
def program(admin_a, org_a):
    today = timezone.localdate()
    return programs.create_program(
        organization=org_a,
        by=admin_a,
        name="برنامج التطوع الاحترافي ١٤٤٨",
        goal="سد احتياجات الجمعية التقنية والإدارية بخبرات المتطوعين المحترفين.",
        starts_on=today,
        ends_on=today + dt.timedelta(days=365),
    )


@pytest.fixture
def need(program, admin_a):
    return programs.add_need(
        program=program,
        by=admin_a,
        title="مطور موقع إلكتروني بلغة بايثون",
        description="الموقع الحالي قديم ولا يعمل على الجوال.",
        field=field("digital-infrastructure"),
        skills_required="برمجة المواقع بلغة بايثون وإطار جانغو.",
        volunteers_needed=1,
        execution_mode="individual",
        suitability="volunteer",
    )


def make_ready(program, by) -> None:
    programs.save_readiness(program=program, answers={c.code: ("yes", "") for c in CRITERIA}, by=by)


@pytest.fixture
def draft(org_a, admin_a):
    """A complete draft of org A, the guide's example; only the service model is left to choose."""
    return OpportunityFactory(organization=org_a, created_by=admin_a)


@pytest.fixture
def chosen(draft, admin_a):
    """The draft with its service model chosen: ready to publish."""
    from khibra.opportunities import services

    return services.choose_service_model(opportunity=draft, model="skills_based", reasoning="", by=admin_a)


@pytest.fixture
def published(chosen, admin_a):
    from khibra.opportunities import services

    return services.publish_opportunity(opportunity=chosen, by=admin_a)


@pytest.fixture
def publish(admin_a, org_a):
    """Publish an opportunity through the services (which index it): `publish(title=..., **values)`.

    Unnamed values are short and neutral so that searches only meet the words a test gives.
    """
    from khibra.opportunities import services

    def publish(*, organization=None, by=None, **values):
        organization = organization or org_a
        by = by or admin_a
        program_of(organization)
        starts_on = timezone.localdate() + dt.timedelta(days=7)
        values = {
            "description": "عمل قصير.",
            "deliverables": "ملف نهائي.",
            "fields": [field("other")],
            "other_field": "",
            "starts_on": starts_on,
            "ends_on": starts_on + dt.timedelta(days=40),
            "duration_days": 10,
            "hours_per_day": 2,
            "hours_per_week": 6,
            **values,
        }
        tasks = [{"title": "تسليم العمل", "due_on": starts_on + dt.timedelta(days=5)}]
        opportunity = services.create_opportunity(organization=organization, by=by, tasks=tasks, **values)
        opportunity = services.choose_service_model(
            opportunity=opportunity, model="skills_based", reasoning="يناسب متطوعًا واحدًا.", by=by
        )
        return services.publish_opportunity(opportunity=opportunity, by=by)

    return publish


@pytest.fixture(autouse=True)
def _ready_programs(request):
    """Org A and org B each run one ready program (the factories' `program_of`), which a new
    opportunity joins when none is named. Tests of the quick start ask for `org_without_program`."""
    if "org_without_program" in request.fixturenames:
        return
    for name in ("org_a", "org_b"):
        if name in request.fixturenames:
            program_of(request.getfixturevalue(name))


@pytest.fixture
def org_without_program(org_a):
    return org_a
