"""Agreements' part of the program tracker (programs/tracker.py): an `agreement_count` column on
the program's opportunities, and step 4 (a volunteer agreement for each opportunity that needs one)."""

from django.db.models import Count
from django.utils.translation import gettext as _, ngettext

from khibra.opportunities.models import ServiceModel
from khibra.programs import tracker
from khibra.programs.models import StepStatus


def _agreement_count() -> Count:
    return Count("agreements")


def _step4(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    if not rows:
        return tracker.Outcome(StepStatus.NOT_STARTED, [_("Design an opportunity first; its description becomes the agreement.")])
    needing = [row for row in rows if row["service_model"] != ServiceModel.FREE_COMMERCIAL]
    if not needing:
        # Free commercial services need no volunteer agreement: the guide goes straight to step 5.
        return tracker.Outcome(StepStatus.DONE, skipped=True)
    without = sum(1 for row in needing if not row["agreement_count"])
    if not without:
        return tracker.Outcome(StepStatus.DONE)
    message = ngettext(
        "Prepare the volunteer agreement of %(counter)s opportunity.",
        "Prepare the volunteer agreements of %(counter)s opportunities.",
        without,
    ) % {"counter": without}
    status = StepStatus.IN_PROGRESS if without < len(needing) else StepStatus.NOT_STARTED
    return tracker.Outcome(status, [message])


def register() -> None:
    """Called from AgreementsConfig.ready()."""
    tracker.columns("opportunities", agreement_count=_agreement_count)
    tracker.rule(4, _step4)
