"""Steps 8 and 9 beyond the figures: the evidence a program's evaluation rests on (focus groups,
third-party evaluations), its lessons learned and public impact page, and the previous cycle's
lessons marked applied or not. The same access rules, forms and services as the web pages.

Scopes for organization API keys: programs:read to read, programs:write to change. Evidence files
are uploaded and downloaded on the web page only (the API records and lists the evidence itself).
"""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from khibra.api.access import member_object
from khibra.api.errors import ERRORS
from khibra.api.forms import validated
from khibra.api.schemas import Ref, ref
from khibra.evaluation import services
from khibra.evaluation.forms import EvidenceForm, LessonMarkForm, LessonsForm
from khibra.evaluation.models import CarriedLesson, EvaluationEvidence, EvidenceKind, LessonSection, ProgramLessons
from khibra.programs import access

router = Router(tags=["programs"])

READ = "programs:read"
WRITE = "programs:write"
TEXT = 4000


class CarriedLessonOut(Schema):
    id: int
    section: str = Field(..., description=f"One of: {', '.join(LessonSection.values)}.")
    text: str
    applied: bool | None = Field(..., description="null: not decided yet.")
    note: str
    decided_at: dt.datetime | None


class LessonsOut(Schema):
    program: Ref
    what_worked: str
    challenges_overcome: str
    challenges_open: str
    impact_examples: str
    advice: str
    published_at: dt.datetime | None
    public_impact: bool
    impact_page_gaps: list[str] = Field(..., description="What keeps the public impact page from being made public.")
    carried_lessons: list[CarriedLessonOut] = Field(..., description="The previous cycle's lessons, to mark applied or not.")


class LessonsIn(Schema):
    """Sections left out keep their text; `publish` publishes the lessons (at least one written)."""

    what_worked: str | None = Field(None, max_length=TEXT)
    challenges_overcome: str | None = Field(None, max_length=TEXT)
    challenges_open: str | None = Field(None, max_length=TEXT)
    impact_examples: str | None = Field(None, max_length=TEXT)
    advice: str | None = Field(None, max_length=TEXT)
    publish: bool = False


class ImpactPageIn(Schema):
    public: bool


class LessonMarkIn(Schema):
    applied: bool | None = Field(..., description="true: applied in this cycle; false: not applied; null: not decided yet.")
    note: str = Field("", max_length=500)


class EvidenceOut(Schema):
    id: int
    kind: str = Field(..., description=f"One of: {', '.join(EvidenceKind.values)}.")
    held_on: dt.date
    participants: str
    evaluator: str
    findings: str
    has_file: bool
    file_name: str
    created_at: dt.datetime


class EvidenceIn(Schema):
    kind: Literal["focus_group", "third_party"]
    held_on: dt.date
    participants: str = Field("", max_length=500, description="For a focus group: who took part and how many.")
    evaluator: str = Field("", max_length=200, description="For a third-party evaluation: who carried it out.")
    findings: str = Field(..., max_length=6000)


def _lessons_out(program) -> dict:
    lessons = ProgramLessons.objects.filter(program=program).first() or ProgramLessons(program=program)
    return {
        "program": ref(program),
        **{name: getattr(lessons, name) for name in services.LESSON_FIELDS},
        "published_at": lessons.published_at,
        "public_impact": lessons.public_impact,
        "impact_page_gaps": [str(gap) for gap in services.impact_page_gaps(program, lessons)],
        "carried_lessons": list(CarriedLesson.objects.filter(program=program).order_by("section", "pk")),
    }


def _evidence_out(item: EvaluationEvidence) -> dict:
    return {
        "id": item.pk, "kind": item.kind, "held_on": item.held_on, "participants": item.participants,
        "evaluator": item.evaluator, "findings": item.findings, "has_file": bool(item.file),
        "file_name": item.file_name, "created_at": item.created_at,
    }


