"""Where a program stands on each of the nine steps, derived from its data."""

from django.utils import timezone
import pytest

from khibra.agreements.models import VolunteerAgreement
from khibra.opportunities.models import Opportunity
from khibra.programs import services
from khibra.programs.models import StepStatus
from khibra.programs.readiness import CRITERIA
from khibra.programs.steps import step_states

from .conftest import add_need, answer_questions

pytestmark = pytest.mark.django_db

NOT_STARTED, IN_PROGRESS, DONE = StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.DONE


def status_of(program, number: int) -> str:
    return step_states(program)[number - 1].status


def state_of(program, number: int):
    return step_states(program)[number - 1]


def opportunity(program, *, status="draft", service_model="", title="مطور مواقع بايثون"):
    return Opportunity.objects.create(
        organization=program.organization,
        program=program,
        title=title,
        description="تطوير موقع الجمعية من الصفر.",
        deliverables="موقع منشور ودليل استخدام.",
        status=status,
        service_model=service_model,
        published_at=timezone.now() if status == "published" else None,
    )


def agreement(opp):
    return VolunteerAgreement.objects.create(opportunity=opp, version=1, content={}, content_hash="0" * 64)


def test_it_lists_the_nine_steps_with_their_titles(program):
    states = step_states(program)
    assert [state.number for state in states] == list(range(1, 10))
    assert all(state.status == NOT_STARTED for state in states)
    assert all(state.plan is not None and state.missing for state in states)


# --- step 1 ------------------------------------------------------------------------------------


def test_step_1_starts_when_a_question_is_answered(program, manager_a):
    services.save_needs_assessment(program=program, by=manager_a, stalled_work="الموقع متعثر")
    assert status_of(program, 1) == IN_PROGRESS


def test_step_1_starts_when_a_department_raises_a_need(program, supervisor_a):
    services.submit_need(program=program, by=supervisor_a, title="تصميم هوية")
    state = state_of(program, 1)
    assert state.status == IN_PROGRESS
    assert len(state.missing) >= 3


def test_step_1_is_done_when_the_assessment_is_completed(program, manager_a):
    answer_questions(program, manager_a)
    add_need(program, manager_a)
    assert status_of(program, 1) == IN_PROGRESS
    services.complete_needs_assessment(program=program, by=manager_a)
    state = state_of(program, 1)
    assert state.status == DONE
    assert state.missing == []


# --- steps 2 to 4 ------------------------------------------------------------------------------


def test_step_2_follows_the_opportunities(program):
    assert status_of(program, 2) == NOT_STARTED
    draft = opportunity(program)
    assert status_of(program, 2) == IN_PROGRESS
    Opportunity.objects.filter(pk=draft.pk).update(status="ready")
    assert status_of(program, 2) == DONE
    opportunity(program, status="draft", title="مصمم جرافيك")
    assert status_of(program, 2) == IN_PROGRESS


def test_step_2_ignores_cancelled_opportunities(program):
    opportunity(program, status="cancelled")
    assert status_of(program, 2) == NOT_STARTED
    opportunity(program, status="published")
    opportunity(program, status="cancelled")
    assert status_of(program, 2) == DONE


def test_step_3_is_done_when_every_opportunity_has_a_service_model(program):
    assert status_of(program, 3) == NOT_STARTED
    first = opportunity(program)
    opportunity(program, service_model="skills_based")
    assert status_of(program, 3) == IN_PROGRESS
    Opportunity.objects.filter(pk=first.pk).update(service_model="coaching")
    assert status_of(program, 3) == DONE


def test_step_3_with_no_model_chosen_has_not_started(program):
    opportunity(program)
    assert status_of(program, 3) == NOT_STARTED


def accepted(agreement_version, user=None):
    from khibra.agreements.models import AgreementAcceptance
    from khibra.testing.factories import UserFactory

    return AgreementAcceptance.objects.create(agreement=agreement_version, volunteer=user or UserFactory())


def test_step_4_is_done_only_when_every_agreement_is_accepted(program):
    first = opportunity(program, service_model="skills_based")
    second = opportunity(program, service_model="team_project")
    assert status_of(program, 4) == NOT_STARTED
    accepted(agreement(first))
    assert status_of(program, 4) == IN_PROGRESS
    second_version = agreement(second)
    state = state_of(program, 4)
    assert state.status == IN_PROGRESS  # written is not accepted
    assert len(state.missing) == 2  # nobody accepted the second one; nobody named for the step
    accepted(second_version)
    assert status_of(program, 4) == DONE


