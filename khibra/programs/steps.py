"""Where a program stands on each of the nine steps, and what to do next.

Steps 1–5, 8 and 9 follow from the data; steps 6 and 7 take the status set in the action plan
until later issues can derive them too. The whole tracker costs a fixed handful of queries, however many
opportunities the program has.
"""

from dataclasses import dataclass, field
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _, ngettext

from khibra.core.steps import NINE_STEPS

from . import readiness
from .models import ActionPlanStep, Need, NeedsAssessment, NeedStatus, Program, StepStatus, Suitability
from .services import assessment_gaps

BEYOND_DRAFT = frozenset({"ready", "published", "closed", "completed"})
CANCELLED = "cancelled"
FREE_COMMERCIAL = "free_commercial"


@dataclass
class StepState:
    number: int
    title: Promise
    description: Promise
    status: str
    plan: ActionPlanStep | None
    missing: list[str] = field(default_factory=list)
    skipped: bool = False  # step 4 when every opportunity is a free commercial service

    @property
    def responsible(self) -> str:
        if self.plan is None:
            return ""
        if self.plan.responsible_user_id and not self.plan.responsible:
            return self.plan.responsible_user.full_name
        return self.plan.responsible

    @property
    def method(self) -> str:
        return self.plan.method if self.plan else ""

    @property
    def starts_on(self) -> dt.date | None:
        return self.plan.starts_on if self.plan else None

    @property
    def ends_on(self) -> dt.date | None:
        return self.plan.ends_on if self.plan else None

    @property
    def is_done(self) -> bool:
        return self.status == StepStatus.DONE

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label


@dataclass(frozen=True)
class _Opportunities:
    """The program's non-cancelled opportunities, reduced to what the tracker needs."""

    rows: list[dict]

    @property
    def count(self) -> int:
        return len(self.rows)

    def drafts(self) -> int:
        return sum(1 for row in self.rows if row["status"] not in BEYOND_DRAFT)

    def without_model(self) -> int:
        return sum(1 for row in self.rows if not row["service_model"])

    def needing_agreement(self) -> list[dict]:
        return [row for row in self.rows if row["service_model"] != FREE_COMMERCIAL]


def _opportunities(program: Program) -> _Opportunities:
    from khibra.opportunities.models import Opportunity

    rows = (
        Opportunity.objects.filter(program=program)
        .exclude(status=CANCELLED)
        .annotate(agreement_count=Count("agreements"))
        .values("pk", "status", "service_model", "agreement_count")
    )
    return _Opportunities(rows=list(rows))


def _step1(assessment: NeedsAssessment | None, program: Program) -> tuple[str, list[str]]:
    counts = Need.objects.filter(program=program).aggregate(
        total=Count("pk"),
        listed=Count("pk", filter=Q(status=NeedStatus.ACCEPTED)),
        undecided=Count("pk", filter=Q(status=NeedStatus.ACCEPTED, suitability=Suitability.UNDECIDED)),
        waiting=Count("pk", filter=Q(status=NeedStatus.SUBMITTED)),
    )
    if assessment is not None and assessment.completed_at:
        return StepStatus.DONE, []
    missing = assessment_gaps(assessment=assessment, listed=counts["listed"], undecided=counts["undecided"])
    if counts["waiting"]:
        missing.append(
            ngettext(
                "Decide on %(counter)s need submitted by a department.",
                "Decide on %(counter)s needs submitted by departments.",
                counts["waiting"],
            )
            % {"counter": counts["waiting"]}
        )
    missing.append(_("Mark the needs assessment as complete."))
    answered = assessment is not None and any(
        getattr(assessment, name).strip() for name in ("stalled_work", "capability_gaps", "development_roles", "initiatives")
    )
    status = StepStatus.IN_PROGRESS if answered or counts["total"] else StepStatus.NOT_STARTED
    return status, missing


def _step2(opportunities: _Opportunities) -> tuple[str, list[str]]:
    if not opportunities.count:
        return StepStatus.NOT_STARTED, [_("Design the first opportunity, starting from a suitable need.")]
    drafts = opportunities.drafts()
    if not drafts:
        return StepStatus.DONE, []
    message = ngettext(
        "Finish the description of %(counter)s draft opportunity.",
        "Finish the descriptions of %(counter)s draft opportunities.",
        drafts,
    ) % {"counter": drafts}
    return StepStatus.IN_PROGRESS, [message]


def _step3(opportunities: _Opportunities) -> tuple[str, list[str]]:
    if not opportunities.count:
        return StepStatus.NOT_STARTED, [_("Design an opportunity first, then choose how it is delivered.")]
    without = opportunities.without_model()
    if not without:
        return StepStatus.DONE, []
    message = ngettext(
        "Choose the service model of %(counter)s opportunity.",
        "Choose the service model of %(counter)s opportunities.",
        without,
    ) % {"counter": without}
    status = StepStatus.IN_PROGRESS if without < opportunities.count else StepStatus.NOT_STARTED
    return status, [message]


