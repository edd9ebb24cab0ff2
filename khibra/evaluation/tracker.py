"""Evaluation's part of the program tracker (programs/tracker.py): columns on the `program` read
and steps 8 (evaluation) and 9 (learn, adapt, repeat)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from khibra.programs import tracker
from khibra.programs.models import StepStatus

from .models import EvaluationEvidence, ProgramEvaluation, ProgramLessons, StakeholderResponse, VolunteerSurvey

MINE = {"program": OuterRef("pk")}


def _evaluated() -> Exists:
    return Exists(ProgramEvaluation.objects.filter(**MINE, completed_at__isnull=False))


def _evaluating() -> Exists:
    return Exists(ProgramEvaluation.objects.filter(**MINE))


def _surveyed() -> Exists:
    return Exists(VolunteerSurvey.objects.filter(**MINE))


def _consulted() -> Exists:
    return Exists(StakeholderResponse.objects.filter(**MINE))


def _evidenced() -> Exists:
    return Exists(EvaluationEvidence.objects.filter(**MINE))


def _published() -> Exists:
    return Exists(ProgramLessons.objects.filter(**MINE, published_at__isnull=False))


def _learning() -> Exists:
    return Exists(ProgramLessons.objects.filter(**MINE))


def _step8(reads: tracker.Reads) -> tracker.Outcome:
    """Evaluation: done once the program evaluation is marked complete; under way as soon as
    volunteer surveys were sent, stakeholders answered, a focus group or third-party evaluation was
    recorded, or the evaluation was started."""
    facts = reads["program"]
    if facts["evaluated"]:
        return tracker.Outcome(StepStatus.DONE)
    started = facts["surveyed"] or facts["consulted"] or facts["evaluating"] or facts["evidenced"]
    missing = [_("Write the program evaluation on its five axes and mark it complete.")]
    return tracker.Outcome(StepStatus.IN_PROGRESS if started else StepStatus.NOT_STARTED, missing)


def _step9(reads: tracker.Reads) -> tracker.Outcome:
    """Learn, adapt, repeat: done once the lessons are published or the next cycle is started
    (`repeated`, a column programs adds)."""
    facts = reads["program"]
    if facts["published"] or facts["repeated"]:
        return tracker.Outcome(StepStatus.DONE)
    missing = [_("Publish the lessons learned, or start the next cycle.")]
    return tracker.Outcome(StepStatus.IN_PROGRESS if facts["learning"] else StepStatus.NOT_STARTED, missing)


def register() -> None:
    """Called from EvaluationConfig.ready()."""
    tracker.columns(
        "program",
        evaluated=_evaluated,
        evaluating=_evaluating,
        surveyed=_surveyed,
        consulted=_consulted,
        evidenced=_evidenced,
        published=_published,
        learning=_learning,
    )
    tracker.rule(8, _step8)
    tracker.rule(9, _step9)
    tracker.page(8, "evaluation:program")
    tracker.page(9, "evaluation:lessons")