def test_a_new_version_of_an_agreement_must_be_accepted_again(program):
    opp = opportunity(program, service_model="skills_based")
    accepted(agreement(opp))
    assert status_of(program, 4) == DONE
    VolunteerAgreement.objects.create(opportunity=opp, version=2, content={}, content_hash="1" * 64)
    assert status_of(program, 4) == IN_PROGRESS


def test_step_4_is_skipped_when_every_opportunity_is_a_free_commercial_service(program):
    opportunity(program, service_model="free_commercial")
    state = state_of(program, 4)
    assert (state.status, state.skipped) == (DONE, True)


def test_a_free_commercial_service_needs_no_agreement_among_others(program):
    opportunity(program, service_model="free_commercial")
    other = opportunity(program, service_model="hackathon")
    assert status_of(program, 4) == NOT_STARTED
    accepted(agreement(other))
    state = state_of(program, 4)
    assert (state.status, state.skipped) == (DONE, False)


# --- step 5 and the manual steps ------------------------------------------------------------------


def test_step_5_follows_the_readiness_verdict(program, manager_a):
    services.save_readiness(program=program, answers={"clear_goals": ("no", "")}, by=manager_a)
    assert status_of(program, 5) == IN_PROGRESS
    services.save_readiness(program=program, answers={c.code: ("yes", "") for c in CRITERIA}, by=manager_a)
    assert status_of(program, 5) == DONE


@pytest.mark.parametrize("number", [6, 7])
def test_steps_6_and_7_ignore_the_status_set_by_hand(program, manager_a, number):
    services.update_plan_step(step=program.plan_steps.get(step=number), by=manager_a, manual_status=DONE, responsible="مدير التطوع")
    state = state_of(program, number)
    assert state.status == NOT_STARTED
    assert state.missing


def test_a_step_past_its_planned_end_is_overdue_until_done(program, manager_a):
    import datetime as dt

    services.update_plan_step(
        step=program.plan_steps.get(step=1), by=manager_a, responsible="مدير التطوع",
        starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 1, 31),
    )
    state = state_of(program, 1)
    assert state.overdue
    assert "2020" in state.missing[0]
    assert not state_of(program, 2).overdue  # no end date planned


def test_step_8_ignores_the_status_set_by_hand(program, manager_a):
    services.update_plan_step(step=program.plan_steps.get(step=8), by=manager_a, manual_status=DONE, responsible="مدير التطوع")
    assert status_of(program, 8) == NOT_STARTED


def test_step_8_is_under_way_once_stakeholders_answer_and_done_once_the_evaluation_is_complete(program, manager_a):
    from khibra.evaluation import services as evaluation

    evaluation.answer_stakeholder_survey(
        program=program, by=manager_a, role="leadership", goals_met=4, work_quality=5, coordination=4, continue_program=5
    )
    assert status_of(program, 8) == IN_PROGRESS
    evaluation.save_program_evaluation(program=program, by=manager_a, goal_summary="تحققت الأهداف.", complete=True)
    state = state_of(program, 8)
    assert state.status == DONE
    assert state.missing == []


def test_step_9_is_done_once_the_lessons_are_published(program, manager_a):
    from khibra.evaluation import services as evaluation

    evaluation.save_lessons(program=program, by=manager_a, what_worked="التواصل الأسبوعي.")
    assert status_of(program, 9) == IN_PROGRESS
    evaluation.save_lessons(program=program, by=manager_a, publish=True)
    assert status_of(program, 9) == DONE


def test_step_9_is_done_once_the_next_cycle_exists(program, manager_a):
    assert status_of(program, 9) == NOT_STARTED
    from khibra.evaluation import services as evaluation

    evaluation.plan_again(program=program, by=manager_a, name="الدورة الثانية", starts_on=program.ends_on, ends_on=program.ends_on)
    assert status_of(program, 9) == DONE


def test_a_step_without_a_responsible_person_says_so(program, manager_a):
    before = len(state_of(program, 6).missing)
    services.update_plan_step(step=program.plan_steps.get(step=6), by=manager_a, responsible="مدير التطوع")
    assert len(state_of(program, 6).missing) == before - 1


def test_the_tracker_costs_the_same_queries_however_many_opportunities(program, django_assert_num_queries):
    for index in range(3):
        agreement(opportunity(program, status="ready", service_model="skills_based", title=f"دور {index}"))
    # plan rows, assessment, needs counts, opportunities with agreement counts, readiness answers,
    # the evaluation facts of steps 8 and 9
    with django_assert_num_queries(6):
        step_states(program)
    for index in range(5):
        opportunity(program, title=f"دور إضافي {index}")
    with django_assert_num_queries(6):
        step_states(program)
