"""Programs of non-profits: the nine-step tracker, the needs assessment (step 1) and the readiness
check (step 5). The same access rules (programs.access), forms and services as the web pages.

Scopes for organization API keys: programs:read to read, programs:write to change.
"""


from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from khibra.api.access import member_object
from khibra.api.auth import require_scope
from khibra.api.errors import ERRORS, ApiError
from khibra.api.forms import validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.programs import access, readiness, services
from khibra.programs.forms import NeedForm, ProgramForm, QuestionsForm, ReadinessForm
from khibra.programs.models import Need, NeedsAssessment, NeedStatus, Program, StepStatus, Suitability
from khibra.programs.steps import step_states

from .program_shapes import (
    NeedIn,
    NeedOut,
    NeedPatch,
    NeedsAssessmentOut,
    NeedsQuery,
    ProgramDetailOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    QuestionsIn,
    ReadinessIn,
    ReadinessOut,
)

router = Router(tags=["programs"])

READ = "programs:read"
WRITE = "programs:write"


# --- output ------------------------------------------------------------------------------------


def _program_out(program: Program) -> dict:
    return ProgramOut.from_orm(program).model_dump()


def _plan_out(plan) -> dict | None:
    if plan is None:
        return None
    return {
        "responsible": plan.responsible,
        "responsible_user": plan.responsible_user_id,
        "method": plan.method,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "manual_status": plan.manual_status,
    }


def _program_detail(program: Program, membership) -> dict:
    states = step_states(program)
    return {
        **_program_out(program),
        "can_manage": services.can_run_programs(program.organization, membership),
        "steps_done": sum(1 for state in states if state.status == StepStatus.DONE),
        "steps": [
            {
                "number": state.number,
                "title": str(state.title),
                "description": str(state.description),
                "status": state.status,
                "status_display": str(state.status_label),
                "missing": [str(text) for text in state.missing],
                "skipped": state.skipped,
                "plan": _plan_out(state.plan),
            }
            for state in states
        ],
    }


def need_out(need: Need) -> NeedOut:
    return NeedOut.from_orm(need)


def _assessment_out(program: Program) -> dict:
    assessment = NeedsAssessment.objects.filter(program=program).first()
    counts = Need.objects.filter(program=program).aggregate(
        listed=Count("pk", filter=Q(status=NeedStatus.ACCEPTED)),
        undecided=Count("pk", filter=Q(status=NeedStatus.ACCEPTED, suitability=Suitability.UNDECIDED)),
        waiting=Count("pk", filter=Q(status=NeedStatus.SUBMITTED)),
    )
    completed = assessment is not None and assessment.completed_at is not None
    gaps = (
        []
        if completed
        else services.assessment_gaps(assessment=assessment, listed=counts["listed"], undecided=counts["undecided"])
    )
    return {
        "program": program.pk,
        **{name: getattr(assessment, name, "") for name in services.QUESTION_FIELDS},
        "listed": counts["listed"],
        "waiting": counts["waiting"],
        "completed_at": assessment.completed_at if assessment else None,
        "gaps": [str(gap) for gap in gaps],
    }


def _readiness_out(program: Program) -> dict:
    answers = readiness.answers_of(program)
    verdict = readiness.verdict_from(answers)
    assessed_at = program.readiness.updated_at if hasattr(program, "readiness") and answers else None
    return {
        "program": program.pk,
        "ready": verdict.ready,
        "score": verdict.score,
        "ready_score": readiness.READY_SCORE,
        "answered": verdict.answered,
        "total": verdict.total,
        "criteria": [
            {
                "code": criterion.code,
                "title": str(criterion.title),
                "help_text": str(criterion.help_text),
                "answer": answers[criterion.code].answer if criterion.code in answers else None,
                "note": answers[criterion.code].note if criterion.code in answers else "",
            }
            for criterion in readiness.CRITERIA
        ],
        "fix_first": [
            {"code": code, "title": str(title), "answer": answer, "note": note} for code, title, answer, note in verdict.fix_first
        ],
        "assessed_at": assessed_at,
    }


def _form_data(payload: Schema) -> dict:
    return {name: ("" if value is None else value) for name, value in payload.dict(exclude_unset=True).items()}


