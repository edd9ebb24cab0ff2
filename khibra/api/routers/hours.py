"""Hours: the volunteer logs and corrects them, the organization approves or returns them. Same
access (khibra.hours.access), form (HourEntryForm) and services as the hours pages."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import organization_for_member
from khibra.api.auth import require_personal, require_scope
from khibra.api.errors import ERRORS
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.routers.engagements import Number, VolunteerBrief, validated_as
from khibra.api.schemas import Ref, display, resolver
from khibra.hours import access, services
from khibra.hours.forms import HourEntryForm
from khibra.hours.models import HourEntry, HourStatus

router = Router(tags=["hours"])

WRITE_SCOPE = "engagements:write"
# The review queue and the hours of an engagement are read with either scope.
READ_SCOPES = ("reports:read", "engagements:write")

MAX_ID = 2**31 - 1


class HourEntryOut(Schema):
    id: int
    engagement_id: int
    opportunity: Ref
    volunteer: VolunteerBrief
    date: dt.date
    hours: float
    task: Ref | None
    note: str
    status: str
    status_display: str
    return_reason: str
    over_plan: bool = Field(..., description="Far over the weekly plan, logged after the volunteer confirmed it.")
    editable: bool = Field(..., description="The volunteer may still correct or delete it (not yet approved).")
    reviewed_at: dt.datetime | None
    created_at: dt.datetime

    resolve_opportunity = resolver(
        "opportunity", lambda entry, _context: {"id": entry.opportunity_id, "name": entry.opportunity.title}
    )
    resolve_hours = resolver("hours", lambda entry, _context: float(entry.hours))
    resolve_task = resolver(
        "task", lambda entry, _context: {"id": entry.task.pk, "name": entry.task.title} if entry.task_id else None
    )
    resolve_status_display = display("status")
    resolve_editable = resolver("editable", lambda entry, _context: entry.is_editable)


class HourEntryIn(Schema):
    date: str = Field(..., max_length=20, description="Gregorian (2026-03-15) or Hijri (1447-09-15).")
    hours: Number = Field(..., description="From 0.25 to 24, e.g. 2.5.")
    task: int | None = Field(None, ge=1, le=MAX_ID, description="One of the opportunity's tasks.")
    note: str = Field("", max_length=1000)
    confirm_over_plan: bool = Field(False, description="Confirm a figure far over the weekly plan.")


class HourEntryPatch(Schema):
    date: str | None = Field(None, max_length=20)
    hours: Number | None = None
    task: int | None = Field(None, ge=1, le=MAX_ID)
    note: str | None = Field(None, max_length=1000)
    confirm_over_plan: bool = False


class ReturnIn(Schema):
    reason: str = Field(..., max_length=1000, description="Why the hours are returned, so the volunteer can correct them.")


class QueueQuery(Schema):
    status: Literal["pending", "submitted", "approved", "returned"] | None = Field(
        None, description="pending (= submitted, the approval queue), approved or returned; all when absent."
    )
    engagement: int | None = Field(None, ge=1, le=MAX_ID, description="Only this engagement's hours.")


def entry_out(entry: HourEntry) -> HourEntryOut:
    return HourEntryOut.from_orm(entry)


def _entries(queryset):
    return queryset.select_related("opportunity", "volunteer__user", "task")


def _fresh(entry: HourEntry) -> HourEntryOut:
    return entry_out(_entries(HourEntry.objects.filter(pk=entry.pk)).get())


def _require_any_scope(request, scopes, organization) -> None:
    """An organization's key needs one of `scopes` (and to be the organization's)."""
    first = None
    for scope in scopes:
        try:
            require_scope(request, scope, organization)
            return
        except PermissionDenied as error:
            first = first or error
    raise first


def _form(engagement, data: dict) -> dict:
    form = HourEntryForm(data=data, engagement=engagement)
    validated_as(form)
    return form.service_values()


# --- the engagement's hours ---------------------------------------------------------------------


@router.get(
    "/engagements/{engagement_id}/hours/",
    response={200: Page[HourEntryOut], **ERRORS},
    summary="The engagement's hours (the volunteer, or a reviewer of the organization)",
)
def engagement_hours(request, engagement_id: int, query: Query[PageQuery]):
    engagement, is_volunteer, _membership = access.get_engagement_for_hours(request.user, engagement_id)
    if not is_volunteer:
        _require_any_scope(request, READ_SCOPES, engagement.opportunity.organization)
    else:
        require_personal(request)
    return paginate(_entries(HourEntry.objects.filter(engagement=engagement)).order_by("-date", "-pk"), query, entry_out)


@router.post(
    "/engagements/{engagement_id}/hours/",
    response={201: HourEntryOut, **ERRORS},
    summary="Log hours on your engagement (the volunteer)",
)
def log_hours(request, engagement_id: int, payload: HourEntryIn):
    require_personal(request)
    engagement, is_volunteer, _membership = access.get_engagement_for_hours(request.user, engagement_id)
    if not is_volunteer:
        raise PermissionDenied(_("Only the volunteer of this engagement can log its hours."))
    values = _form(engagement, payload.dict())
    entry = services.log_hours(engagement=engagement, by=request.user, **values)
    return Status(201, _fresh(entry))


# --- one entry ----------------------------------------------------------------------------------


@router.get("/hours/{entry_id}/", response={200: HourEntryOut, **ERRORS}, summary="One hours entry")
def get_entry(request, entry_id: int):
    entry, reviewer = access.get_entry_for_viewer(request.user, entry_id)
    if reviewer is None:
        require_personal(request)
    else:
        _require_any_scope(request, READ_SCOPES, entry.organization)
    return _fresh(entry)


@router.patch(
    "/hours/{entry_id}/",
    response={200: HourEntryOut, **ERRORS},
    summary="Correct your hours while they are not approved (returned hours go back for approval)",
)
def update_entry(request, entry_id: int, payload: HourEntryPatch):
    require_personal(request)
    entry, reviewer = access.get_entry_for_viewer(request.user, entry_id)
    if reviewer is not None:
        raise PermissionDenied(_("Only the volunteer of this engagement can log its hours."))
    data = {"date": entry.date.isoformat(), "hours": str(entry.hours), "task": entry.task_id, "note": entry.note}
    data.update({key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None or key == "task"})
    data["confirm_over_plan"] = payload.confirm_over_plan
    values = _form(entry.engagement, data)
    entry = services.update_hours(entry=entry, by=request.user, **values)
    return _fresh(entry)


@router.delete("/hours/{entry_id}/", response={204: None, **ERRORS}, summary="Delete your hours while they are not approved")
def delete_entry(request, entry_id: int):
    require_personal(request)
    entry, reviewer = access.get_entry_for_viewer(request.user, entry_id)
    if reviewer is not None:
        raise PermissionDenied(_("Only the volunteer of this engagement can log its hours."))
    services.delete_hours(entry=entry, by=request.user)
    return Status(204, None)


@router.post("/hours/{entry_id}/approve/", response={200: HourEntryOut, **ERRORS}, summary="Approve hours (final)")
def approve_entry(request, entry_id: int):
    entry, reviewer = access.get_entry_for_viewer(request.user, entry_id)
    if reviewer is None:
        raise PermissionDenied(_("You cannot review your own hours."))
    require_scope(request, WRITE_SCOPE, entry.organization)
    entry = services.approve_hours(entry=entry, by=request.user)
    return _fresh(entry)


@router.post(
    "/hours/{entry_id}/return/",
    response={200: HourEntryOut, **ERRORS},
    summary="Return hours to the volunteer for correction, with the reason",
)
def return_entry(request, entry_id: int, payload: ReturnIn):
    entry, reviewer = access.get_entry_for_viewer(request.user, entry_id)
    if reviewer is None:
        raise PermissionDenied(_("You cannot review your own hours."))
    require_scope(request, WRITE_SCOPE, entry.organization)
    entry = services.return_hours(entry=entry, by=request.user, reason=payload.reason)
    return _fresh(entry)


# --- the organization's queue -------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/hours/",
    response={200: Page[HourEntryOut], **ERRORS},
    summary="The hours this member reviews (?status=pending: the approval queue), oldest first",
)
def organization_hours(request, organization_id: int, query: Query[PageQuery], filters: Query[QueueQuery]):
    organization, membership = organization_for_member(request, organization_id)
    # As the web's queue: members who review nothing learn nothing.
    if not membership.can_manage and not organization.opportunities.filter(supervisor=request.user).exists():
        raise Http404
    _require_any_scope(request, READ_SCOPES, organization)
    entries = access.reviewable_entries(request.user, membership)
    if filters.status:
        entries = entries.filter(status=HourStatus.SUBMITTED if filters.status == "pending" else filters.status)
    if filters.engagement:
        entries = entries.filter(engagement_id=filters.engagement)
    return paginate(_entries(entries).order_by("date", "pk"), query, entry_out)
