"""Every rule and transition of the programs services, and the audit rows they write."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
import pytest

from khibra.core.models import AuditEvent
from khibra.organizations.models import Membership
from khibra.programs import services
from khibra.programs.models import (
    ActionPlanStep,
    Need,
    NeedsAssessment,
    NeedStatus,
    PaidStaffReason,
    Program,
    ReadinessItem,
    StepStatus,
    Suitability,
)
from khibra.programs.readiness import CRITERIA
from khibra.testing.factories import MembershipFactory, OrganizationFactory, field

from .conftest import add_need, answer_questions

pytestmark = pytest.mark.django_db


def audit_verbs(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("created_at", "pk")
        .values_list("verb", flat=True)
    )


# --- programs ----------------------------------------------------------------------------------


def test_it_creates_a_program_with_its_nine_plan_steps(program, org_a, manager_a):
    assert program.organization == org_a
    assert program.created_by == manager_a
    assert list(program.plan_steps.values_list("step", flat=True)) == list(range(1, 10))
    assert NeedsAssessment.objects.filter(program=program).exists()
    event = AuditEvent.objects.get(verb="program.created")
    assert event.organization == org_a
    assert event.target_id == str(program.pk)


@pytest.mark.parametrize("role", ["admin_a", "manager_a"])
def test_it_lets_the_admin_and_the_volunteer_manager_create_a_program(request, role, org_a):
    user = request.getfixturevalue(role)
    created = services.create_program(
        organization=org_a, by=user, name="برنامج", goal="هدف", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 1)
    )
    assert created.pk


@pytest.mark.parametrize("role", ["supervisor_a", "admin_b", "volunteer"])
def test_it_refuses_a_program_from_anybody_else(request, role, org_a):
    with pytest.raises(PermissionDenied):
        services.create_program(
            organization=org_a,
            by=request.getfixturevalue(role),
            name="برنامج",
            goal="هدف",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 2, 1),
        )
    assert not Program.objects.exists()


def test_it_refuses_a_program_for_a_company(db):
    company = OrganizationFactory(kind="company")
    admin = MembershipFactory(organization=company, role=Membership.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.create_program(
            organization=company, by=admin, name="برنامج", goal="هدف", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
        )


def test_it_refuses_a_program_that_ends_before_it_starts(org_a, manager_a):
    with pytest.raises(ValidationError) as error:
        services.create_program(
            organization=org_a, by=manager_a, name="برنامج", goal="هدف", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 2, 1)
        )
    assert "ends_on" in error.value.error_dict
    assert not Program.objects.exists()
    assert not ActionPlanStep.objects.exists()


def test_it_refuses_a_blank_name(org_a, manager_a):
    with pytest.raises(ValidationError):
        services.create_program(
            organization=org_a, by=manager_a, name="", goal="هدف", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
        )


def test_it_updates_a_program(program, admin_a):
    services.update_program(program=program, by=admin_a, name="برنامج خبرة الثاني", ends_on=dt.date(2026, 12, 31))
    program.refresh_from_db()
    assert program.name == "برنامج خبرة الثاني"
    assert program.ends_on == dt.date(2026, 12, 31)
    assert audit_verbs(program) == ["program.created", "program.updated"]


def test_a_supervisor_cannot_update_a_program(program, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.update_program(program=program, by=supervisor_a, name="تغيير")
    program.refresh_from_db()
    assert program.name != "تغيير"


def test_an_update_cannot_move_the_end_before_the_start(program, manager_a):
    with pytest.raises(ValidationError):
        services.update_program(program=program, by=manager_a, ends_on=dt.date(2025, 1, 1))
    assert Program.objects.get(pk=program.pk).ends_on == dt.date(2026, 6, 30)


# --- action plan -------------------------------------------------------------------------------


def test_it_updates_a_plan_step(program, manager_a, supervisor_a):
    step = program.plan_steps.get(step=1)
    services.update_plan_step(
        step=step,
        by=manager_a,
        responsible="جميع الأقسام",
        responsible_user=supervisor_a,
        method="حصر الاحتياجات ثم ورشة جماعية",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 9),
    )
    step.refresh_from_db()
    assert step.responsible_user == supervisor_a
    assert step.method == "حصر الاحتياجات ثم ورشة جماعية"
    assert audit_verbs(step) == ["plan_step.updated"]


def test_the_responsible_member_must_belong_to_the_organization(program, manager_a, admin_b):
    step = program.plan_steps.get(step=2)
    with pytest.raises(ValidationError) as error:
        services.update_plan_step(step=step, by=manager_a, responsible_user=admin_b)
    assert "responsible_user" in error.value.error_dict
    step.refresh_from_db()
    assert step.responsible_user is None


def test_an_inactive_member_cannot_be_responsible(program, manager_a, supervisor_a, org_a):
    Membership.objects.filter(user=supervisor_a, organization=org_a).update(is_active=False)
    with pytest.raises(ValidationError):
        services.update_plan_step(step=program.plan_steps.get(step=2), by=manager_a, responsible_user=supervisor_a)


def test_a_plan_step_cannot_end_before_it_starts(program, manager_a):
    with pytest.raises(ValidationError):
        services.update_plan_step(
            step=program.plan_steps.get(step=2), by=manager_a, starts_on=dt.date(2026, 2, 2), ends_on=dt.date(2026, 2, 1)
        )


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_the_status_of_the_first_five_steps_cannot_be_set_by_hand(program, manager_a, number):
    with pytest.raises(ValidationError) as error:
        services.update_plan_step(step=program.plan_steps.get(step=number), by=manager_a, manual_status=StepStatus.DONE)
    assert "manual_status" in error.value.error_dict


@pytest.mark.parametrize("number", [6, 7, 8, 9])
def test_the_status_of_steps_six_to_nine_is_set_by_hand(program, manager_a, number):
    step = services.update_plan_step(step=program.plan_steps.get(step=number), by=manager_a, manual_status=StepStatus.IN_PROGRESS)
    assert step.manual_status == StepStatus.IN_PROGRESS


def test_a_supervisor_cannot_edit_the_action_plan(program, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.update_plan_step(step=program.plan_steps.get(step=1), by=supervisor_a, responsible="أنا")


# --- needs ---------------------------------------------------------------------------------------


def test_it_saves_the_four_guiding_questions(program, manager_a):
    assessment = answer_questions(program, manager_a)
    assert assessment.stalled_work.startswith("تحديث")
    assert audit_verbs(assessment) == ["needs_assessment.saved"]


def test_a_manager_adds_needs_at_the_end_of_the_list(program, manager_a):
    first = add_need(program, manager_a, title="موقع إلكتروني")
    second = add_need(program, manager_a, title="خطة تسويق")
    assert (first.status, first.priority) == (NeedStatus.ACCEPTED, 1)
    assert (second.status, second.priority) == (NeedStatus.ACCEPTED, 2)
    assert audit_verbs(first) == ["need.added"]


def test_work_for_paid_staff_needs_a_reason(program, manager_a):
    with pytest.raises(ValidationError) as error:
        add_need(program, manager_a, suitability=Suitability.PAID_STAFF)
    assert "paid_staff_reason" in error.value.error_dict
    need = add_need(program, manager_a, suitability=Suitability.PAID_STAFF, paid_staff_reason=PaidStaffReason.URGENT)
    assert need.paid_staff_reason == PaidStaffReason.URGENT


def test_the_reason_is_dropped_when_the_work_suits_a_volunteer(program, manager_a):
    need = add_need(program, manager_a, suitability=Suitability.VOLUNTEER, paid_staff_reason=PaidStaffReason.URGENT)
    assert need.paid_staff_reason == ""


def test_a_team_needs_two_volunteers_or_more(program, manager_a):
    with pytest.raises(ValidationError) as error:
        add_need(program, manager_a, execution_mode="team", volunteers_needed=1)
    assert "volunteers_needed" in error.value.error_dict
    assert add_need(program, manager_a, execution_mode="team", volunteers_needed=3).volunteers_needed == 3


@pytest.mark.parametrize("count", [0, 101])
def test_the_number_of_volunteers_stays_between_1_and_100(program, manager_a, count):
    with pytest.raises(ValidationError):
        add_need(program, manager_a, volunteers_needed=count)
    assert not Need.objects.exists()


def test_a_too_long_title_is_refused(program, manager_a):
    with pytest.raises(ValidationError):
        add_need(program, manager_a, title="ا" * 201)


def test_a_supervisor_submits_a_need_for_the_manager(program, supervisor_a):
    need = services.submit_need(program=program, by=supervisor_a, title="تصميم هوية بصرية", department="الإعلام", field=field("marketing"))
    assert need.status == NeedStatus.SUBMITTED
    assert need.submitted_by == supervisor_a
    assert need.suitability == Suitability.UNDECIDED
    assert audit_verbs(need) == ["need.submitted"]


def test_a_supervisor_cannot_put_a_need_straight_on_the_list(program, supervisor_a):
    with pytest.raises(PermissionDenied):
        add_need(program, supervisor_a)


def test_a_submitter_cannot_decide_the_suitability(program, supervisor_a):
    with pytest.raises(TypeError):
        services.submit_need(program=program, by=supervisor_a, title="حاجة", suitability=Suitability.VOLUNTEER)


def test_an_outsider_cannot_submit_a_need(program, admin_b, volunteer):
    for user in (admin_b, volunteer):
        with pytest.raises(PermissionDenied):
            services.submit_need(program=program, by=user, title="حاجة")


def test_a_manager_accepts_a_submitted_need_at_the_end(program, manager_a, supervisor_a, need):
    submitted = services.submit_need(program=program, by=supervisor_a, title="تدقيق مالي")
    accepted = services.accept_need(need=submitted, by=manager_a)
    assert (accepted.status, accepted.priority) == (NeedStatus.ACCEPTED, 2)
    assert audit_verbs(submitted) == ["need.submitted", "need.accepted"]
    with pytest.raises(ValidationError):
        services.accept_need(need=accepted, by=manager_a)


def test_a_supervisor_cannot_accept_a_need(program, supervisor_a):
    submitted = services.submit_need(program=program, by=supervisor_a, title="تدقيق مالي")
    with pytest.raises(PermissionDenied):
        services.accept_need(need=submitted, by=supervisor_a)
    assert Need.objects.get(pk=submitted.pk).status == NeedStatus.SUBMITTED


def test_a_manager_merges_a_duplicate_into_a_listed_need(program, manager_a, supervisor_a, need):
    duplicate = services.submit_need(program=program, by=supervisor_a, title="تطوير الموقع")
    merged = services.merge_need(need=duplicate, into=need, by=manager_a)
    assert merged.status == NeedStatus.MERGED
    assert merged.merged_into == need
    assert audit_verbs(duplicate)[-1] == "need.merged"


def test_a_need_cannot_be_merged_into_itself_or_another_program(program, program_b, manager_a, manager_b, supervisor_a, need):
    duplicate = services.submit_need(program=program, by=supervisor_a, title="تطوير الموقع")
    elsewhere = add_need(program_b, manager_b, title="حوكمة")
    with pytest.raises(ValidationError):
        services.merge_need(need=duplicate, into=elsewhere, by=manager_a)
    with pytest.raises(ValidationError):
        services.merge_need(need=need, into=need, by=manager_a)
    with pytest.raises(ValidationError):
        services.merge_need(need=need, into=duplicate, by=manager_a)  # not on the list
    assert Need.objects.get(pk=duplicate.pk).status == NeedStatus.SUBMITTED


def test_merging_a_listed_need_renumbers_the_list(program, manager_a):
    first = add_need(program, manager_a, title="أ")
    second = add_need(program, manager_a, title="ب")
    third = add_need(program, manager_a, title="ج")
    services.merge_need(need=second, into=first, by=manager_a)
    assert Need.objects.get(pk=third.pk).priority == 2


def test_a_manager_declines_a_need(program, manager_a, supervisor_a):
    submitted = services.submit_need(program=program, by=supervisor_a, title="شراء سيارة")
    declined = services.decline_need(need=submitted, by=manager_a)
    assert declined.status == NeedStatus.DECLINED
    with pytest.raises(ValidationError):
        services.decline_need(need=declined, by=manager_a)
    with pytest.raises(ValidationError):
        services.update_need(need=declined, by=manager_a, title="شيء آخر")


def test_declining_a_listed_need_renumbers_the_list(program, manager_a):
    first = add_need(program, manager_a, title="أ")
    second = add_need(program, manager_a, title="ب")
    services.decline_need(need=first, by=manager_a)
    assert Need.objects.get(pk=second.pk).priority == 1


def test_a_manager_updates_a_need(need, manager_a):
    services.update_need(need=need, by=manager_a, volunteers_needed=2, execution_mode="team", department="تقنية المعلومات")
    need.refresh_from_db()
    assert (need.volunteers_needed, need.execution_mode, need.department) == (2, "team", "تقنية المعلومات")
    assert audit_verbs(need) == ["need.added", "need.updated"]


def test_an_update_that_breaks_a_rule_writes_nothing(need, manager_a):
    with pytest.raises(ValidationError):
        services.update_need(need=need, by=manager_a, suitability=Suitability.PAID_STAFF)
    assert Need.objects.get(pk=need.pk).suitability == Suitability.VOLUNTEER


def test_it_reorders_the_list(program, manager_a):
    first, second, third = (add_need(program, manager_a, title=title) for title in ("أ", "ب", "ج"))
    services.reorder_needs(program=program, ordered_ids=[third.pk, first.pk, second.pk], by=manager_a)
    assert list(Need.objects.on_list().filter(program=program).order_by("priority").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]
    assert AuditEvent.objects.filter(verb="needs.reordered", organization=program.organization).exists()


@pytest.mark.parametrize("ids", ["missing", "duplicate", "foreign", "submitted"])
def test_a_reorder_must_list_exactly_the_listed_needs(program, program_b, manager_a, manager_b, supervisor_a, ids):
    first = add_need(program, manager_a, title="أ")
    second = add_need(program, manager_a, title="ب")
    ordered = {
        "missing": [first.pk],
        "duplicate": [first.pk, first.pk, second.pk],
        "foreign": [first.pk, second.pk, add_need(program_b, manager_b).pk],
        "submitted": [first.pk, second.pk, services.submit_need(program=program, by=supervisor_a, title="ج").pk],
    }[ids]
    with pytest.raises(ValidationError):
        services.reorder_needs(program=program, ordered_ids=ordered, by=manager_a)
    assert Need.objects.get(pk=first.pk).priority == 1


def test_a_supervisor_cannot_reorder(program, manager_a, supervisor_a, need):
    with pytest.raises(PermissionDenied):
        services.reorder_needs(program=program, ordered_ids=[need.pk], by=supervisor_a)


def test_completing_the_assessment_lists_what_is_missing(program, manager_a):
    with pytest.raises(ValidationError) as error:
        services.complete_needs_assessment(program=program, by=manager_a)
    assert len(error.value.messages) == 2  # the questions, the empty list
    answer_questions(program, manager_a)
    add_need(program, manager_a, suitability=Suitability.UNDECIDED)
    with pytest.raises(ValidationError) as error:
        services.complete_needs_assessment(program=program, by=manager_a)
    assert len(error.value.messages) == 1  # the undecided need
    assert NeedsAssessment.objects.get(program=program).completed_at is None


def test_a_partly_answered_assessment_cannot_be_completed(program, manager_a, need):
    services.save_needs_assessment(program=program, by=manager_a, stalled_work="الموقع متعثر")
    with pytest.raises(ValidationError):
        services.complete_needs_assessment(program=program, by=manager_a)


def test_it_completes_the_assessment(program, manager_a, need):
    answer_questions(program, manager_a)
    assessment = services.complete_needs_assessment(program=program, by=manager_a)
    assert assessment.completed_at is not None
    assert assessment.completed_by == manager_a
    assert "needs_assessment.completed" in audit_verbs(assessment)


def test_a_supervisor_cannot_complete_the_assessment(program, manager_a, supervisor_a, need):
    answer_questions(program, manager_a)
    with pytest.raises(PermissionDenied):
        services.complete_needs_assessment(program=program, by=supervisor_a)


# --- readiness -----------------------------------------------------------------------------------


def all_answers(answer="yes"):
    return {criterion.code: (answer, "") for criterion in CRITERIA}


def test_it_saves_the_readiness_answers(program, manager_a):
    assessment = services.save_readiness(program=program, answers=all_answers(), by=manager_a)
    assert assessment.items.count() == 8
    assert audit_verbs(assessment) == ["readiness.saved"]


def test_saving_again_replaces_the_answers(program, manager_a):
    services.save_readiness(program=program, answers=all_answers(), by=manager_a)
    services.save_readiness(program=program, answers={"clear_goals": ("no", "الأهداف عامة")}, by=manager_a)
    assert list(ReadinessItem.objects.values_list("criterion", "answer", "note")) == [("clear_goals", "no", "الأهداف عامة")]


@pytest.mark.parametrize("answers", [{"unknown": ("yes", "")}, {"clear_goals": ("maybe", "")}, {"clear_goals": ("yes", "ن" * 2001)}])
def test_bad_readiness_answers_are_refused(program, manager_a, answers):
    with pytest.raises(ValidationError):
        services.save_readiness(program=program, answers=answers, by=manager_a)
    assert not ReadinessItem.objects.exists()


def test_a_supervisor_cannot_answer_readiness(program, supervisor_a):
    with pytest.raises(PermissionDenied):
        services.save_readiness(program=program, answers=all_answers(), by=supervisor_a)
