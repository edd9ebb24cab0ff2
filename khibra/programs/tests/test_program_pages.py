"""The program list, create/edit, the nine-step tracker and the action plan: access matrix, bad
input and what each page writes.

Personas: anonymous, a volunteer, org A's admin, manager and supervisor, org B's admin and manager.
"""

import datetime as dt

from django.urls import reverse
import pytest

from khibra.core.models import AuditEvent
from khibra.programs import services
from khibra.programs.models import ActionPlanStep, Program

pytestmark = pytest.mark.django_db

OUTSIDERS = ["volunteer", "admin_b", "manager_b"]
RUNNERS = ["admin_a", "manager_a"]


@pytest.fixture
def as_persona(client, request, org_a, org_b):
    def login(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def url(name, program=None, **kwargs):
    if program is not None:
        kwargs.update(org_slug=program.organization.slug, pk=program.pk)
    return reverse(f"programs:{name}", kwargs=kwargs)


def program_data(**overrides):
    return {
        "name": "برنامج خبرة للتحول الرقمي",
        "goal": "تطوير الموقع والأنظمة المالية بمساعدة متطوعين محترفين.",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
        **overrides,
    }


# --- list ----------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(client, program):
    for address in (
        url("list", org_slug=program.organization.slug),
        url("create", org_slug=program.organization.slug),
        url("detail", program),
        url("edit", program),
        url("plan_step", program, step=1),
    ):
        assert login_redirect(client.get(address)), address


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_program_page(as_persona, persona, program):
    client = as_persona(persona)
    for address in (
        url("list", org_slug=program.organization.slug),
        url("create", org_slug=program.organization.slug),
        url("detail", program),
        url("edit", program),
        url("plan_step", program, step=1),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("create", org_slug=program.organization.slug), program_data()).status_code == 404
    assert Program.objects.count() == 1


@pytest.mark.parametrize("persona", RUNNERS)
def test_the_admin_and_the_manager_see_every_program(as_persona, persona, program):
    response = as_persona(persona).get(url("list", org_slug=program.organization.slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="program-{program.pk}"' in content
    assert 'id="new-program-link"' in content


def test_org_b_never_sees_org_a_programs(as_persona, program, program_b):
    content = as_persona("manager_b").get(url("list", org_slug=program_b.organization.slug)).content.decode()
    assert f'id="program-{program_b.pk}"' in content
    assert f'id="program-{program.pk}"' not in content
    # Org A's program under org B's address does not exist.
    assert as_persona("manager_b").get(url("detail", org_slug="birr-riyadh", pk=program.pk)).status_code == 404


def test_a_supervisor_sees_only_the_programs_they_take_part_in(as_persona, program, manager_a, supervisor_a, org_a):
    other = services.create_program(
        organization=org_a, by=manager_a, name="برنامج آخر", goal="هدف", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
    )
    services.update_plan_step(step=program.plan_steps.get(step=7), by=manager_a, responsible_user=supervisor_a)
    client = as_persona("supervisor_a")
    response = client.get(url("list", org_slug=org_a.slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="program-{program.pk}"' in content
    assert f'id="program-{other.pk}"' not in content
    assert 'id="new-program-link"' not in content
    assert 'id="read-only-note"' in content
    # They may still raise a need for any program of the organization.
    assert f'id="submit-need-{other.pk}"' in content
    assert client.get(url("detail", program)).status_code == 200
    assert client.get(url("detail", other)).status_code == 404


def test_a_supervisor_of_an_opportunity_sees_its_program(as_persona, program, supervisor_a):
    from khibra.opportunities.models import Opportunity

    Opportunity.objects.create(
        organization=program.organization, program=program, title="مطور", description="و", deliverables="م", supervisor=supervisor_a
    )
    content = as_persona("supervisor_a").get(url("list", org_slug=program.organization.slug)).content.decode()
    assert f'id="program-{program.pk}"' in content


def test_the_list_costs_a_fixed_number_of_queries(as_persona, program, manager_a, org_a, django_assert_num_queries):
    for index in range(5):
        services.create_program(
            organization=org_a, by=manager_a, name=f"برنامج {index}", goal="هدف", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
        )
    client = as_persona("manager_a")
    # session, user, memberships (access; the navigation bar reuses them), the programs with
    # their counts
    with django_assert_num_queries(4):
        response = client.get(url("list", org_slug=org_a.slug))
    assert response.content.decode().count('class="card program-card"') == 6


def test_the_supervisors_list_costs_a_fixed_number_of_queries(as_persona, program, supervisor_a, org_a, django_assert_num_queries):
    client = as_persona("supervisor_a")
    # session, user, memberships (access and navigation), visible programs, all programs (to raise a need)
    with django_assert_num_queries(5):
        client.get(url("list", org_slug=org_a.slug))


# --- create and edit -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", RUNNERS)
def test_the_admin_and_the_manager_create_a_program(as_persona, persona, org_a):
    client = as_persona(persona)
    assert 'id="program-form"' in client.get(url("create", org_slug=org_a.slug)).content.decode()
    response = client.post(url("create", org_slug=org_a.slug), program_data())
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", program)
    assert program.plan_steps.count() == 9
    assert AuditEvent.objects.filter(verb="program.created", organization=org_a).exists()


def test_a_supervisor_cannot_create_or_edit_a_program(as_persona, org_a, program):
    client = as_persona("supervisor_a")
    assert client.get(url("create", org_slug=org_a.slug)).status_code == 403
    assert client.post(url("create", org_slug=org_a.slug), program_data()).status_code == 403
    assert client.get(url("edit", program)).status_code == 403
    assert client.post(url("edit", program), program_data(name="تغيير")).status_code == 403
    assert Program.objects.get().name != "تغيير"


def test_hijri_dates_with_arabic_indic_digits_are_accepted(as_persona, org_a):
    response = as_persona("manager_a").post(
        url("create", org_slug=org_a.slug), program_data(starts_on="١٤٤٧-٠٧-٠١", ends_on="1447/12/29")
    )
    assert response.status_code == 302
    program = Program.objects.get()
    assert program.starts_on == dt.date(2025, 12, 21)
    assert program.ends_on > program.starts_on


@pytest.mark.parametrize(
    "data, field",
    [
        (program_data(name=""), "name"),
        (program_data(name="   "), "name"),
        (program_data(name="ب" * 201), "name"),
        (program_data(goal=""), "goal"),
        (program_data(goal="ه" * 3001), "goal"),
        (program_data(starts_on="غدا"), "starts_on"),
        (program_data(starts_on="2026-02-30"), "starts_on"),
        (program_data(starts_on="1447-13-01"), "starts_on"),
        (program_data(starts_on="2026-06-01", ends_on="2026-01-01"), "ends_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(as_persona, org_a, data, field):
    response = as_persona("manager_a").post(url("create", org_slug=org_a.slug), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Program.objects.exists()
    assert not ActionPlanStep.objects.exists()


def test_the_manager_edits_a_program(as_persona, program):
    client = as_persona("admin_a")
    response = client.get(url("edit", program))
    assert 'value="برنامج التطوع الاحترافي ١٤٤٧"' in response.content.decode()
    response = client.post(url("edit", program), program_data(name="برنامج خبرة المحدث"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "برنامج خبرة المحدث"


def test_an_edit_with_the_end_before_the_start_is_refused(as_persona, program):
    response = as_persona("manager_a").post(url("edit", program), program_data(ends_on="2025-01-01"))
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.ends_on == dt.date(2026, 6, 30)


# --- detail: the tracker and the action plan -------------------------------------------------------


@pytest.mark.parametrize("persona", RUNNERS)
def test_the_detail_shows_the_nine_steps_and_the_action_plan(as_persona, persona, program):
    response = as_persona(persona).get(url("detail", program))
    assert response.status_code == 200
    content = response.content.decode()
    for number in range(1, 10):
        assert f'id="step-{number}"' in content
        assert f'id="edit-plan-step-{number}"' in content
    assert 'id="action-plan"' in content
    assert 'id="step-1-link"' in content
    assert 'id="step-5-link"' in content
    assert 'id="step-1" data-status="not_started"' in content


def test_a_supervisor_reads_the_detail_without_edit_links(as_persona, program, manager_a, supervisor_a):
    services.update_plan_step(step=program.plan_steps.get(step=1), by=manager_a, responsible_user=supervisor_a)
    content = as_persona("supervisor_a").get(url("detail", program)).content.decode()
    assert 'id="step-9"' in content
    assert 'id="edit-plan-step-1"' not in content
    assert 'id="edit-program-link"' not in content


def test_the_plan_shows_both_calendars(as_persona, program, manager_a):
    services.update_plan_step(
        step=program.plan_steps.get(step=1), by=manager_a, starts_on=dt.date(2026, 3, 15), ends_on=dt.date(2026, 3, 20)
    )
    content = as_persona("manager_a").get(url("detail", program)).content.decode()
    assert "1447" in content and "2026" in content


def test_the_manager_edits_a_step_of_the_action_plan(as_persona, program, supervisor_a):
    client = as_persona("manager_a")
    assert 'id="plan-step-form"' in client.get(url("plan_step", program, step=1)).content.decode()
    response = client.post(
        url("plan_step", program, step=1),
        {
            "responsible": "جميع الأقسام",
            "responsible_user": supervisor_a.pk,
            "method": "حصر الاحتياجات وورشة جماعية",
            "starts_on": "1447-06-25",
            "ends_on": "١٤٤٧-٠٦-٢٩",
        },
    )
    assert response.status_code == 302
    step = program.plan_steps.get(step=1)
    assert step.responsible_user == supervisor_a
    assert step.starts_on is not None and step.ends_on > step.starts_on
    assert AuditEvent.objects.filter(verb="plan_step.updated").count() == 1


def test_the_status_is_set_by_hand_only_for_steps_6_to_9(as_persona, program):
    client = as_persona("manager_a")
    assert 'name="manual_status"' not in client.get(url("plan_step", program, step=2)).content.decode()
    assert 'name="manual_status"' in client.get(url("plan_step", program, step=6)).content.decode()
    client.post(url("plan_step", program, step=2), {"manual_status": "done"})
    assert program.plan_steps.get(step=2).manual_status == ""
    client.post(url("plan_step", program, step=6), {"manual_status": "in_progress"})
    assert program.plan_steps.get(step=6).manual_status == "in_progress"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on"),
        ({"starts_on": "الأحد"}, "starts_on"),
        ({"responsible": "م" * 201}, "responsible"),
        ({"method": "م" * 2001}, "method"),
    ],
)
def test_a_bad_plan_step_is_refused(as_persona, program, data, field):
    response = as_persona("manager_a").post(url("plan_step", program, step=2), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not AuditEvent.objects.filter(verb="plan_step.updated").exists()


def test_a_member_of_another_organization_cannot_be_made_responsible(as_persona, program, admin_b):
    response = as_persona("manager_a").post(url("plan_step", program, step=2), {"responsible_user": admin_b.pk})
    assert response.status_code == 400
    assert program.plan_steps.get(step=2).responsible_user is None


def test_there_is_no_tenth_step(as_persona, program):
    assert as_persona("manager_a").get(url("plan_step", program, step=10)).status_code == 404


def test_a_supervisor_cannot_edit_the_action_plan(as_persona, program):
    client = as_persona("supervisor_a")
    assert client.get(url("plan_step", program, step=1)).status_code == 403
    assert client.post(url("plan_step", program, step=1), {"responsible": "أنا"}).status_code == 403
    assert program.plan_steps.get(step=1).responsible == ""
