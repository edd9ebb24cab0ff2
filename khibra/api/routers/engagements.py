"""Engagements: the volunteer's and the organization's lists, one engagement, completing, closing
and withdrawing, and the weekly reports. Same access (khibra.engagements.access), forms and
services as the workspace pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BeforeValidator, WithJsonSchema

from khibra.api.access import engagement_for, organization_for_member
from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS
from khibra.api.forms import form_error
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, display, resolver
from khibra.engagements import forms, selectors, services
from khibra.engagements.models import Engagement, EngagementStatus, WorkItem
from khibra.recruitment.access import get_volunteer_profile

router = Router(tags=["engagements"])

READ_SCOPE = "applications:read"
WRITE_SCOPE = "engagements:write"


# --- shapes -------------------------------------------------------------------------------------



def _figure_as_text(value):
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# A figure as a number or as typed (the web's forms also read Arabic-Indic digits: "٢٫٥"); the
# form parses it, so its errors and messages are the web's.
Number = Annotated[
    str,
    BeforeValidator(_figure_as_text),
    Field(max_length=20),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "maxLength": 20}]}),
]


class VolunteerBrief(Schema):
    id: int = Field(..., description="The volunteer profile's id.")
    full_name: str

    resolve_full_name = resolver("full_name", lambda profile, _context: profile.user.full_name)


class CertificateBrief(Schema):
    id: int
    code: str
    kind: str
    kind_display: str
    revoked: bool
    verify_url: str = Field(..., description="The public verification page, as printed on the certificate.")

    resolve_kind_display = display("kind")
    resolve_revoked = resolver("revoked", lambda certificate, _context: certificate.is_revoked)
    resolve_verify_url = resolver("verify_url", lambda certificate, _context: certificate.verification_url())


class EngagementOut(Schema):
    id: int
    opportunity: Ref
    organization: Ref
    volunteer: VolunteerBrief
    role: str | None = Field(None, description="The caller's part: volunteer, manager or supervisor.")
    status: str
    status_display: str
    started_on: dt.date | None
    ended_on: dt.date | None
    planned_end_on: dt.date | None
    weekly_hours: float | None
    planned_hours: float | None = Field(..., description="Weekly hours × the weeks elapsed so far.")
    approved_hours: float
    pending_hours: float = Field(..., description="Hours logged and awaiting approval.")
    withdrawal_reason: str
    closing_note: str
    outcome: str = Field(..., description="What changed for the beneficiaries, written when the engagement closed.")
    beneficiaries_reached: int | None
    certificates: list[CertificateBrief]

    # Read from the model; the caller's part and the page's hour sums come from the context
    # (`engagements_out`).
    resolve_opportunity = resolver(
        "opportunity", lambda engagement, _context: {"id": engagement.opportunity_id, "name": engagement.opportunity.title}
    )
    resolve_organization = resolver("organization", lambda engagement, _context: engagement.opportunity.organization)
    resolve_role = resolver("role", lambda engagement, context: context.get("roles", {}).get(engagement.pk))
    resolve_status_display = display("status")
    resolve_weekly_hours = resolver("weekly_hours", lambda engagement, _context: _float(engagement.weekly_hours))
    resolve_planned_hours = resolver(
        "planned_hours",
        lambda engagement, context: _float(selectors.planned_hours(engagement, context.get("today") or timezone.localdate())),
    )
    resolve_approved_hours = resolver(
        "approved_hours", lambda engagement, context: float(context["approved"].get(engagement.pk, Decimal(0)))
    )
    resolve_pending_hours = resolver(
        "pending_hours", lambda engagement, context: float(context["pending"].get(engagement.pk, Decimal(0)))
    )


class StatusQuery(Schema):
    status: EngagementStatus | None = Field(None, description="Only engagements in this state.")


class CompleteIn(Schema):
    note: str = Field("", max_length=2000)
    what_changed: str = Field("", max_length=2000, description="What is different for the beneficiaries thanks to this work.")
    beneficiaries_reached: int | None = Field(None, ge=0, le=10_000_000, description="How many people or bodies benefited.")


class CloseIn(CompleteIn):
    outcome: str = Field(..., max_length=20, description="completed or not_completed")


class EngagementWithdrawIn(Schema):
    category: str = Field(..., max_length=20, description="One of the withdrawal reasons (workload, personal, …).")
    reason: str = Field("", max_length=500, description="Anything to add.")


class WeeklyReportIn(Schema):
    week_of: str = Field(..., max_length=20, description="A day in the week, Gregorian (2026-03-15) or Hijri (1447-09-15).")
    done: str = Field(..., max_length=3000)
    next: str = Field("", max_length=3000)
    blockers: str = Field("", max_length=3000)
    hours_spent: Number = Field(..., description="Between 0 and 168.")


class WeeklyReportOut(Schema):
    id: int
    week_start: dt.date
    done: str
    next: str
    blockers: str
    hours_spent: float
    created_at: dt.datetime

    resolve_hours_spent = resolver("hours_spent", lambda report, _context: float(report.hours_spent))


# --- helpers ------------------------------------------------------------------------------------


def _float(value) -> float | None:
    return None if value is None else float(value)


def _with_related(queryset):
    from khibra.certificates.models import Certificate

    return queryset.select_related("opportunity__organization", "volunteer__user").prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("issued_at", "pk"))
    )


def engagements_out(engagements, *, roles: dict[int, str | None] | None = None) -> list[EngagementOut]:
    """Engagements as the API shows them; hours come in two queries for the whole page."""
    from khibra.hours import selectors as hours

    engagements = list(engagements)
    ids = [engagement.pk for engagement in engagements]
    context = {
        "approved": hours.approved_hours_by_engagement(ids),
        "pending": hours.pending_hours_by_engagement(ids),
        "roles": roles or {},
        "today": timezone.localdate(),
    }
    return [EngagementOut.from_orm(engagement, context=context) for engagement in engagements]


def engagement_out(engagement: Engagement, role: str | None) -> EngagementOut:
    fresh = _with_related(Engagement.objects.filter(pk=engagement.pk)).get()
    return engagements_out([fresh], roles={fresh.pk: role})[0]


def _count_text(value: int | None) -> str:
    """A count as the web form receives it ("" for unknown)."""
    return "" if value is None else str(value)


def validated_as(form, rename: dict[str, str] | None = None) -> dict:
    """`forms.validated`, with the form's field names mapped to the API's where they differ."""
    if form.is_valid():
        return form.cleaned_data
    error = form_error(form)
    for old, new in (rename or {}).items():
        if old in error.fields:
            error.fields[new] = error.fields.pop(old)
    raise error


def _filter_status(queryset, status):
    return queryset.filter(status=status.value) if status is not None else queryset


# --- endpoints ----------------------------------------------------------------------------------


@router.get("/me/engagements/", response={200: Page[EngagementOut], **ERRORS}, summary="Your engagements as a volunteer")
def my_engagements(request, query: Query[PageQuery], filters: Query[StatusQuery]):
    require_personal(request)
    profile = get_volunteer_profile(request.user)
    engagements = _filter_status(_with_related(Engagement.objects.filter(volunteer=profile)), filters.status).order_by("-created_at", "-pk")
    page = paginate(engagements, query)
    page["results"] = engagements_out(page["results"], roles={e.pk: "volunteer" for e in page["results"]})
    return page


@router.get(
    "/organizations/{organization_id}/engagements/",
    response={200: Page[EngagementOut], **ERRORS},
    summary="The organization's engagements (managers: all; a supervisor: the opportunities they supervise)",
)
def organization_engagements(request, organization_id: int, query: Query[PageQuery], filters: Query[StatusQuery]):
    organization, membership = organization_for_member(request, organization_id, scope=READ_SCOPE)
    engagements = Engagement.objects.filter(opportunity__organization=organization)
    role = "manager"
    if not membership.can_manage:
        # As engagement_role: a member who is not a manager sees the opportunities they supervise.
        engagements = engagements.filter(opportunity__supervisor=request.user).exclude(volunteer__user=request.user)
        role = "supervisor"
    engagements = _filter_status(_with_related(engagements), filters.status).order_by("-created_at", "-pk")
    page = paginate(engagements, query)
    page["results"] = engagements_out(
        page["results"], roles={e.pk: ("volunteer" if e.volunteer.user_id == request.user.pk else role) for e in page["results"]}
    )
    return page


@router.get("/engagements/{engagement_id}/", response={200: EngagementOut, **ERRORS}, summary="One engagement")
def get_engagement(request, engagement_id: int):
    engagement, role = engagement_for(request, engagement_id)
    return engagement_out(engagement, role)


@router.post(
    "/engagements/{engagement_id}/complete/",
    response={200: EngagementOut, **ERRORS},
    summary="Close an engagement as completed (certificates are issued)",
)
def complete_engagement(request, engagement_id: int, payload: CompleteIn):
    return _close(request, engagement_id, {**payload.dict(), "outcome": "completed"})


@router.post(
    "/engagements/{engagement_id}/close/",
    response={200: EngagementOut, **ERRORS},
    summary="Close an engagement as completed or not completed",
)
def close_engagement(request, engagement_id: int, payload: CloseIn):
    return _close(request, engagement_id, payload.dict())


def _close(request, engagement_id: int, values: dict) -> dict:
    """Both closing endpoints: the web's close form validates, the same service closes."""
    engagement, role = engagement_for(request, engagement_id, org_side=True, scope=WRITE_SCOPE)
    form = forms.CloseForm(data={**values, "beneficiaries_reached": _count_text(values.get("beneficiaries_reached"))})
    validated_as(form)
    services.close_engagement(engagement=engagement, by=request.user, **form.close_values())
    return engagement_out(engagement, role)


