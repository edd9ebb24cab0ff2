"""The nine states of the tracker follow one program through a whole cycle, built through the
services of each step: needs → design → service model → agreements → readiness → recruiting →
managing → evaluation → lessons → the next cycle."""

import pytest

from khibra.agreements import services as agreements
from khibra.engagements.models import Engagement, WorkItem, WorkItemStatus
from khibra.engagements.services import lifecycle as engagements
from khibra.evaluation import services as evaluation
from khibra.opportunities.services import lifecycle as opportunities
from khibra.programs import services
from khibra.programs.models import StepStatus
from khibra.programs.readiness import CRITERIA
from khibra.programs.steps import step_states
from khibra.recruitment.services import applications
from khibra.recruitment.tests.selection_fixtures import apply_to
from khibra.testing.factories import OpportunityFactory, ready_volunteer

from .conftest import add_need, answer_questions

pytestmark = pytest.mark.django_db



def states(program) -> str:
    """The nine statuses as one line, e.g. "D D I N N N N N N"."""
    short = {StepStatus.NOT_STARTED: "N", StepStatus.IN_PROGRESS: "I", StepStatus.DONE: "D"}
    return " ".join(short[state.status] for state in step_states(program))


def test_the_tracker_follows_a_whole_cycle(program, manager_a, supervisor_a, volunteer):
    assert states(program) == "N N N N N N N N N"

    answer_questions(program, manager_a)
    need = add_need(program, manager_a)
    assert states(program) == "I N N N N N N N N"
    services.complete_needs_assessment(program=program, by=manager_a)
    assert states(program) == "D N N N N N N N N"

    opportunity = OpportunityFactory(organization=program.organization, program=program, need=need, supervisor=supervisor_a, seats=1, created_by=manager_a)
    assert states(program) == "D I N N N N N N N"
    opportunities.choose_service_model(opportunity=opportunity, model="skills_based", reasoning="دور فردي محدد المدة.", by=manager_a)
    assert states(program) == "D I D N N N N N N"
    opportunities.mark_ready(opportunity=opportunity, by=manager_a)
    assert states(program) == "D D D N N N N N N"

    agreement = agreements.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)
    assert states(program) == "D D D I N N N N N"  # written, accepted by nobody yet
    services.save_readiness(program=program, answers={c.code: ("yes", "") for c in CRITERIA}, by=manager_a)
    assert states(program) == "D D D I D N N N N"

    opportunity.refresh_from_db()
    opportunities.publish_opportunity(opportunity=opportunity, by=manager_a)
    assert states(program) == "D D D I D I N N N"
    application = apply_to(opportunity, ready_volunteer(volunteer.volunteer_profile))
    assert states(program) == "D D D I D I N N N"
    applications.accept_application(application=application, by=manager_a)
    # The only place is filled; the volunteer is at work but has not accepted the agreement.
    assert states(program) == "D D D I D D I N N"
    assert step_states(program)[3].missing

    agreements.accept_volunteer_agreement(agreement=agreement, volunteer=volunteer)
    assert states(program) == "D D D D D D I N N"

    engagement = Engagement.objects.get(opportunity=opportunity)
    WorkItem.objects.filter(engagement=engagement).update(status=WorkItemStatus.ACCEPTED)
    engagements.close_engagement(engagement=engagement, by=manager_a, completed=True, outcome="أُطلق الموقع.", beneficiaries_reached=120)
    # Closing sends the volunteer survey: the evaluation is under way.
    assert states(program) == "D D D D D D D I N"

    evaluation.save_program_evaluation(program=program, by=manager_a, goal_summary="تحققت الأهداف.", complete=True)
    assert states(program) == "D D D D D D D D N"
    evaluation.save_lessons(program=program, by=manager_a, what_worked="التواصل الأسبوعي.")
    assert states(program) == "D D D D D D D D I"
    evaluation.save_lessons(program=program, by=manager_a, publish=True)
    assert states(program) == "D D D D D D D D D"

    following = evaluation.plan_again(
        program=program, by=manager_a, name="الدورة الثانية", starts_on=program.ends_on, ends_on=program.ends_on.replace(year=program.ends_on.year + 1)
    )
    # The next cycle starts with the needs carried over and the opportunities as drafts.
    assert states(following) == "I I N N N N N N N"
    assert states(program) == "D D D D D D D D D"
