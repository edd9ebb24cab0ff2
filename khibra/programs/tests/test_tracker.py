"""The tracker's registry (programs/tracker.py): which app decides which step, and how a later
app takes a step over from the action plan."""

from django.db.models.functions import Length
import pytest

from khibra.core.hooks import Hook
from khibra.opportunities.models import Opportunity
from khibra.programs import tracker
from khibra.programs.models import StepStatus
from khibra.programs.steps import step_states

pytestmark = pytest.mark.django_db


def test_every_step_has_a_rule_and_a_page():
    ruled = {number for number in range(1, 10) if tracker._rules[number]._receivers}
    assert ruled == set(range(1, 10))
    assert set(tracker._pages) == set(range(1, 10))


def test_a_rule_for_a_step_replaces_the_action_plan_status(program, monkeypatch):
    monkeypatch.setitem(tracker._rules, 6, Hook("programs.step6"))
    assert step_states(program)[5].status == StepStatus.NOT_STARTED

    def recruited(reads: tracker.Reads) -> tracker.Outcome:
        return tracker.Outcome(StepStatus.DONE)

    tracker.rule(6, recruited)
    assert step_states(program)[5].status == StepStatus.DONE


def test_a_column_added_to_a_read_reaches_the_rules(program, supervisor_a, monkeypatch):
    Opportunity.objects.create(
        organization=program.organization, program=program, title="مطور", description="و", deliverables="م", supervisor=supervisor_a
    )
    monkeypatch.setitem(tracker._columns, "opportunities", dict(tracker._columns["opportunities"]))
    monkeypatch.setitem(tracker._rules, 6, Hook("programs.step6"))
    seen = []

    def recruiting(reads: tracker.Reads) -> None:
        seen.extend(row["title_length"] for row in reads["opportunities"])

    tracker.columns("opportunities", title_length=lambda: Length("title"))
    tracker.rule(6, recruiting)
    assert step_states(program)[5].status == StepStatus.NOT_STARTED  # no answer: the action plan decides
    assert seen == [len("مطور")]
