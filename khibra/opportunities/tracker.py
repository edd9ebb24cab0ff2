"""Opportunities' part of the program tracker (programs/tracker.py): the `opportunities` read and
steps 2 (designing opportunities) and 3 (choosing how each is delivered)."""

from django.utils.translation import gettext as _, ngettext

from khibra.programs import tracker
from khibra.programs.models import StepStatus

from .models import Opportunity, OpportunityStatus

BEYOND_DRAFT = frozenset(
    {OpportunityStatus.READY, OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED, OpportunityStatus.COMPLETED}
)


def _program_opportunities(program):
    """The program's opportunities that are not cancelled; the apps above add their columns."""
    return Opportunity.objects.filter(program=program).exclude(status=OpportunityStatus.CANCELLED)


def _step2(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    if not rows:
        return tracker.Outcome(StepStatus.NOT_STARTED, [_("Design the first opportunity, starting from a suitable need.")])
    drafts = sum(1 for row in rows if row["status"] not in BEYOND_DRAFT)
    if not drafts:
        return tracker.Outcome(StepStatus.DONE)
    message = ngettext(
        "Finish the description of %(counter)s draft opportunity.",
        "Finish the descriptions of %(counter)s draft opportunities.",
        drafts,
    ) % {"counter": drafts}
    return tracker.Outcome(StepStatus.IN_PROGRESS, [message])


def _step3(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    if not rows:
        return tracker.Outcome(StepStatus.NOT_STARTED, [_("Design an opportunity first, then choose how it is delivered.")])
    without = sum(1 for row in rows if not row["service_model"])
    message = ngettext(
        "Choose the service model of %(counter)s opportunity.",
        "Choose the service model of %(counter)s opportunities.",
        without,
    ) % {"counter": without}
    return tracker.remaining(without, len(rows), message)


def _step5_overrides(reads: tracker.Reads) -> list[str]:
    """Opportunities an admin let be published before the program was ready, with the reason."""
    return [
        _("“%(title)s” may be published before the program is ready, on an admin's decision: %(reason)s")
        % {"title": row["title"], "reason": row["readiness_override_reason"]}
        for row in reads["opportunities"]
        if row["readiness_override_by"] is not None
    ]


def register() -> None:
    """Called from OpportunitiesConfig.ready()."""
    tracker.source(
        "opportunities",
        _program_opportunities,
        fields=("pk", "status", "service_model", "title", "readiness_override_by", "readiness_override_reason"),
    )
    tracker.rule(2, _step2)
    tracker.rule(3, _step3)
    tracker.note(5, _step5_overrides)
    tracker.page(2, "programs:design")
    tracker.page(3, "programs:service_models")
