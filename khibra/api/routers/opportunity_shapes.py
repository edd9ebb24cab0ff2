"""The request and response shapes of the opportunities API (khibra/api/routers/opportunities.py)."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from khibra.api.schemas import Ref, display, ref, resolver
from khibra.opportunities import search, selectors
from khibra.opportunities.models import MAX_BENEFICIARIES, Opportunity, OpportunityStatus

from .program_shapes import ReadinessAnswerIn

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
MAX_ID = 2_147_483_647
DATE_HELP = "YYYY-MM-DD (Gregorian) or a Hijri date such as 1447-09-15."


def _management(opportunity: Opportunity) -> dict:
    checklist = selectors.publish_checklist(opportunity)
    supervisor = opportunity.supervisor
    return {
        "program": ref(opportunity.program),
        "need": opportunity.need_id,
        "supervisor": {"id": supervisor.pk, "name": supervisor.full_name or supervisor.email} if supervisor else None,
        "supervisor_contact": opportunity.supervisor_contact,
        "marketing_channels": list(opportunity.marketing_channels or []),
        "service_model": opportunity.service_model,
        "service_model_display": str(opportunity.get_service_model_display()) if opportunity.service_model else "",
        "service_model_reasoning": opportunity.service_model_reasoning,
        "readiness_override_reason": opportunity.readiness_override_reason,
        "readiness_override_by": opportunity.readiness_override_by_id,
        "readiness_override_at": opportunity.readiness_override_at,
        "needs_readiness_override": selectors.needs_readiness_override(opportunity),
        "checklist": [{"code": item.code, "label": str(item.label), "done": item.done} for item in checklist],
        "missing": [str(item.label) for item in checklist if not item.done],
        "created_at": opportunity.created_at,
        "updated_at": opportunity.updated_at,
    }



# --- shapes ------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    title: str
    details: str
    due_on: dt.date


class ChecklistItemOut(Schema):
    code: str
    label: str
    done: bool


class SupervisorOut(Schema):
    id: int
    name: str


class ManagementOut(Schema):
    """What only the organization's members see."""

    program: Ref | None
    need: int | None
    supervisor: SupervisorOut | None
    supervisor_contact: str
    marketing_channels: list[str]
    service_model: str
    service_model_display: str
    service_model_reasoning: str
    readiness_override_reason: str
    readiness_override_by: int | None = Field(..., description="The admin who approved publishing before readiness.")
    readiness_override_at: dt.datetime | None
    needs_readiness_override: bool = Field(
        ..., description="The program is not ready: publishing needs an admin's override (someone else then publishes)."
    )
    checklist: list[ChecklistItemOut] = Field(..., description="What publishing needs, each item done or not.")
    missing: list[str] = Field(..., description="The checklist items still missing.")
    created_at: dt.datetime
    updated_at: dt.datetime


class OpportunitySummaryOut(Schema):
    """Read from the model: each plain field by its name, the rest through the resolvers."""

    id: int
    title: str
    organization: Ref
    status: str
    status_display: str
    fields: list[Ref]
    level: str
    level_display: str
    nature: str
    nature_display: str
    city: Ref | None
    region: Ref | None
    duration_days: int
    hours_per_day: float
    hours_per_week: float
    starts_on: dt.date | None
    ends_on: dt.date | None
    apply_by: dt.date | None = Field(..., description="The application deadline set, if any.")
    applications_close_on: dt.date | None = Field(..., description="The last day to apply: the deadline set, else the start date.")
    listing_state: str = Field(..., description="open, full or closed.")
    seats: int
    urgent: bool
    english_allowed: bool
    published_at: dt.datetime | None

    resolve_status_display = display("status")
    resolve_level_display = display("level")
    resolve_nature_display = display("nature")

    resolve_region = resolver("region", lambda row, _context: row.city.region if row.city else None)


class OpportunityOut(OpportunitySummaryOut):
    description: str
    deliverables: str
    responsibilities: str
    other_field: str
    beneficiary_category: str
    beneficiary_category_display: str
    beneficiaries_expected: int | None
    requirements: str
    min_years_experience: int
    experience_rule: str
    required_professions: list[Ref]
    execution_mode: str
    execution_mode_display: str
    team_size: int
    seats_filled: int
    age_min: int | None
    age_max: int | None
    gender: str
    gender_display: str
    english_supervisor: str
    nature_notes: str
    venue: str
    total_hours: float
    benefits: str
    required_training: str
    tasks: list[TaskOut]
    management: ManagementOut | None = Field(..., description="Null unless the caller is a member of the organization.")

    resolve_beneficiary_category_display = display("beneficiary_category")
    resolve_execution_mode_display = display("execution_mode")
    resolve_gender_display = display("gender")

    resolve_management = resolver(
        "management", lambda opportunity, context: _management(opportunity) if context.get("member") else None
    )


class ReadinessOverrideIn(Schema):
    reason: str = Field(..., max_length=2000, description="Why the opportunity may be published before the program is ready.")


class NewProgramIn(Schema):
    """The program an organization's first opportunity creates (when it has none yet)."""

    name: str = Field(..., max_length=200)
    goal: str = Field(..., max_length=3000)
    starts_on: str = Field(..., max_length=30, description=DATE_HELP)
    ends_on: str = Field(..., max_length=30, description=DATE_HELP)
    readiness: dict[str, ReadinessAnswerIn] = Field(
        default_factory=dict, max_length=20, description="Readiness answers (step 5) by criterion code."
    )


