"""Reads about programs that several pages and rules share. Never writes."""

from django.utils.translation import gettext as _, ngettext

from .models import NeedsAssessment

QUESTION_FIELDS = ("stalled_work", "capability_gaps", "development_roles", "initiatives")


def assessment_gaps(*, assessment: NeedsAssessment | None, listed: int, undecided: int) -> list[str]:
    """What still stands between a needs assessment and its completion, in translated sentences."""
    gaps = []
    unanswered = sum(1 for name in QUESTION_FIELDS if not getattr(assessment, name, "").strip())
    if unanswered:
        gaps.append(
            ngettext(
                "Answer the remaining guiding question.",
                "Answer the %(counter)s remaining guiding questions.",
                unanswered,
            )
            % {"counter": unanswered}
        )
    if listed == 0:
        gaps.append(_("Put at least one need on the needs list."))
    if undecided:
        gaps.append(
            ngettext(
                "Decide who should do %(counter)s need on the list: a professional volunteer or paid staff.",
                "Decide who should do %(counter)s needs on the list: a professional volunteer or paid staff.",
                undecided,
            )
            % {"counter": undecided}
        )
    return gaps
