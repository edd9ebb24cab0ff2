"""Engagements' part of the program tracker (programs/tracker.py): engagement columns on the
program's opportunities, step 7 and its page, and the `awaiting_acceptance` column step 4 reads.

Step 7 is under way once a volunteer is engaged, and done when every engagement is closed
(completed, withdrawn or closed without completion) and at least one was; overdue work and open
issues show as what needs attention."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET

from khibra.agreements.models import AgreementAcceptance, VolunteerAgreement
from khibra.programs import tracker
from khibra.programs.models import StepStatus
from khibra.programs.step_pages import render_step_page

from .models import Engagement, EngagementStatus, Issue, WorkItem, WorkItemStatus

CLOSED = (EngagementStatus.COMPLETED, EngagementStatus.WITHDRAWN, EngagementStatus.NOT_COMPLETED)


def _of_opportunity(**filters):
    return Engagement.objects.filter(opportunity=OuterRef("pk"), **filters)


def _engaged_active():
    return tracker.count(_of_opportunity(status=EngagementStatus.ACTIVE))


def _engaged_closed():
    return tracker.count(_of_opportunity(status__in=CLOSED))


def _overdue_work():
    return tracker.count(WorkItem.objects.filter(
        engagement__opportunity=OuterRef("pk"), engagement__status=EngagementStatus.ACTIVE,
        due_on__lt=timezone.localdate(),
    ).exclude(status=WorkItemStatus.ACCEPTED))


def _open_issues():
    return tracker.count(Issue.objects.filter(engagement__opportunity=OuterRef("pk"), resolved_at__isnull=True))


def _awaiting_acceptance():
    """Active engagements whose volunteer has not accepted the current version of the opportunity's
    agreement (none when the opportunity has no agreement)."""
    current = VolunteerAgreement.objects.filter(opportunity=OuterRef("opportunity")).order_by("-version").values("pk")[:1]
    accepted = AgreementAcceptance.objects.filter(volunteer=OuterRef("volunteer__user"), agreement=OuterRef("current_agreement"))
    return tracker.count(
        _of_opportunity(status=EngagementStatus.ACTIVE)
        .annotate(current_agreement=Subquery(current))
        .filter(current_agreement__isnull=False)
        .exclude(Exists(accepted))
    )


def _step7(reads: tracker.Reads) -> tracker.Outcome:
    rows = reads["opportunities"]
    active = sum(row["engaged_active"] for row in rows)
    closed = sum(row["engaged_closed"] for row in rows)
    if not active and not closed:
        return tracker.Outcome(StepStatus.NOT_STARTED, [_("Once volunteers are selected, welcome them and follow their work here.")])
    if not active:
        return tracker.Outcome(StepStatus.DONE)
    missing = [ngettext(
        "%(counter)s volunteer is still at work: close the engagement when the deliverable is accepted.",
        "%(counter)s volunteers are still at work: close each engagement when its deliverable is accepted.", active,
    ) % {"counter": active}]
    overdue = sum(row["overdue_work"] for row in rows)
    if overdue:
        missing.append(ngettext(
            "%(counter)s task is past its delivery date.", "%(counter)s tasks are past their delivery dates.",
            overdue,
        ) % {"counter": overdue})
    issues = sum(row["open_issues"] for row in rows)
    if issues:
        missing.append(ngettext(
            "%(counter)s issue is not resolved yet.", "%(counter)s issues are not resolved yet.",
            issues,
        ) % {"counter": issues})
    return tracker.Outcome(StepStatus.IN_PROGRESS, missing)


def _engagements(program, reads) -> dict:
    today = timezone.localdate()
    overdue = WorkItem.objects.filter(engagement=OuterRef("pk"), due_on__lt=today).exclude(status=WorkItemStatus.ACCEPTED)
    engagements = (
        Engagement.objects.filter(opportunity__program=program)
        .select_related("opportunity", "volunteer__user")
        .annotate(
            overdue=tracker.count(overdue),
            open_issues=tracker.count(Issue.objects.filter(engagement=OuterRef("pk"), resolved_at__isnull=True)),
        )
        .order_by("status", "opportunity__title", "pk")
    )
    return {"engagements": engagements, "active_status": EngagementStatus.ACTIVE}


@login_required
@require_GET
def program_engagements(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Step 7 for one program: every engagement, its overdue work and open issues."""
    return render_step_page(request, org_slug, pk, number=7, template="engagements/program_step.html", extra=_engagements)


def program_patterns(program: str) -> list:
    return [path(program + "engagements/", program_engagements, name="engagements")]


def register() -> None:
    """Called from EngagementsConfig.ready()."""
    tracker.columns(
        "opportunities",
        engaged_active=_engaged_active,
        engaged_closed=_engaged_closed,
        overdue_work=_overdue_work,
        open_issues=_open_issues,
        awaiting_acceptance=_awaiting_acceptance,
    )
    tracker.rule(7, _step7)
    tracker.page(7, "programs:engagements")