class TaskIn(Schema):
    title: str = Field(..., max_length=200)
    due_on: str = Field(..., max_length=30, description=DATE_HELP)
    details: str = Field("", max_length=2000)


class OpportunityPatch(Schema):
    title: str | None = Field(None, max_length=200)
    program: int | None = Field(None, ge=1, le=MAX_ID, description="One of the organization's programs.")
    description: str | None = Field(None, max_length=6000)
    deliverables: str | None = Field(None, max_length=4000)
    responsibilities: str | None = Field(None, max_length=4000)
    fields: list[Id] | None = Field(None, max_length=50, description="Field ids (GET /reference/fields/).")
    other_field: str | None = Field(None, max_length=120)
    level: str | None = Field(None, max_length=20)
    beneficiary_category: str | None = Field(
        None, max_length=12, description="Who benefits: individuals, nonprofits, government or environment."
    )
    beneficiaries_expected: int | None = Field(
        None, ge=0, le=MAX_BENEFICIARIES, description="For individuals: how many people the work should reach."
    )
    requirements: str | None = Field(None, max_length=4000)
    min_years_experience: int | None = Field(None, ge=0, le=1000)
    experience_rule: str | None = Field(
        None, max_length=10, description="required (fewer years are never suggested) or preferred (they rank lower)."
    )
    required_professions: list[Id] | None = Field(None, max_length=50, description="Profession ids.")
    execution_mode: str | None = Field(None, max_length=20, description="individual or team.")
    team_size: int | None = Field(None, ge=0, le=10_000)
    seats: int | None = Field(None, ge=0, le=10_000)
    age_min: int | None = Field(None, ge=0, le=1000)
    age_max: int | None = Field(None, ge=0, le=1000)
    gender: str | None = Field(None, max_length=10, description="Empty (open to all), female or male.")
    english_allowed: bool | None = None
    english_supervisor: str | None = Field(None, max_length=150)
    nature: str | None = Field(None, max_length=20, description="in_person, remote or both.")
    nature_notes: str | None = Field(None, max_length=500)
    city: int | None = Field(None, ge=1, le=MAX_ID, description="A city id; required for in-person work.")
    venue: str | None = Field(None, max_length=200)
    duration_days: int | None = Field(None, ge=0, le=100_000)
    hours_per_day: float | None = Field(None, ge=0, le=1000)
    hours_per_week: float | None = Field(None, ge=0, le=1000)
    starts_on: str | None = Field(None, max_length=30, description=DATE_HELP)
    ends_on: str | None = Field(None, max_length=30, description=DATE_HELP)
    apply_by: str | None = Field(None, max_length=30, description="The last day to apply (default: the start date). " + DATE_HELP)
    urgent: bool | None = None
    supervisor: int | None = Field(None, ge=1, le=MAX_ID, description="A user id of an active member of the organization.")
    supervisor_contact: str | None = Field(None, max_length=150)
    marketing_channels: list[str] | None = Field(None, max_length=20)
    benefits: str | None = Field(None, max_length=2000)
    required_training: str | None = Field(None, max_length=2000)
    tasks: list[TaskIn] | None = Field(
        None, max_length=30, description="Replaces every task when given; each task is due within the period."
    )


class OpportunityIn(OpportunityPatch):
    title: str = Field(..., max_length=200)
    new_program: NewProgramIn | None = Field(
        None,
        description="The organization has no program yet: create it with this opportunity. Otherwise give `program` "
        "(required when the organization has several programs).",
    )


class OrganizationOpportunitiesQuery(Schema):
    status: OpportunityStatus | None = None


class SearchQuery(Schema):
    q: str = Field("", max_length=search.MAX_QUERY_LENGTH, description="Words to look for, Arabic or English.")
    field: int | None = Field(None, ge=1, le=MAX_ID, description="A field id.")
    region: int | None = Field(None, ge=1, le=MAX_ID, description="A region id.")
    city: int | None = Field(None, ge=1, le=MAX_ID, description="A city id.")
    nature: str | None = Field(None, max_length=20, description="in_person, remote or both.")
    duration: str | None = Field(None, max_length=20, description="short (a week), medium (a month) or long.")
    hours: int | None = Field(None, ge=0, le=1000, description="At most this many hours a week: 5, 10, 20 or 40.")
    level: str | None = Field(None, max_length=20)
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="An organization id.")
    english: bool = Field(False, description="Only opportunities open to English-speaking volunteers.")
    sort: str | None = Field(None, max_length=20, description="relevance (the default) or newest.")
    open_only: bool = Field(True, description="Only listings taking applications (a seat left, deadline not passed).")


class CancelIn(Schema):
    reason: str = Field("", max_length=1000)


class ServiceModelIn(Schema):
    model: str = Field(..., max_length=30)
    reasoning: str = Field("", max_length=3000, description="Optional for a recommended model; required for any other.")


class ServiceModelRecommendationOut(Schema):
    model: str
    label: str
    score: int
    reasons: list[str]


class ServiceModelInfoOut(Schema):
    code: str
    label: str
    summary: str
    fits_when: str
    skips_agreements: bool


class ServiceModelsOut(Schema):
    chosen: str
    reasoning: str
    recommendations: list[ServiceModelRecommendationOut]
    models: list[ServiceModelInfoOut]
