"""Applications: applying and withdrawing (the volunteer), the selection board's decisions (the
organization). See khibra/api/__init__.py. Same forms, services and access rules as the pages of
selection (views/selection.py); the reason for passing on an applicant is never shown to them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import member_object, organization_for_member
from khibra.api.auth import principal, require_personal
from khibra.api.errors import ERRORS, ApiError
from khibra.api.forms import form_error, validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, ref
from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.recruitment import access, selectors
from khibra.recruitment.forms.applications import ApplyForm, InterviewForm, RejectForm, WithdrawForm
from khibra.recruitment.models import ALLOWED_FROM, Application, ApplicationStatus, Interview, InterviewMode, PassReason
from khibra.recruitment.services import applications as services
from khibra.volunteers.models import Level, VolunteerProfile

router = Router(tags=["applications"])


# --- shapes ----------------------------------------------------------------------------------------


class ApplicationOpportunity(Schema):
    id: int
    title: str
    organization: Ref


class Applicant(Schema):
    id: int
    full_name: str
    level: str
    level_display: str
    city: Ref | None
    profession: Ref | None
    years_of_experience: int


class AnswerOut(Schema):
    question_id: int
    question: str
    answer: str


class InterviewOut(Schema):
    id: int
    scheduled_at: dt.datetime
    mode: str
    mode_display: str
    location: str
    meeting_link: str


class ApplicationOut(Schema):
    id: int
    status: str
    status_display: str
    opportunity: ApplicationOpportunity
    volunteer: Applicant
    motivation: str
    answers: list[AnswerOut]
    availability_confirmed: bool
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    decided_at: dt.datetime | None
    response_due_on: dt.date | None = Field(
        ..., description="For the organization: the last day to answer (null once answered, and for the volunteer)."
    )
    withdrawn_reason: str
    pass_reason: str | None = Field(..., description="Internal to the organization: null for the volunteer.")
    pass_reason_display: str | None
    pass_note: str | None
    interview: InterviewOut | None
    engagement_id: int | None = Field(..., description="The engagement started when the application was accepted.")
    actions: list[str] = Field(..., description="What the caller may do now: screening, interview, accept, waitlist, reject, withdraw.")


def _queryset():
    return Application.objects.select_related(
        "opportunity__organization", "volunteer__user", "volunteer__city", "volunteer__profession", "engagement"
    ).prefetch_related(
        "opportunity__screening_questions",
        Prefetch("interviews", queryset=Interview.objects.order_by("-scheduled_at", "-pk")),
    )


def _application_out(application: Application, *, for_organization: bool) -> dict:
    questions = {str(question.pk): question for question in application.opportunity.screening_questions.all()}
    interview = next(iter(application.interviews.all()), None)
    engagement = getattr(application, "engagement", None)
    volunteer = application.volunteer
    internal = for_organization and application.pass_reason
    if for_organization:
        actions = selectors.board_actions(application)
    else:
        actions = ["withdraw"] if application.status in ALLOWED_FROM["withdraw"] else []
    return {
        "id": application.pk,
        "status": application.status,
        "status_display": str(application.get_status_display()),
        "opportunity": {
            "id": application.opportunity.pk,
            "title": application.opportunity.title,
            "organization": ref(application.opportunity.organization),
        },
        "volunteer": {
            "id": volunteer.pk,
            "full_name": volunteer.user.full_name,
            "level": volunteer.level,
            "level_display": str(Level(volunteer.level).label),
            "city": ref(volunteer.city),
            "profession": ref(volunteer.profession),
            "years_of_experience": volunteer.years_of_experience,
        },
        "motivation": application.motivation,
        "answers": [
            {"question_id": int(key), "question": questions[key].text, "answer": text}
            for key, text in application.answers.items()
            if key in questions
        ],
        "availability_confirmed": application.availability_confirmed,
        "created_at": application.created_at,
        "first_response_at": application.first_response_at,
        "decided_at": application.decided_at,
        "response_due_on": selectors.response_deadline(application)
        if for_organization and application.first_response_at is None and selectors.is_pending(application)
        else None,
        "withdrawn_reason": application.withdrawn_reason,
        "pass_reason": application.pass_reason if internal else None,
        "pass_reason_display": str(PassReason(application.pass_reason).label)
        if internal and application.pass_reason in PassReason.values
        else None,
        "pass_note": application.pass_note if internal else None,
        "interview": {
            "id": interview.pk,
            "scheduled_at": interview.scheduled_at,
            "mode": interview.mode,
            "mode_display": str(interview.get_mode_display()),
            "location": interview.location,
            "meeting_link": interview.meeting_link,
        }
        if interview
        else None,
        "engagement_id": engagement.pk if engagement is not None else None,
        "actions": actions,
    }


def _reload(application: Application, *, for_organization: bool) -> dict:
    return _application_out(_queryset().get(pk=application.pk), for_organization=for_organization)


# --- access ----------------------------------------------------------------------------------------


def _volunteer_profile(request) -> VolunteerProfile | None:
    require_personal(request)
    return VolunteerProfile.objects.select_related("user").filter(user=request.user).first()


class StatusFilter(Schema):
    status: ApplicationStatus | None = Field(None, description="Only applications in this status.")


def _filtered(queryset, filters: StatusFilter):
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


# --- the volunteer's side --------------------------------------------------------------------------


class ApplyIn(Schema):
    motivation: str = Field("", max_length=3000, description="Why you fit this role.")
    answers: dict[str, str] = Field(
        default_factory=dict, max_length=50, description="Answers to the screening questions, by question id."
    )
    availability_confirmed: bool = Field(False, description="You can give the hours and dates the opportunity asks for.")
    ref: str | None = Field(
        None, max_length=20, pattern=r"^[A-Za-z0-9_-]*$", description="The code of the share link you came through."
    )
    waiting_list: bool = Field(
        False, description="The opportunity is full: join its waiting list (offered the next seat that frees up)."
    )


def _answer_field(name: str) -> str:
    """The form names an answer `answer_<id>`; the API says `answers.<id>`."""
    return f"answers.{name[len('answer_'):]}" if name.startswith("answer_") else name


def _apply_error(form: ApplyForm) -> ApiError:
    error = form_error(form)
    error.fields = {_answer_field(name): messages for name, messages in error.fields.items()}
    return error


def _blocked(blockers: list[ValidationError]) -> ApiError:
    messages = [message for blocker in blockers for message in blocker.messages]
    # Each reason's stable code too (not_open, deadline_passed, no_seats, already_applied, …).
    reasons = [getattr(error, "code", None) or "cannot_apply" for blocker in blockers for error in blocker.error_list]
    return ApiError(400, "cannot_apply", " ".join(messages), {"non_field_errors": messages, "reasons": reasons})


@router.post(
    "/opportunities/{opportunity_id}/applications/",
    response={201: ApplicationOut, **ERRORS},
    summary="Apply to a published opportunity",
)
def apply(request, opportunity_id: int, payload: ApplyIn):
    profile = _volunteer_profile(request)
    opportunity = get_public_opportunity(opportunity_id)
    if profile is None:
        raise ApiError(
            400, "profile_required", _("Create your volunteer profile before applying (PATCH /api/v1/me/profile/).")
        )
    waiting_list = payload.waiting_list and opportunity.is_full
    blockers = selectors.apply_blockers(opportunity=opportunity, volunteer=profile, waiting_list=waiting_list)
    if blockers:
        raise _blocked(blockers)
    questions = list(opportunity.screening_questions.all())
    answers = {str(key).strip(): value for key, value in payload.answers.items()}
    data = {"motivation": payload.motivation, "availability_confirmed": payload.availability_confirmed}
    data.update({f"answer_{question.pk}": answers.get(str(question.pk), "") for question in questions})
    form = ApplyForm(data=data, questions=questions)
    if not form.is_valid():
        raise _apply_error(form)
    try:
        application = services.apply(
            opportunity=opportunity,
            volunteer=profile,
            motivation=form.cleaned_data["motivation"],
            answers=form.answers(),
            availability_confirmed=form.cleaned_data["availability_confirmed"],
            source_code=(payload.ref or "").strip()[:20] or None,
            request=request,
            waiting_list=waiting_list,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise _blocked([error]) from None
        add_service_errors(form, error)
        raise _apply_error(form) from None
    return Status(201, _reload(application, for_organization=False))


@router.get(
    "/me/applications/",
    response={200: Page[ApplicationOut], **ERRORS},
    summary="Your applications, newest first",
)
def my_applications(request, query: Query[PageQuery], filters: Query[StatusFilter]):
    require_personal(request)
    applications = _filtered(_queryset().filter(volunteer__user=request.user), filters).order_by("-created_at", "-pk")
    return paginate(applications, query, lambda application: _application_out(application, for_organization=False))


class ApplicationWithdrawIn(Schema):
    reason: str = Field("", max_length=500, description="Why you are withdrawing (optional).")


@router.post(
    "/applications/{application_id}/withdraw/",
    response={200: ApplicationOut, **ERRORS},
    summary="Withdraw your application",
)
def withdraw(request, application_id: int, payload: ApplicationWithdrawIn | None = None):
    require_personal(request)
    application = access.get_application_for_volunteer(request.user, application_id)
    form = WithdrawForm(data={"reason": payload.reason if payload else ""})
    reason = validated(form)["reason"]
    services.withdraw_application(application=application, by=request.user, reason=reason)
    return _reload(application, for_organization=False)


# --- the organization's side -----------------------------------------------------------------------


@router.get(
    "/opportunities/{opportunity_id}/applications/",
    response={200: Page[ApplicationOut], **ERRORS},
    summary="The applications to one of your organization's opportunities",
)
def opportunity_applications(request, opportunity_id: int, query: Query[PageQuery], filters: Query[StatusFilter]):
    _organization, _membership, opportunity = member_object(
        request, get_opportunity_for_member, opportunity_id, scope="applications:read"
    )
    applications = _filtered(_queryset().filter(opportunity=opportunity), filters).order_by("created_at", "pk")
    return paginate(applications, query, lambda application: _application_out(application, for_organization=True))


@router.get(
    "/applications/{application_id}/",
    response={200: ApplicationOut, **ERRORS},
    summary="One application (for the applicant or the organization)",
)
def get_application(request, application_id: int):
    caller = principal(request)
    is_key = caller is not None and caller.key is not None
    application = get_object_or_404(_queryset(), pk=application_id)
    if not is_key and application.volunteer.user_id == request.user.pk:
        return _application_out(application, for_organization=False)
    organization_for_member(request, application.opportunity.organization_id, scope="applications:read")
    return _application_out(application, for_organization=True)


def _decided(request, application_id: int, decide) -> dict:
    _organization, _membership, application = member_object(
        request, access.get_application_for_manager, application_id, scope="applications:write"
    )
    decide(application)
    return _reload(application, for_organization=True)


@router.post(
    "/applications/{application_id}/screen/",
    response={200: ApplicationOut, **ERRORS},
    summary="Move an application to screening",
)
def screen(request, application_id: int):
    return _decided(
        request, application_id, lambda application: services.move_to_screening(application=application, by=request.user)
    )


@router.post(
    "/applications/{application_id}/accept/",
    response={200: ApplicationOut, **ERRORS},
    summary="Accept an applicant (takes a seat and starts the engagement)",
)
def accept(request, application_id: int):
    return _decided(
        request, application_id, lambda application: services.accept_application(application=application, by=request.user)
    )


@router.post(
    "/applications/{application_id}/waitlist/",
    response={200: ApplicationOut, **ERRORS},
    summary="Put an applicant on the waiting list",
)
def waitlist(request, application_id: int):
    return _decided(
        request, application_id, lambda application: services.waitlist_application(application=application, by=request.user)
    )


class RejectIn(Schema):
    reason_code: PassReason = Field(..., description="Why (kept inside the organization).")
    note: str = Field("", max_length=2000, description="An internal note.")


@router.post(
    "/applications/{application_id}/reject/",
    response={200: ApplicationOut, **ERRORS},
    summary="Pass on an applicant (the reason stays internal)",
)
def reject(request, application_id: int, payload: RejectIn):
    def decide(application):
        data = validated(RejectForm(data={"reason_code": payload.reason_code.value, "note": payload.note}))
        services.reject_application(application=application, by=request.user, **data)

    return _decided(request, application_id, decide)


class InterviewIn(Schema):
    date: dt.date
    time: dt.time = Field(..., description="Local time, HH:MM.")
    mode: InterviewMode
    location: str = Field("", max_length=200, description="Where, for an interview in person.")
    meeting_link: str = Field("", max_length=500, description="The link, for an online meeting.")


@router.post(
    "/applications/{application_id}/interview/",
    response={200: ApplicationOut, **ERRORS},
    summary="Schedule (or move) the applicant's interview",
)
def interview(request, application_id: int, payload: InterviewIn):
    def decide(application):
        form = InterviewForm(
            data={
                "date": payload.date,
                "time": payload.time.strftime("%H:%M"),
                "mode": payload.mode.value,
                "location": payload.location,
                "meeting_link": payload.meeting_link,
            }
        )
        validated(form)
        try:
            services.schedule_interview(application=application, by=request.user, **form.interview())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            add_service_errors(form, error)
            raise form_error(form) from None

    return _decided(request, application_id, decide)
