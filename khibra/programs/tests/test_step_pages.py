"""Each step links to its own page for the program; the page shows what needs attention and
org B's managers learn nothing about it."""

from django.urls import reverse
import pytest

from khibra.programs.steps import step_states
from khibra.testing.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

PAGES = ["programs:needs", "programs:design", "programs:service_models", "programs:agreements", "programs:readiness",
         "programs:recruitment", "programs:engagements", "evaluation:program", "evaluation:lessons"]


def test_every_step_links_to_its_own_page_for_the_program(program):
    urls = [state.url for state in step_states(program)]
    assert urls == [reverse(name, kwargs={"org_slug": program.organization.slug, "pk": program.pk}) for name in PAGES]


@pytest.mark.parametrize("name", PAGES)
def test_the_step_page_opens_for_the_manager_and_not_for_org_b(client, program, manager_a, manager_b, supervisor_a, name):
    OpportunityFactory(organization=program.organization, program=program, supervisor=supervisor_a, created_by=manager_a)
    url = reverse(name, kwargs={"org_slug": program.organization.slug, "pk": program.pk})
    client.force_login(manager_a)
    assert client.get(url).status_code == 200
    client.force_login(manager_b)
    assert client.get(url).status_code == 404


def test_the_tracker_page_links_each_step_and_marks_what_is_overdue(client, program, manager_a):
    import datetime as dt

    from khibra.programs import services

    services.update_plan_step(step=program.plan_steps.get(step=6), by=manager_a, responsible="مدير التطوع",
                              starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 2, 1))
    client.force_login(manager_a)
    body = client.get(reverse("programs:detail", kwargs={"org_slug": program.organization.slug, "pk": program.pk})).content.decode()
    for number in range(1, 10):
        assert f'id="step-{number}-link"' in body
    assert 'id="step-6-overdue"' in body
    assert 'id="step-5-overdue"' not in body
    assert reverse("programs:recruitment", kwargs={"org_slug": program.organization.slug, "pk": program.pk}) in body


def test_the_agreements_page_shows_who_has_not_accepted(client, program, manager_a, supervisor_a):
    from khibra.agreements.models import VolunteerAgreement
    from khibra.engagements.models import Engagement
    from khibra.testing.factories import VolunteerProfileFactory

    opportunity = OpportunityFactory(organization=program.organization, program=program, supervisor=supervisor_a,
                                     service_model="skills_based", created_by=manager_a)
    VolunteerAgreement.objects.create(opportunity=opportunity, version=1, content={}, content_hash="0" * 64)
    Engagement.objects.create(opportunity=opportunity, volunteer=VolunteerProfileFactory(), status="active")
    client.force_login(manager_a)
    body = client.get(reverse("programs:agreements", kwargs={"org_slug": program.organization.slug, "pk": program.pk})).content.decode()
    assert f'id="opportunity-{opportunity.pk}" data-awaiting="1"' in body
    assert 'id="step-4-missing"' in body