@router.post(
    "/engagements/{engagement_id}/withdraw/",
    response={200: EngagementOut, **ERRORS},
    summary="Withdraw from your engagement (the volunteer)",
)
def withdraw(request, engagement_id: int, payload: EngagementWithdrawIn):
    engagement, role = engagement_for(request, engagement_id, volunteer=True, scope=None)
    data = validated_as(forms.WithdrawForm(data={"category": payload.category, "note": payload.reason}), {"note": "reason"})
    services.withdraw_engagement(engagement=engagement, by=request.user, reason=data["note"], category=data["category"])
    return engagement_out(engagement, role)


@router.get(
    "/engagements/{engagement_id}/reports/",
    response={200: Page[WeeklyReportOut], **ERRORS},
    summary="The engagement's weekly reports, newest week first",
)
def list_reports(request, engagement_id: int, query: Query[PageQuery]):
    engagement, _role = engagement_for(request, engagement_id)
    reports = engagement.weekly_reports.order_by("-week_start", "-pk")
    return paginate(reports, query, WeeklyReportOut.from_orm)


@router.post(
    "/engagements/{engagement_id}/reports/",
    response={201: WeeklyReportOut, **ERRORS},
    summary="Send the weekly report (the volunteer)",
)
def submit_report(request, engagement_id: int, payload: WeeklyReportIn):
    engagement, _role = engagement_for(request, engagement_id, volunteer=True, scope=None)
    data = validated_as(forms.WeeklyReportForm(data=payload.dict()))
    report = services.submit_weekly_report(
        engagement=engagement, by=request.user, week_of=data["week_of"], done=data["done"], next=data["next"],
        blockers=data["blockers"], hours_spent=data["hours_spent"],
    )
    return Status(201, WeeklyReportOut.from_orm(report))




