"""Step 5's scoring: yes 2, partly 1, no 0; ready = all eight answered, no "no", score ≥ 75."""

import pytest

from khibra.programs import readiness, services
from khibra.programs.readiness import CRITERIA, evaluate, is_program_ready

pytestmark = pytest.mark.django_db

CODES = [criterion.code for criterion in CRITERIA]


def save(program, by, **answers):
    services.save_readiness(program=program, answers={code: (answer, "") for code, answer in answers.items()}, by=by)


def test_it_has_the_guides_eight_criteria_in_order():
    assert CODES == [
        "clear_goals",
        "resources",
        "project_management",
        "feasibility",
        "internal_adoption",
        "partner_commitment",
        "tracking",
        "approvals",
    ]
    assert all(str(criterion.title) and str(criterion.help_text) for criterion in CRITERIA)


def test_an_unanswered_program_is_not_ready(program):
    verdict = evaluate(program)
    assert (verdict.ready, verdict.score, verdict.answered, verdict.fix_first) == (False, 0, 0, [])
    assert [code for code, _title in verdict.unanswered] == CODES
    assert not is_program_ready(program)


def test_all_yes_is_ready_with_full_marks(program, manager_a):
    save(program, manager_a, **dict.fromkeys(CODES, "yes"))
    verdict = evaluate(program)
    assert (verdict.ready, verdict.score, verdict.answered) == (True, 100, 8)
    assert is_program_ready(program)


def test_four_partly_answers_still_reach_75(program, manager_a):
    answers = dict.fromkeys(CODES, "yes") | dict.fromkeys(CODES[:4], "partly")
    save(program, manager_a, **answers)
    verdict = evaluate(program)
    assert (verdict.ready, verdict.score) == (True, 75)
    assert [code for code, *_rest in verdict.fix_first] == CODES[:4]


def test_five_partly_answers_fall_below_75(program, manager_a):
    answers = dict.fromkeys(CODES, "yes") | dict.fromkeys(CODES[:5], "partly")
    save(program, manager_a, **answers)
    verdict = evaluate(program)
    assert (verdict.ready, verdict.score) == (False, 69)


def test_a_single_no_blocks_readiness_whatever_the_score(program, manager_a):
    save(program, manager_a, **(dict.fromkeys(CODES, "yes") | {"approvals": "no"}))
    verdict = evaluate(program)
    assert verdict.score == 88
    assert not verdict.ready


def test_a_missing_answer_blocks_readiness(program, manager_a):
    save(program, manager_a, **dict.fromkeys(CODES[:7], "yes"))
    verdict = evaluate(program)
    assert (verdict.ready, verdict.answered, verdict.score) == (False, 7, 88)
    assert verdict.unanswered[0][0] == "approvals"


def test_fix_first_puts_no_before_partly_then_follows_the_criteria_order(program, manager_a):
    services.save_readiness(
        program=program,
        answers={
            "clear_goals": ("partly", "الأهداف عامة"),
            "resources": ("no", "لا يوجد موظف للإشراف"),
            "feasibility": ("partly", ""),
            "tracking": ("no", ""),
            "approvals": ("yes", ""),
        },
        by=manager_a,
    )
    fix_first = evaluate(program).fix_first
    assert [(code, answer) for code, _title, answer, _note in fix_first] == [
        ("resources", "no"),
        ("tracking", "no"),
        ("clear_goals", "partly"),
        ("feasibility", "partly"),
    ]
    assert fix_first[0][3] == "لا يوجد موظف للإشراف"


def test_it_reads_the_answers_in_one_query(program, manager_a, django_assert_num_queries):
    save(program, manager_a, **dict.fromkeys(CODES, "yes"))
    with django_assert_num_queries(1):
        readiness.evaluate(program)
