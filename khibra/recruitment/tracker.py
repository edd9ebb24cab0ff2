"""Recruitment's part of the program tracker (programs/tracker.py): recruitment columns on the
program's opportunities, step 6 and its page.

Step 6 is under way once an opportunity of the program is published, and done when every
opportunity has its places filled or its recruiting closed (closed or completed)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, OuterRef
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET

from khibra.opportunities.models import OpportunityStatus
from khibra.programs import tracker
from khibra.programs.models import StepStatus
from khibra.programs.step_pages import render_step_page

from .models import PENDING_STATUSES, Application, RecruitmentPlan

RECRUITING_ENDED = (OpportunityStatus.CLOSED, OpportunityStatus.COMPLETED)


def _places() -> F:
    return F("seats")


def _places_filled() -> F:
    return F("seats_filled")


def _first_published() -> F:
    return F("published_at")


def _has_plan() -> Exists:
    return Exists(RecruitmentPlan.objects.filter(opportunity=OuterRef("pk")))


def _waiting_decision():
    return tracker.count(Application.objects.filter(opportunity=OuterRef("pk"), status__in=PENDING_STATUSES))


def recruited(row: dict) -> bool:
    """Places filled, or recruiting closed."""
    return row["status"] in RECRUITING_ENDED or row["places_filled"] >= row["places"]



def _step6(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    published = [row for row in rows if row["first_published"] is not None or row["status"] in RECRUITING_ENDED]
    if not published:
        missing = [_("Publish an opportunity once the program is ready, then reach the right professionals.")]
        without_plan = sum(1 for row in rows if not row["has_recruitment_plan"])
        if without_plan:
            missing.append(ngettext(
                "Write the recruitment plan of %(counter)s opportunity.",
                "Write the recruitment plans of %(counter)s opportunities.",
            without_plan,
        ) % {"counter": without_plan})
        return tracker.Outcome(StepStatus.NOT_STARTED, missing)
    if all(recruited(row) for row in rows):
        return tracker.Outcome(StepStatus.DONE)
    missing = []
    unpublished = len(rows) - len(published)
    if unpublished:
        missing.append(ngettext(
            "%(counter)s opportunity is not published yet.", "%(counter)s opportunities are not published yet.",
            unpublished,
        ) % {"counter": unpublished})
    open_places = sum(max(row["places"] - row["places_filled"], 0) for row in published if not recruited(row))
    if open_places:
        missing.append(ngettext(
            "%(counter)s place is still to fill.", "%(counter)s places are still to fill.",
            open_places,
        ) % {"counter": open_places})
    waiting = sum(row["waiting_decision"] for row in rows)
    if waiting:
        missing.append(ngettext(
            "%(counter)s application waits for your decision.", "%(counter)s applications wait for your decision.",
            waiting,
        ) % {"counter": waiting})
    without_plan = sum(1 for row in published if not row["has_recruitment_plan"] and not recruited(row))
    if without_plan:
        missing.append(ngettext(
            "Write the recruitment plan of %(counter)s opportunity.",
            "Write the recruitment plans of %(counter)s opportunities.",
            without_plan,
        ) % {"counter": without_plan})
    return tracker.Outcome(StepStatus.IN_PROGRESS, missing)


def _rows(program, reads) -> dict:
    statuses = dict(OpportunityStatus.choices)
    rows = [{**row, "status_label": statuses.get(row["status"], ""), "recruited": recruited(row)} for row in reads["opportunities"]]
    return {"rows": rows}


@login_required
@require_GET
def program_recruitment(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Step 6 for one program: each opportunity's places, applications and recruitment plan."""
    return render_step_page(request, org_slug, pk, number=6, template="recruitment/program_step.html", extra=_rows)


def program_patterns(program: str) -> list:
    return [path(program + "recruitment/", program_recruitment, name="recruitment")]


def register() -> None:
    """Called from RecruitmentConfig.ready()."""
    tracker.columns(
        "opportunities",
        places=_places,
        places_filled=_places_filled,
        first_published=_first_published,
        has_recruitment_plan=_has_plan,
        waiting_decision=_waiting_decision,
    )
    tracker.rule(6, _step6)
    tracker.page(6, "programs:recruitment")