def _step4(opportunities: _Opportunities) -> tuple[str, list[str], bool]:
    if not opportunities.count:
        return StepStatus.NOT_STARTED, [_("Design an opportunity first; its description becomes the agreement.")], False
    needing = opportunities.needing_agreement()
    if not needing:
        # Free commercial services need no volunteer agreement: the guide goes straight to step 5.
        return StepStatus.DONE, [], True
    without = sum(1 for row in needing if not row["agreement_count"])
    if not without:
        return StepStatus.DONE, [], False
    message = ngettext(
        "Prepare the volunteer agreement of %(counter)s opportunity.",
        "Prepare the volunteer agreements of %(counter)s opportunities.",
        without,
    ) % {"counter": without}
    status = StepStatus.IN_PROGRESS if without < len(needing) else StepStatus.NOT_STARTED
    return status, [message], False


def _step5(verdict: readiness.Verdict) -> tuple[str, list[str]]:
    if verdict.ready:
        return StepStatus.DONE, []
    missing = []
    if verdict.unanswered:
        count = len(verdict.unanswered)
        missing.append(
            ngettext(
                "Answer the remaining readiness criterion.",
                "Answer the %(counter)s remaining readiness criteria.",
                count,
            )
            % {"counter": count}
        )
    for _code, title, answer, _note in verdict.fix_first:
        if answer == "no":
            missing.append(_("Fix this first: %(criterion)s.") % {"criterion": title})
    if not verdict.unanswered and not any(answer == "no" for _c, _t, answer, _n in verdict.fix_first):
        missing.append(_("Strengthen the criteria answered \"partly\" until the score reaches 75."))
    status = StepStatus.IN_PROGRESS if verdict.answered else StepStatus.NOT_STARTED
    return status, missing


def _manual(plan: ActionPlanStep | None) -> tuple[str, list[str]]:
    status = (plan.manual_status if plan else "") or StepStatus.NOT_STARTED
    if status == StepStatus.DONE:
        return status, []
    return status, [_("Update this step's status in the action plan as the work moves on.")]


def _evaluation_facts(program: Program) -> dict:
    """What steps 8 and 9 need to know, in one query."""
    from khibra.evaluation.models import ProgramEvaluation, ProgramLessons, StakeholderResponse, VolunteerSurvey

    mine = {"program": OuterRef("pk")}
    return Program.objects.filter(pk=program.pk).values(
        evaluated=Exists(ProgramEvaluation.objects.filter(**mine, completed_at__isnull=False)),
        evaluating=Exists(ProgramEvaluation.objects.filter(**mine)),
        surveyed=Exists(VolunteerSurvey.objects.filter(**mine)),
        consulted=Exists(StakeholderResponse.objects.filter(**mine)),
        published=Exists(ProgramLessons.objects.filter(**mine, published_at__isnull=False)),
        learning=Exists(ProgramLessons.objects.filter(**mine)),
        repeated=Exists(Program.objects.filter(previous=OuterRef("pk"))),
    ).get()


def _step8(facts: dict) -> tuple[str, list[str]]:
    """Evaluation: done once the program evaluation is marked complete; under way as soon as
    volunteer surveys were sent, stakeholders answered or the evaluation was started."""
    if facts["evaluated"]:
        return StepStatus.DONE, []
    started = facts["surveyed"] or facts["consulted"] or facts["evaluating"]
    missing = [_("Write the program evaluation on its five axes and mark it complete.")]
    return (StepStatus.IN_PROGRESS if started else StepStatus.NOT_STARTED), missing


def _step9(facts: dict) -> tuple[str, list[str]]:
    """Learn, adapt, repeat: done once the lessons are published or the next cycle is started."""
    if facts["published"] or facts["repeated"]:
        return StepStatus.DONE, []
    missing = [_("Publish the lessons learned, or start the next cycle.")]
    return (StepStatus.IN_PROGRESS if facts["learning"] else StepStatus.NOT_STARTED), missing


def step_states(program: Program) -> list[StepState]:
    plans = {plan.step: plan for plan in ActionPlanStep.objects.filter(program=program).select_related("responsible_user")}
    assessment = NeedsAssessment.objects.filter(program=program).first()
    opportunities = _opportunities(program)
    verdict = readiness.evaluate(program)
    facts = _evaluation_facts(program)

    derived: dict[int, tuple] = {
        1: _step1(assessment, program),
        2: _step2(opportunities),
        3: _step3(opportunities),
        4: _step4(opportunities),
        5: _step5(verdict),
        8: _step8(facts),
        9: _step9(facts),
    }
    states = []
    for number, title, description in NINE_STEPS:
        plan = plans.get(number)
        outcome = derived.get(number) or _manual(plan)
        status, missing = outcome[0], list(outcome[1])
        skipped = outcome[2] if len(outcome) > 2 else False
        if status != StepStatus.DONE and plan is not None and not (plan.responsible or plan.responsible_user_id):
            missing.append(_("Name who is responsible for this step in the action plan."))
        states.append(
            StepState(
                number=number,
                title=title,
                description=description,
                status=str(status),
                plan=plan,
                missing=missing,
                skipped=skipped,
            )
        )
    return states
