"""Training: the public catalogue, volunteers' completions, the organization's confirmations and
the courses an opportunity requires. Same access (khibra.training.access), forms and services as
the training pages."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import completion_for_reviewer, member_object
from khibra.api.auth import optional_bearer, require_personal
from khibra.api.errors import ERRORS
from khibra.api.forms import validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, ref
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import active_membership
from khibra.recruitment.access import get_volunteer_profile
from khibra.training import selectors, services
from khibra.training.forms import CompletionForm, DecisionForm
from khibra.training.models import Course, CourseCompletion

router = Router(tags=["training"])

MAX_ID = 2**31 - 1
DECIDE_SCOPE = "programs:write"
READ_SCOPE = "opportunities:read"
WRITE_SCOPE = "opportunities:write"


class TrainingCourseOut(Schema):
    id: int
    title: str = Field(..., description="In the caller's language, else the other one.")
    title_ar: str
    title_en: str
    description: str
    field: Ref
    specialty: str
    delivery: str = Field(..., description="internal (given by the organization) or external (a link to another provider).")
    delivery_display: str
    url: str
    duration_hours: float
    provider: Ref | None = Field(..., description="The organization giving it; null for the platform's own catalogue.")
    is_active: bool


class TrainingVolunteerOut(Schema):
    id: int
    full_name: str


class TrainingCompletionOut(Schema):
    id: int
    course: Ref
    volunteer: TrainingVolunteerOut
    completed_on: dt.date
    status: str = Field(..., description="self_declared, confirmed or rejected.")
    status_display: str
    evidence_url: str
    decided_at: dt.datetime | None
    note: str
    created_at: dt.datetime


class TrainingCatalogueQuery(Schema):
    field: int | None = Field(None, ge=1, le=MAX_ID, description="A field id (GET /reference/fields/).")
    q: str = Field("", max_length=100, description="Words in Arabic or English.")


class TrainingCompletionIn(Schema):
    completed_on: str = Field(..., max_length=20, description="Gregorian (2026-03-15) or Hijri (1447-09-15); not in the future.")
    evidence_url: str = Field("", max_length=500, description="Optional: a link to the certificate or record.")


class TrainingDecisionIn(Schema):
    note: str = Field("", max_length=1000, description="A note to the volunteer; required to reject.")


class TrainingRequirementIn(Schema):
    course_id: int = Field(..., ge=1, le=MAX_ID)


def course_out(course: Course) -> dict:
    return {
        "id": course.pk,
        "title": course.title,
        "title_ar": course.title_ar,
        "title_en": course.title_en,
        "description": course.description,
        "field": ref(course.field),
        "specialty": course.specialty,
        "delivery": course.delivery,
        "delivery_display": str(course.get_delivery_display()),
        "url": course.url,
        "duration_hours": float(course.duration_hours),
        "provider": ref(course.provider),
        "is_active": course.is_active,
    }


def completion_out(completion: CourseCompletion) -> dict:
    return {
        "id": completion.pk,
        "course": {"id": completion.course_id, "name": completion.course.title},
        "volunteer": {"id": completion.volunteer_id, "full_name": completion.volunteer.user.full_name},
        "completed_on": completion.completed_on,
        "status": completion.status,
        "status_display": str(completion.get_status_display()),
        "evidence_url": completion.evidence_url,
        "decided_at": completion.confirmed_at,
        "note": completion.note,
        "created_at": completion.created_at,
    }


def _fresh_completion(completion: CourseCompletion) -> dict:
    return completion_out(CourseCompletion.objects.select_related("course", "volunteer__user").get(pk=completion.pk))


# --- the catalogue --------------------------------------------------------------------------------


@router.get(
    "/training/courses/",
    auth=optional_bearer,
    response={200: Page[TrainingCourseOut], **ERRORS},
    summary="The public catalogue of training courses, by field and words",
)
def list_courses(request, filters: Query[TrainingCatalogueQuery], query: Query[PageQuery]):
    field = None
    if filters.field is not None:
        from khibra.reference.models import Field as ReferenceField

        field = ReferenceField.objects.active().filter(pk=filters.field).first()
        if field is None:
            return paginate(Course.objects.none(), query, course_out)
    return paginate(selectors.catalogue(field=field, q=filters.q), query, course_out)


@router.get(
    "/training/courses/{course_id}/", auth=optional_bearer, response={200: TrainingCourseOut, **ERRORS}, summary="One course of the catalogue"
)
def get_course(request, course_id: int):
    return course_out(get_object_or_404(Course.objects.catalogue().select_related("field", "provider"), pk=course_id))


@router.post(
    "/training/courses/{course_id}/completions/",
    response={201: TrainingCompletionOut, **ERRORS},
    summary="Record that you completed a course (self-declared; the course's organization may confirm it)",
)
def declare_completion(request, course_id: int, payload: TrainingCompletionIn):
    require_personal(request)
    course = get_object_or_404(Course.objects.catalogue(), pk=course_id)
    get_volunteer_profile(request.user)  # 404 for users without a volunteer profile
    values = validated(CompletionForm(data=payload.dict()))
    completion = services.declare_completion(course=course, by=request.user, **values)
    return Status(201, _fresh_completion(completion))


@router.get("/me/training/", response={200: Page[TrainingCompletionOut], **ERRORS}, summary="Your course completions")
def my_training(request, query: Query[PageQuery]):
    require_personal(request)
    profile = get_volunteer_profile(request.user)
    return paginate(selectors.completions_of(profile).select_related("volunteer__user"), query, completion_out)


# --- confirmations (the course's organization, or platform staff) ------------------------------------


@router.post(
    "/training/completions/{completion_id}/confirm/",
    response={200: TrainingCompletionOut, **ERRORS},
    summary="Confirm a volunteer's completion of one of your organization's courses",
)
def confirm_completion(request, completion_id: int, payload: TrainingDecisionIn):
    completion = completion_for_reviewer(request, completion_id, scope=DECIDE_SCOPE)
    values = validated(DecisionForm(data=payload.dict()))
    return _fresh_completion(services.confirm_completion(completion=completion, by=request.user, **values))


@router.post(
    "/training/completions/{completion_id}/reject/",
    response={200: TrainingCompletionOut, **ERRORS},
    summary="Do not confirm a completion (with a note to the volunteer)",
)
def reject_completion(request, completion_id: int, payload: TrainingDecisionIn):
    completion = completion_for_reviewer(request, completion_id, scope=DECIDE_SCOPE)
    values = validated(DecisionForm(data=payload.dict()))
    return _fresh_completion(services.reject_completion(completion=completion, by=request.user, **values))


# --- an opportunity's required courses ----------------------------------------------------------------


@router.get(
    "/opportunities/{opportunity_id}/required-courses/",
    auth=optional_bearer,
    response={200: Page[TrainingCourseOut], **ERRORS},
    summary="The courses to complete before applying (public for published opportunities; members see every status)",
)
def list_required_courses(request, opportunity_id: int, query: Query[PageQuery]):
    opportunity = Opportunity.objects.select_related("organization").filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    if active_membership(opportunity.organization, request.user) is not None:
        _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_member, opportunity_id, scope=READ_SCOPE
    )
    else:
        opportunity = get_public_opportunity(opportunity_id)
    return paginate(selectors.required_courses(opportunity), query, course_out)


@router.post(
    "/opportunities/{opportunity_id}/required-courses/",
    response={200: TrainingCourseOut, 201: TrainingCourseOut, **ERRORS},
    summary="Require a course before applying (201; 200 when it was already required)",
)
def add_required_course(request, opportunity_id: int, payload: TrainingRequirementIn):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_member, opportunity_id, scope=WRITE_SCOPE, manage=True
    )
    course = Course.objects.select_related("field", "provider").filter(pk=payload.course_id).first()
    if course is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"course_id": _("Choose an active course from the catalogue.")})
    _requirement, created = services.require_course(opportunity=opportunity, course=course, by=request.user)
    return Status(201 if created else 200, course_out(course))


@router.delete(
    "/opportunities/{opportunity_id}/required-courses/{course_id}/",
    response={204: None, **ERRORS},
    summary="Stop requiring a course",
)
def remove_required_course(request, opportunity_id: int, course_id: int):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_member, opportunity_id, scope=WRITE_SCOPE, manage=True
    )
    course = get_object_or_404(Course, pk=course_id, opportunity_requirements__opportunity=opportunity)
    services.unrequire_course(opportunity=opportunity, course=course, by=request.user)
    return Status(204, None)
