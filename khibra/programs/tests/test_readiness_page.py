"""Step 5's page: the eight criteria, the score, the verdict and what to fix first."""

from django.urls import reverse
import pytest

from khibra.programs import services
from khibra.programs.models import ReadinessItem
from khibra.programs.readiness import CRITERIA

pytestmark = pytest.mark.django_db


def url(program):
    return reverse("programs:readiness", kwargs={"org_slug": program.organization.slug, "pk": program.pk})


def answers(answer="yes", **overrides):
    data = {f"{criterion.code}-answer": answer for criterion in CRITERIA}
    data.update({f"{criterion.code}-note": "" for criterion in CRITERIA})
    data.update(overrides)
    return data


def test_an_anonymous_visitor_is_sent_to_log_in(client, program):
    response = client.get(url(program))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["volunteer", "admin_b", "manager_b"])
def test_outsiders_get_404(client, request, persona, program):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(program)).status_code == 404
    assert client.post(url(program), answers()).status_code == 404
    assert not ReadinessItem.objects.exists()


@pytest.mark.parametrize("persona", ["admin_a", "manager_a"])
def test_the_admin_and_the_manager_see_the_form_and_the_verdict(client, request, persona, program):
    client.force_login(request.getfixturevalue(persona))
    content = client.get(url(program)).content.decode()
    assert 'id="readiness-form"' in content
    assert 'id="readiness-verdict" data-ready="no"' in content
    for criterion in CRITERIA:
        assert f'id="criterion-{criterion.code}"' in content


def test_a_supervisor_reads_the_verdict_but_cannot_answer(client, program, manager_a, supervisor_a):
    services.update_plan_step(step=program.plan_steps.get(step=5), by=manager_a, responsible_user=supervisor_a)
    client.force_login(supervisor_a)
    content = client.get(url(program)).content.decode()
    assert 'id="readiness-verdict"' in content
    assert 'id="readiness-form"' not in content
    assert client.post(url(program), answers()).status_code == 403
    assert not ReadinessItem.objects.exists()


def test_all_yes_makes_the_program_ready(client, program, manager_a):
    client.force_login(manager_a)
    response = client.post(url(program), answers())
    assert response.status_code == 302
    content = client.get(url(program)).content.decode()
    assert 'id="readiness-verdict" data-ready="yes"' in content
    assert '<span id="readiness-score">100</span>' in content
    assert 'id="fix-first"' not in content


def test_a_no_shows_what_to_fix_first(client, program, manager_a):
    client.force_login(manager_a)
    client.post(url(program), answers(**{"approvals-answer": "no", "approvals-note": "ننتظر موافقة المجلس", "resources-answer": "partly"}))
    content = client.get(url(program)).content.decode()
    assert 'id="readiness-verdict" data-ready="no"' in content
    assert 'id="fix-first"' in content
    assert content.index('id="fix-approvals"') < content.index('id="fix-resources"')


def test_criteria_left_blank_stay_unanswered(client, program, manager_a):
    client.force_login(manager_a)
    client.post(url(program), {"clear_goals-answer": "yes"})
    assert list(ReadinessItem.objects.values_list("criterion", flat=True)) == ["clear_goals"]
    content = client.get(url(program)).content.decode()
    assert 'id="unanswered-approvals"' in content


@pytest.mark.parametrize("overrides", [{"clear_goals-answer": "maybe"}, {"clear_goals-note": "ن" * 2001}])
def test_bad_answers_are_refused_and_nothing_is_written(client, program, manager_a, overrides):
    client.force_login(manager_a)
    response = client.post(url(program), answers(**overrides))
    assert response.status_code == 400
    assert not ReadinessItem.objects.exists()