# --- work items: the tasks and the final deliverable, started, submitted and reviewed ------------


class WorkItemOut(Schema):
    id: int
    kind: str
    kind_display: str
    title: str
    details: str
    due_on: dt.date | None
    status: str
    status_display: str
    review_comment: str
    reviewed_at: dt.datetime | None
    last_link: str = Field(..., description="The link of the latest submission, if any.")

    resolve_kind_display = display("kind")
    resolve_status_display = display("status")
    resolve_last_link = resolver("last_link", lambda item, _context: _last_link(item))


class SubmitWorkIn(Schema):
    link: str = Field(..., max_length=500, description="Where the work is (files are uploaded on the web workspace).")
    note: str = Field("", max_length=2000)
    early_reason: str = Field(
        "", max_length=2000,
        description="For the final deliverable while some tasks have not started: why it comes first (else refused, code tasks_first).",
    )


class ReviewWorkIn(Schema):
    decision: str = Field(..., max_length=20, description='"accept" or "changes".')
    comment: str = Field("", max_length=2000)


def _last_link(item: WorkItem) -> str:
    latest = max(item.submissions.all(), key=lambda submission: submission.pk, default=None)
    return latest.link if latest else ""


def _item_out(item: WorkItem) -> WorkItemOut:
    return WorkItemOut.from_orm(item)


