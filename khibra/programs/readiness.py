"""Step 5: the eight readiness criteria of the national model and the verdict drawn from them.

Each criterion is answered yes (2 points), partly (1) or no (0). A program is ready when all
eight are answered, none is "no" and the score is at least 75 out of 100. When it is not, the
criteria to fix first are the "no" answers, then the "partly" ones, each in the guide's order.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Program, ReadinessAnswer, ReadinessItem

POINTS = {ReadinessAnswer.YES: 2, ReadinessAnswer.PARTLY: 1, ReadinessAnswer.NO: 0}
READY_SCORE = 75


@dataclass(frozen=True)
class Criterion:
    code: str
    title: Promise
    help_text: Promise


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "clear_goals",
        _("Clear goals"),
        _("The program states what it should achieve, and each goal answers a real need of the organization."),
    ),
    Criterion(
        "resources",
        _("Sufficient resources"),
        _(
            "There are enough staff to guide, train and support the volunteers, on your side and on the "
            "partner's, and any equipment, transport or access to clients the work calls for."
        ),
    ),
    Criterion(
        "project_management",
        _("Project management"),
        _("The people who will manage the professional volunteers are named, available and able to do it."),
    ),
    Criterion(
        "feasibility",
        _("Feasibility"),
        _("The scope and the opportunity descriptions can be delivered with the resources you have, allowing for likely obstacles."),
    ),
    Criterion(
        "internal_adoption",
        _("Internal adoption"),
        _("Leadership understands what professional volunteering involves and backs it, and the departments concerned welcome it."),
    ),
    Criterion(
        "partner_commitment",
        _("Partner commitment"),
        _("Where a partner has a part to play, it is prepared and has committed to its obligations."),
    ),
    Criterion(
        "tracking",
        _("Tracking and evaluation"),
        _("You have a way to follow the progress of the program and its opportunities and to judge how they perform."),
    ),
    Criterion(
        "approvals",
        _("Official approvals"),
        _("The internal approvals and any permits from outside bodies that this kind of work needs have been obtained."),
    ),
)
CRITERIA_BY_CODE = {criterion.code: criterion for criterion in CRITERIA}
MAX_POINTS = 2 * len(CRITERIA)


@dataclass(frozen=True)
class Verdict:
    ready: bool
    score: int  # 0–100
    answered: int
    # (code, title, answer, note): "no" answers before "partly" ones, each in criterion order.
    fix_first: list[tuple[str, Promise, str, str]]
    # (code, title) of the criteria not answered yet, in criterion order.
    unanswered: list[tuple[str, Promise]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(CRITERIA)


def answers_of(program: Program) -> dict[str, ReadinessItem]:
    """The saved answers of a program by criterion code (one query; unknown codes are ignored)."""
    items = ReadinessItem.objects.filter(assessment__program=program, criterion__in=CRITERIA_BY_CODE)
    return {item.criterion: item for item in items}


def verdict_from(answers: dict[str, ReadinessItem]) -> Verdict:
    points = 0
    no, partly, unanswered = [], [], []
    for criterion in CRITERIA:
        item = answers.get(criterion.code)
        if item is None or item.answer not in POINTS:
            unanswered.append((criterion.code, criterion.title))
            continue
        points += POINTS[item.answer]
        if item.answer == ReadinessAnswer.NO:
            no.append((criterion.code, criterion.title, item.answer, item.note))
        elif item.answer == ReadinessAnswer.PARTLY:
            partly.append((criterion.code, criterion.title, item.answer, item.note))
    answered = len(CRITERIA) - len(unanswered)
    score = round(100 * points / MAX_POINTS)
    ready = not unanswered and not no and score >= READY_SCORE
    return Verdict(ready=ready, score=score, answered=answered, fix_first=no + partly, unanswered=unanswered)


def evaluate(program: Program) -> Verdict:
    return verdict_from(answers_of(program))


def is_program_ready(program: Program) -> bool:
    return evaluate(program).ready