def _program(request, program_id: int, *, write: bool = False):
    if write:
        return member_object(request, access.get_program_for_member, program_id, scope=WRITE, manage=True)[2]
    return member_object(request, access.get_program_for_member, program_id, scope=READ)[2]


@router.get(
    "/programs/{program_id}/lessons/",
    response={200: LessonsOut, **ERRORS},
    summary="The program's lessons learned, its public impact page and the previous cycle's lessons",
)
def get_lessons(request, program_id: int):
    return _lessons_out(_program(request, program_id))


@router.put(
    "/programs/{program_id}/lessons/",
    response={200: LessonsOut, **ERRORS},
    summary="Write the lessons learned, and publish them (admins and volunteer managers)",
)
def save_lessons(request, program_id: int, payload: LessonsIn):
    program = _program(request, program_id, write=True)
    current = ProgramLessons.objects.filter(program=program).first() or ProgramLessons(program=program)
    data = {name: getattr(current, name) for name in services.LESSON_FIELDS}
    data.update({name: value for name, value in payload.dict(exclude={"publish"}).items() if value is not None})
    cleaned = validated(LessonsForm(data=data, instance=current))
    services.save_lessons(program=program, by=request.user, publish=payload.publish, **cleaned)
    return _lessons_out(program)


@router.put(
    "/programs/{program_id}/impact-page/",
    response={200: LessonsOut, **ERRORS},
    summary="Make the public impact page public or private (admins and volunteer managers)",
    description="Public only once it tells something (a lesson section) and shows something (approved hours or beneficiaries).",
)
def set_impact_page(request, program_id: int, payload: ImpactPageIn):
    program = _program(request, program_id, write=True)
    services.set_public_impact(program=program, by=request.user, public=payload.public)
    return _lessons_out(program)


@router.put(
    "/programs/{program_id}/carried-lessons/{lesson_id}/",
    response={200: CarriedLessonOut, **ERRORS},
    summary="Mark a lesson of the previous cycle applied, not applied or undecided (admins and volunteer managers)",
)
def mark_carried_lesson(request, program_id: int, lesson_id: int, payload: LessonMarkIn):
    program = _program(request, program_id, write=True)
    lesson = get_object_or_404(CarriedLesson, program=program, pk=lesson_id)
    applied = {True: "yes", False: "no", None: ""}[payload.applied]
    form = LessonMarkForm(data={"applied": applied, "note": payload.note})
    validated(form)
    return services.mark_lesson(lesson=lesson, by=request.user, applied=form.decision(), note=form.cleaned_data["note"])


@router.get(
    "/programs/{program_id}/evidence/",
    response={200: list[EvidenceOut], **ERRORS},
    summary="The focus groups and third-party evaluations recorded for the program's evaluation",
)
def list_evidence(request, program_id: int):
    program = _program(request, program_id)
    return [_evidence_out(item) for item in EvaluationEvidence.objects.filter(program=program).order_by("-held_on", "-pk")]


@router.post(
    "/programs/{program_id}/evidence/",
    response={201: EvidenceOut, **ERRORS},
    summary="Record a focus group or a third-party evaluation (admins and volunteer managers)",
)
def add_evidence(request, program_id: int, payload: EvidenceIn):
    program = _program(request, program_id, write=True)
    cleaned = validated(EvidenceForm(data={**payload.dict(), "held_on": payload.held_on.isoformat()}))
    cleaned.pop("file", None)
    item = services.add_evidence(program=program, by=request.user, **cleaned)
    return Status(201, _evidence_out(item))


@router.delete(
    "/programs/{program_id}/evidence/{evidence_id}/",
    response={204: None, **ERRORS},
    summary="Delete a piece of evidence, with its file (admins and volunteer managers)",
)
def delete_evidence(request, program_id: int, evidence_id: int):
    program = _program(request, program_id, write=True)
    item = get_object_or_404(EvaluationEvidence, program=program, pk=evidence_id)
    services.delete_evidence(evidence=item, by=request.user)
    return Status(204, None)