def _merged(initial: dict, payload: Schema) -> dict:
    data = {name: ("" if value is None else value) for name, value in initial.items()}
    data.update(_form_data(payload))
    return data


# --- programs ----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/programs/",
    response={200: Page[ProgramOut], **ERRORS},
    summary="The organization's programs (supervisors see the ones they take part in)",
)
def list_programs(request, organization_id: int, query: Query[PageQuery]):
    organization, membership = access.get_organization_for_programs(request.user, organization_id=organization_id)
    require_scope(request, READ, organization)
    programs = (
        access.visible_programs(organization, membership, request.user)
        .select_related("organization")
        .order_by("-starts_on", "name", "pk")
    )
    return paginate(programs, query, _program_out)


@router.post(
    "/organizations/{organization_id}/programs/",
    response={201: ProgramDetailOut, **ERRORS},
    summary="Create a program (admins and volunteer managers)",
)
def create_program(request, organization_id: int, payload: ProgramIn):
    organization, membership = access.get_organization_for_programs(
        request.user, organization_id=organization_id, manage=True
    )
    require_scope(request, WRITE, organization)
    cleaned = validated(ProgramForm(data=_form_data(payload)))
    program = services.create_program(organization=organization, by=request.user, **cleaned)
    return Status(201, _program_detail(program, membership))


@router.get(
    "/programs/{program_id}/",
    response={200: ProgramDetailOut, **ERRORS},
    summary="One program with the status of its nine steps",
)
def get_program(request, program_id: int):
    _organization, membership, program = member_object(request, access.get_program_for_member, program_id, scope=READ)
    return _program_detail(program, membership)


@router.patch(
    "/programs/{program_id}/",
    response={200: ProgramDetailOut, **ERRORS},
    summary="Edit a program (admins and volunteer managers)",
)
def update_program(request, program_id: int, payload: ProgramPatch):
    _organization, membership, program = member_object(
        request, access.get_program_for_member, program_id, scope=WRITE, manage=True
    )
    form = ProgramForm(data=_merged(ProgramForm(program=program).initial, payload), program=program)
    cleaned = validated(form)
    program = services.update_program(program=program, by=request.user, **cleaned)
    return _program_detail(program, membership)


# --- step 1: needs -------------------------------------------------------------------------------


@router.get("/programs/{program_id}/needs/", response={200: Page[NeedOut], **ERRORS}, summary="The program's needs")
def list_needs(request, program_id: int, filters: Query[NeedsQuery], query: Query[PageQuery]):
    _organization, _membership, program = member_object(request, access.get_program_for_member, program_id, scope=READ)
    needs = Need.objects.filter(program=program).select_related("field")
    if filters.status:
        needs = needs.filter(status=filters.status)
    else:
        needs = needs.filter(status__in=[NeedStatus.ACCEPTED, NeedStatus.SUBMITTED])
    return paginate(needs.order_by("priority", "created_at", "pk"), query, need_out)


@router.post(
    "/programs/{program_id}/needs/",
    response={201: NeedOut, **ERRORS},
    summary="Add a need (managers) or submit one for a decision (other members)",
    description=(
        "Admins and volunteer managers put the need straight on the list, after the last one. Any other "
        "member (a department) submits it for the volunteer manager to accept or decline; for them "
        "suitability, paid_staff_reason and suitability_note are not taken."
    ),
)
def add_need(request, program_id: int, payload: NeedIn):
    organization, membership, program = member_object(
        request, access.get_program_for_submitter, program_id, scope=WRITE
    )
    # What the web's blank form holds before anyone types (suitability, volunteers, mode), then the payload.
    data = {name: item.initial for name, item in NeedForm.base_fields.items() if item.initial is not None}
    data.update(_form_data(payload))
    if services.can_run_programs(organization, membership):
        _org, _membership, program = access.get_program_for_member(request.user, program_id, manage=True)
        cleaned = validated(NeedForm(data=data))
        need = services.add_need(program=program, by=request.user, **cleaned)
    else:
        cleaned = validated(NeedForm(data=data, submit=True))
        need = services.submit_need(program=program, by=request.user, **cleaned)
    return Status(201, need_out(need))


