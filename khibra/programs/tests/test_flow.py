"""The path the lead's browser test takes, through the pages only: create a program, assess the
needs, start an opportunity from a need, answer the readiness check."""

from django.urls import reverse
import pytest

from khibra.opportunities.models import Opportunity
from khibra.programs.models import Need, Program
from khibra.programs.readiness import CRITERIA, is_program_ready
from khibra.programs.steps import step_states

pytestmark = pytest.mark.django_db


def test_a_manager_goes_from_a_new_program_to_a_ready_one(client, org_a, manager_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("programs:create", kwargs={"org_slug": org_a.slug}),
        {"name": "برنامج خبرة ١٤٤٧", "goal": "موقع جديد وخطة تسويق.", "starts_on": "1447-07-01", "ends_on": "1447-12-01"},
    )
    program = Program.objects.get()
    kwargs = {"org_slug": org_a.slug, "pk": program.pk}
    assert response["Location"] == reverse("programs:detail", kwargs=kwargs)

    client.post(
        reverse("programs:needs", kwargs=kwargs),
        {"stalled_work": "الموقع", "capability_gaps": "لا مطور", "development_roles": "البيانات", "initiatives": "حملة رمضان"},
    )
    client.post(
        reverse("programs:need_add", kwargs=kwargs),
        {"title": "موقع إلكتروني", "suitability": "volunteer", "volunteers_needed": "1", "execution_mode": "individual"},
    )
    assert client.post(reverse("programs:needs_complete", kwargs=kwargs)).status_code == 302
    need = Need.objects.get()
    assert f'id="start-opportunity-{need.pk}"' in client.get(reverse("programs:needs", kwargs=kwargs)).content.decode()

    response = client.post(reverse("programs:need_start_opportunity", kwargs={**kwargs, "need_pk": need.pk}))
    opportunity = Opportunity.objects.get(need=need)
    assert response["Location"] == reverse("opportunities:edit", kwargs={"org_slug": org_a.slug, "pk": opportunity.pk})

    data = {f"{criterion.code}-answer": "yes" for criterion in CRITERIA}
    client.post(reverse("programs:readiness", kwargs=kwargs), data)
    assert is_program_ready(program)
    assert 'data-ready="yes"' in client.get(reverse("programs:readiness", kwargs=kwargs)).content.decode()

    states = {state.number: state.status for state in step_states(program)}
    assert (states[1], states[2], states[5]) == ("done", "in_progress", "done")
    content = client.get(reverse("programs:detail", kwargs=kwargs)).content.decode()
    assert 'id="step-1" data-status="done"' in content
    assert 'id="step-5" data-status="done"' in content
