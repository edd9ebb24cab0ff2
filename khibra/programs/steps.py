"""Where a program stands on each of the nine steps, and what to do next.

Each step's state comes from the rules the apps register in tracker.py: programs decides steps 1
and 5 here, opportunities steps 2 and 3, agreements step 4, recruitment step 6, engagements step 7,
evaluation steps 8 and 9. A step no rule answers takes the status set in the action plan. A step
whose action-plan period has ended while it is not done is overdue. The whole tracker costs a
fixed handful of queries, however many opportunities the program has.
"""

from dataclasses import dataclass, field
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _, ngettext

from khibra.core.steps import NINE_STEPS

from . import readiness, tracker
from .models import ActionPlanStep, Need, NeedsAssessment, NeedStatus, Program, StepStatus, Suitability
from .selectors import assessment_gaps


@dataclass
class StepState:
    number: int
    title: Promise
    description: Promise
    status: str
    plan: ActionPlanStep | None
    missing: list[str] = field(default_factory=list)
    skipped: bool = False  # step 4 when every opportunity is a free commercial service
    url: str = ""  # the step's own page for this program
    overdue: bool = False  # the action plan's period for the step has ended and it is not done
    notes: list[str] = field(default_factory=list)  # remarks registered with tracker.note()

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


def _step1(reads: tracker.Reads) -> tracker.Outcome:
    """Needs assessment: done once marked complete; under way once questions are answered or needs listed."""
    program = reads.program
    assessment = NeedsAssessment.objects.filter(program=program).first()
    counts = Need.objects.filter(program=program).aggregate(
        total=Count("pk"),
        listed=Count("pk", filter=Q(status=NeedStatus.ACCEPTED)),
        undecided=Count("pk", filter=Q(status=NeedStatus.ACCEPTED, suitability=Suitability.UNDECIDED)),
        waiting=Count("pk", filter=Q(status=NeedStatus.SUBMITTED)),
    )
    if assessment is not None and assessment.completed_at:
        return tracker.Outcome(StepStatus.DONE)
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
    return tracker.Outcome(status, missing)


def _step5(reads: tracker.Reads) -> tracker.Outcome:
    """Readiness: done once the readiness check says ready."""
    verdict = readiness.evaluate(reads.program)
    if verdict.ready:
        return tracker.Outcome(StepStatus.DONE)
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
    return tracker.Outcome(status, missing)


def _manual(plan: ActionPlanStep | None) -> tracker.Outcome:
    status = (plan.manual_status if plan else "") or StepStatus.NOT_STARTED
    if status == StepStatus.DONE:
        return tracker.Outcome(status)
    return tracker.Outcome(status, [_("Update this step's status in the action plan as the work moves on.")])


def _program_rows(program: Program):
    return Program.objects.filter(pk=program.pk)


def _repeated() -> Exists:
    return Exists(Program.objects.filter(previous=OuterRef("pk")))


def register() -> None:
    """Programs' part of the tracker (ProgramsConfig.ready()): the `program` read, steps 1 and 5."""
    tracker.source("program", _program_rows, single=True)
    tracker.columns("program", repeated=_repeated)
    tracker.rule(1, _step1)
    tracker.rule(5, _step5)
    tracker.page(1, "programs:needs")
    tracker.page(5, "programs:readiness")


def _overdue(plan: ActionPlanStep | None, status: str, today: dt.date) -> bool:
    return plan is not None and plan.ends_on is not None and plan.ends_on < today and status != StepStatus.DONE


def step_states(program: Program, *, reads: tracker.Reads | None = None, org_slug: str = "") -> list[StepState]:
    """The nine steps of `program` as the data tells them (`reads`: a pass already read, e.g. by a
    step's own page, so nothing is read twice; `org_slug` spares reading the organization)."""
    from khibra.core.dates import format_dual

    plans = {plan.step: plan for plan in ActionPlanStep.objects.filter(program=program).select_related("responsible_user")}
    reads = reads or tracker.Reads(program)
    today = timezone.localdate()
    slug = org_slug or program.organization.slug
    states = []
    for number, title, description in NINE_STEPS:
        plan = plans.get(number)
        outcome = tracker.decide(number, reads) or _manual(plan)
        missing = list(outcome.missing)
        overdue = _overdue(plan, str(outcome.status), today)
        if overdue:
            missing.insert(0, _("Overdue: the action plan gave this step until %(date)s.") % {"date": format_dual(plan.ends_on)})
        if outcome.status != StepStatus.DONE and plan is not None and not (plan.responsible or plan.responsible_user_id):
            missing.append(_("Name who is responsible for this step in the action plan."))
        states.append(
            StepState(
                number=number,
                title=title,
                description=description,
                status=str(outcome.status),
                plan=plan,
                missing=missing,
                skipped=outcome.skipped,
                url=tracker.page_url(number, org_slug=slug, program_pk=program.pk),
                overdue=overdue,
                notes=tracker.notes(number, reads),
            )
        )
    return states


def step_state(program: Program, number: int, *, reads: tracker.Reads | None = None, org_slug: str = "") -> StepState:
    """One step of `program`, for the step's own page."""
    return step_states(program, reads=reads, org_slug=org_slug)[number - 1]