def _item_for(engagement: Engagement, item_id: int) -> WorkItem:
    return get_object_or_404(WorkItem.objects.prefetch_related("submissions"), engagement=engagement, pk=item_id)


@router.get(
    "/engagements/{engagement_id}/work-items/",
    response={200: list[WorkItemOut], **ERRORS},
    summary="The engagement's tasks and final deliverable with their review state",
    description="Tasks by due date, then the final deliverable (handed in once every task has started, or with an early_reason).",
)
def list_work_items(request, engagement_id: int):
    engagement, _role = engagement_for(request, engagement_id)
    items = engagement.work_items.prefetch_related("submissions").order_by("-kind", "due_on", "pk")  # "task" > "deliverable"
    return [_item_out(item) for item in items]


@router.post(
    "/engagements/{engagement_id}/work-items/{item_id}/start/",
    response={200: WorkItemOut, **ERRORS},
    summary="Start a task (the volunteer)",
)
def start_work_item(request, engagement_id: int, item_id: int):
    engagement, _role = engagement_for(request, engagement_id, volunteer=True, scope=None)
    item = _item_for(engagement, item_id)
    services.start_work(item=item, by=request.user)
    return _item_out(_item_for(engagement, item_id))


@router.post(
    "/engagements/{engagement_id}/work-items/{item_id}/submit/",
    response={200: WorkItemOut, **ERRORS},
    summary="Hand in a task or the final deliverable as a link (the volunteer)",
)
def submit_work_item(request, engagement_id: int, item_id: int, payload: SubmitWorkIn):
    engagement, _role = engagement_for(request, engagement_id, volunteer=True, scope=None)
    item = _item_for(engagement, item_id)
    data = validated_as(forms.SubmitWorkForm(data={"link": payload.link, "note": payload.note}))
    services.submit_work(item=item, by=request.user, link=data["link"], note=data["note"], early_reason=payload.early_reason)
    return _item_out(_item_for(engagement, item_id))


@router.post(
    "/engagements/{engagement_id}/work-items/{item_id}/review/",
    response={200: WorkItemOut, **ERRORS},
    summary="Accept submitted work or ask for changes (the organization)",
)
def review_work_item(request, engagement_id: int, item_id: int, payload: ReviewWorkIn):
    engagement, _role = engagement_for(request, engagement_id, org_side=True, scope=WRITE_SCOPE)
    item = _item_for(engagement, item_id)
    data = validated_as(forms.ReviewForm(data={"decision": payload.decision, "comment": payload.comment}))
    services.review_work(item=item, by=request.user, accept=data["decision"] == "accept", comment=data["comment"])
    return _item_out(_item_for(engagement, item_id))