@router.patch(
    "/needs/{need_id}/",
    response={200: NeedOut, **ERRORS},
    summary="Edit a need (admins and volunteer managers)",
)
def update_need(request, need_id: int, payload: NeedPatch):
    *_found, need = member_object(request, access.get_need_for_manager, need_id, scope=WRITE)
    if need.status not in (NeedStatus.ACCEPTED, NeedStatus.SUBMITTED):
        raise Http404
    form = NeedForm(data=_merged(NeedForm(need=need).initial, payload), need=need)
    cleaned = validated(form)
    need = services.update_need(need=need, by=request.user, **cleaned)
    return need_out(need)


@router.post(
    "/needs/{need_id}/accept/",
    response={200: NeedOut, **ERRORS},
    summary="Put a submitted need on the list (admins and volunteer managers)",
)
def accept_need(request, need_id: int):
    *_found, need = member_object(request, access.get_need_for_manager, need_id, scope=WRITE)
    need = services.accept_need(need=need, by=request.user)
    return need_out(need)


@router.post(
    "/needs/{need_id}/decline/",
    response={200: NeedOut, **ERRORS},
    summary="Decline a need (admins and volunteer managers)",
)
def decline_need(request, need_id: int):
    *_found, need = member_object(request, access.get_need_for_manager, need_id, scope=WRITE)
    need = services.decline_need(need=need, by=request.user)
    return need_out(need)


@router.get(
    "/programs/{program_id}/needs-assessment/",
    response={200: NeedsAssessmentOut, **ERRORS},
    summary="Step 1's guiding questions and what is left before completing it",
)
def get_needs_assessment(request, program_id: int):
    _organization, _membership, program = member_object(request, access.get_program_for_member, program_id, scope=READ)
    return _assessment_out(program)


@router.put(
    "/programs/{program_id}/needs-assessment/",
    response={200: NeedsAssessmentOut, **ERRORS},
    summary="Answer step 1's four guiding questions (admins and volunteer managers)",
)
def save_needs_assessment(request, program_id: int, payload: QuestionsIn):
    _organization, _membership, program = member_object(
        request, access.get_program_for_member, program_id, scope=WRITE, manage=True
    )
    cleaned = validated(QuestionsForm(data=payload.dict()))
    services.save_needs_assessment(program=program, by=request.user, **cleaned)
    return _assessment_out(program)


@router.post(
    "/programs/{program_id}/needs-assessment/complete/",
    response={200: NeedsAssessmentOut, **ERRORS},
    summary="Mark the needs assessment complete (admins and volunteer managers)",
)
def complete_needs_assessment(request, program_id: int):
    _organization, _membership, program = member_object(
        request, access.get_program_for_member, program_id, scope=WRITE, manage=True
    )
    services.complete_needs_assessment(program=program, by=request.user)
    return _assessment_out(program)


# --- step 5: readiness ---------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/readiness/",
    response={200: ReadinessOut, **ERRORS},
    summary="The readiness check (step 5): answers, score and verdict",
)
def get_readiness(request, program_id: int):
    _organization, _membership, program = member_object(request, access.get_program_for_member, program_id, scope=READ)
    return _readiness_out(program)


@router.put(
    "/programs/{program_id}/readiness/",
    response={200: ReadinessOut, **ERRORS},
    summary="Replace the readiness answers (admins and volunteer managers)",
)
def save_readiness(request, program_id: int, payload: ReadinessIn):
    _organization, _membership, program = member_object(
        request, access.get_program_for_member, program_id, scope=WRITE, manage=True
    )
    unknown = sorted(set(payload.answers) - set(readiness.CRITERIA_BY_CODE))
    if unknown:
        message = _("Unknown readiness criterion.")
        raise ApiError(400, "validation_error", message, {f"answers.{code[:40]}": [message] for code in unknown[:20]})
    data = {}
    for code, item in payload.answers.items():
        data[f"{code}-answer"] = item.answer
        data[f"{code}-note"] = item.note
    form = ReadinessForm(data=data)
    if not form.is_valid():
        fields = {}
        for name, errors in form.errors.items():
            code, _dash, part = name.rpartition("-")
            fields[f"answers.{code}.{part}" if code else name] = [str(error) for error in errors]
        raise ApiError(400, "validation_error", _("Some fields need correcting."), fields)
    services.save_readiness(program=program, answers=form.answers(), by=request.user)
    program = Program.objects.select_related("organization").get(pk=program.pk)
    return _readiness_out(program)
