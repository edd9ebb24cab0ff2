"""The request and response shapes of the programs API (khibra/api/routers/programs.py)."""

import datetime as dt

from ninja import Field, Schema

from khibra.api.schemas import Ref, display, patch_of, resolver
from khibra.programs.models import NeedStatus

MAX_ID = 2_147_483_647
DATE_HELP = "YYYY-MM-DD (Gregorian) or a Hijri date such as 1447-09-15."


# --- shapes ------------------------------------------------------------------------------------


class PlanOut(Schema):
    responsible: str
    responsible_user: int | None
    method: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    manual_status: str


class StepOut(Schema):
    number: int
    title: str
    description: str
    status: str = Field(..., description="not_started, in_progress or done.")
    status_display: str
    missing: list[str] = Field(..., description="What is left to do on this step, in words.")
    skipped: bool = Field(..., description="Step 4 when every opportunity is a free commercial service.")
    plan: PlanOut | None


class ProgramOut(Schema):
    """Read from the model: each plain field by its name, the rest through the resolvers."""

    id: int
    organization: Ref
    name: str
    goal: str
    starts_on: dt.date
    ends_on: dt.date
    previous: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_previous = resolver("previous", lambda program, _context: program.previous_id)


class ProgramDetailOut(ProgramOut):
    can_manage: bool
    steps_done: int
    steps: list[StepOut]


class ProgramIn(Schema):
    name: str = Field(..., max_length=200)
    goal: str = Field(..., max_length=3000)
    starts_on: str = Field(..., max_length=30, description=DATE_HELP)
    ends_on: str = Field(..., max_length=30, description=DATE_HELP)


ProgramPatch = patch_of(ProgramIn, "ProgramPatch")


class NeedOut(Schema):
    id: int
    program: int
    title: str
    description: str
    department: str
    field: Ref | None
    priority: int = Field(..., description="1 is the most important; 0 when not on the list.")
    skills_required: str
    suitability: str
    suitability_display: str
    paid_staff_reason: str
    suitability_note: str
    volunteers_needed: int
    execution_mode: str
    status: str
    status_display: str
    merged_into: int | None
    created_at: dt.datetime

    resolve_program = resolver("program", lambda need, _context: need.program_id)
    resolve_suitability_display = display("suitability")
    resolve_status_display = display("status")
    resolve_merged_into = resolver("merged_into", lambda need, _context: need.merged_into_id)


class NeedPatch(Schema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    department: str | None = Field(None, max_length=120)
    field: int | None = Field(None, ge=1, le=MAX_ID, description="A field id.")
    skills_required: str | None = Field(None, max_length=2000)
    suitability: str | None = Field(None, max_length=20, description="undecided, volunteer or paid_staff (managers only).")
    paid_staff_reason: str | None = Field(None, max_length=30)
    suitability_note: str | None = Field(None, max_length=500)
    volunteers_needed: int | None = Field(None, ge=0, le=10_000)
    execution_mode: str | None = Field(None, max_length=20, description="individual or team.")


class NeedIn(NeedPatch):
    title: str = Field(..., max_length=200)


class NeedsQuery(Schema):
    status: NeedStatus | None = Field(None, description="Without it: the needs on the list and those waiting for a decision.")


class NeedsAssessmentOut(Schema):
    program: int
    stalled_work: str
    capability_gaps: str
    development_roles: str
    initiatives: str
    listed: int = Field(..., description="Needs on the list.")
    waiting: int = Field(..., description="Needs submitted by departments, waiting for a decision.")
    completed_at: dt.datetime | None
    gaps: list[str] = Field(..., description="What stands between the assessment and its completion.")


class QuestionsIn(Schema):
    stalled_work: str = Field("", max_length=4000)
    capability_gaps: str = Field("", max_length=4000)
    development_roles: str = Field("", max_length=4000)
    initiatives: str = Field("", max_length=4000)


class CriterionOut(Schema):
    code: str
    title: str
    help_text: str
    answer: str | None = Field(..., description="yes, partly, no, or null when unanswered.")
    note: str


class FixOut(Schema):
    code: str
    title: str
    answer: str
    note: str


class ReadinessOut(Schema):
    program: int
    ready: bool
    score: int = Field(..., description="0 to 100.")
    ready_score: int = Field(..., description="The score needed (with no criterion answered no).")
    answered: int
    total: int
    criteria: list[CriterionOut]
    fix_first: list[FixOut] = Field(..., description="The criteria to fix first: the no answers, then the partly ones.")
    assessed_at: dt.datetime | None


class ReadinessAnswerIn(Schema):
    answer: str = Field("", max_length=10, description="yes, partly or no; empty leaves it unanswered.")
    note: str = Field("", max_length=2000)


class ReadinessIn(Schema):
    answers: dict[str, ReadinessAnswerIn] = Field(
        ..., max_length=20, description="Criterion code → answer. A criterion left out is unanswered."
    )
