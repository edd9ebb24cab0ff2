"""Opportunities: the public search and page, and the organization's design → service model →
publish flow. The same access rules (opportunities.access), forms and services as the web pages.

Scopes for organization API keys: opportunities:read to read the organization's opportunities,
opportunities:write to create, edit, choose the service model and change their status.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.responses import NinjaJSONEncoder

from khibra.api.access import member_object, organization_for_member, reads_as_member
from khibra.api.auth import optional_bearer, principal
from khibra.api.errors import ERRORS, ApiError
from khibra.api.forms import form_error, validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.opportunities import access, search, selectors, service_model_chooser, services
from khibra.opportunities.forms import (
    CancelForm,
    OpportunityForm,
    ReadinessOverrideForm,
    SearchForm,
    ServiceModelForm,
    initial_from,
    task_formset,
)
from khibra.opportunities.models import Opportunity
from khibra.opportunities.service_models import SERVICE_MODELS
from khibra.organizations.models import Organization
from khibra.reference.models import City, Field as ReferenceField, Region

from .opportunity_inputs import new_program_from, stable_error
from .opportunity_shapes import (
    CancelIn,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    OpportunitySummaryOut,
    OrganizationOpportunitiesQuery,
    ReadinessOverrideIn,
    SearchQuery,
    ServiceModelIn,
    ServiceModelsOut,
    TaskIn,
)

router = Router(tags=["opportunities"])

JSON_TYPE = "application/json; charset=utf-8"
PUBLIC_SEARCH_SECONDS = 60
READ = "opportunities:read"
WRITE = "opportunities:write"


# --- output ------------------------------------------------------------------------------------


def opportunity_out(opportunity: Opportunity, *, member: bool) -> OpportunityOut:
    """The opportunity as the API shows it; `member`: with the management details."""
    return OpportunityOut.from_orm(opportunity, context={"member": member})


def _with_related():
    return Opportunity.objects.select_related(
        "organization", "program", "city__region", "supervisor"
    ).prefetch_related("fields", "required_professions", "tasks")


def _fresh(opportunity: Opportunity) -> Opportunity:
    return _with_related().get(pk=opportunity.pk)


# --- design errors -------------------------------------------------------------------------------


def _tasks_data(tasks: list[TaskIn]) -> dict:
    data = {
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
    }
    for index, task in enumerate(tasks):
        data[f"tasks-{index}-title"] = task.title
        data[f"tasks-{index}-due_on"] = task.due_on
        data[f"tasks-{index}-details"] = task.details
    return data


def _validated_design(form: OpportunityForm, tasks: list[TaskIn] | None):
    """The web's checks (forms.validate_design): the form, the tasks and the tasks in the period.
    Returns the tasks to save (None: leave the tasks as they are)."""
    if tasks is None:
        validated(form)
        return None
    formset = task_formset(_tasks_data(tasks))
    form_ok = form.is_valid()
    formset_ok = formset.is_valid()
    if form_ok and formset_ok:
        try:
            if formset.check_period(form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on")):
                return formset.tasks()
        except ValidationError as error:
            raise ApiError(400, "validation_error", " ".join(error.messages), {"tasks": error.messages}) from None
    error = form_error(form) if form.errors else ApiError(400, "validation_error", _("Some fields need correcting."))
    for index, task_form in enumerate(formset.forms):
        for name, messages in task_form.errors.items():
            error.fields[f"tasks.{index}.{name}"] = [str(message) for message in messages]
    if formset.non_form_errors():
        error.fields["tasks"] = [str(message) for message in formset.non_form_errors()]
    raise error


def _form_data(payload: Schema) -> dict:
    data = {}
    for name, value in payload.dict(exclude_unset=True).items():
        if name in ("tasks", "new_program"):
            continue
        if value is None:
            value = ""
        elif isinstance(value, float):
            value = repr(value)
        data[name] = value
    return data


def _tasks_of(payload: Schema) -> list[TaskIn] | None:
    return payload.tasks if "tasks" in payload.model_fields_set and payload.tasks is not None else None


def _incomplete(error: ValidationError, opportunity: Opportunity) -> ApiError | None:
    """A checklist failure (the services' "Still missing: …" list) as a 400 with code `incomplete`
    that lists what is missing in fields.missing."""
    if hasattr(error, "error_dict"):
        return None
    missing = [str(label) for label in selectors.missing_for_publish(_fresh(opportunity))]
    expected = [_("Still missing: %(item)s.") % {"item": item} for item in missing]
    if not missing or error.messages != expected:
        return None
    return ApiError(400, "incomplete", " ".join(error.messages), {"missing": missing})


# --- public ------------------------------------------------------------------------------------


def _search_form(filters: SearchQuery) -> SearchForm:
    """The web's SearchForm validates the filters; the API names rows by id, the form by code.
    An id that is not on the form's lists is passed as is, so the form refuses it with its message."""

    def code_of(model, pk, attribute="code"):
        if pk is None:
            return ""
        return model.objects.filter(pk=pk).values_list(attribute, flat=True).first() or str(pk)

    data = {
        "q": filters.q,
        "field": code_of(ReferenceField, filters.field),
        "region": code_of(Region, filters.region),
        "city": code_of(City, filters.city),
        "nature": filters.nature or "",
        "duration": filters.duration or "",
        "hours": "" if filters.hours is None else str(filters.hours),
        "level": filters.level or "",
        "organization": code_of(Organization, filters.organization, "slug"),
        "english": "on" if filters.english else "",
        "sort": filters.sort or "",
        "places": "open" if filters.open_only else "all",
    }
    # The form is not shown: of the organizations, only the one asked for is read.
    return SearchForm(data, **selectors.search_form_lists(every_organization=False, organization_slug=data["organization"]))


@router.get(
    "/opportunities/",
    auth=optional_bearer,
    response={200: Page[OpportunitySummaryOut], **ERRORS},
    summary="Search published opportunities (the public search)",
    description="The same search as the website's: words in Arabic or English, ranked by relevance, and the same filters.",
)
def search_opportunities(request, filters: Query[SearchQuery], query: Query[PageQuery]):
    # Anonymous calls share a short-lived answer per query (the throttles have counted the call
    # already): public search may be a minute stale, and popular queries repeat.
    key = public_search_key(request) if principal(request) is None else None
    if key is not None:
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body, content_type=JSON_TYPE)
    form = _search_form(filters)
    validated(form)
    result = search.search_opportunities(**form.filters(), page=query.page, page_size=query.page_size)
    count = result.paginator.count
    pages = max(1, result.paginator.num_pages)
    rows = list(result.object_list) if result.number == query.page else []
    prefetch_related_objects(rows, "fields")
    answer = {
        "count": count,
        "count_capped": result.paginator.capped,
        "page": query.page,
        "page_size": query.page_size,
        "pages": pages,
        "next": query.page + 1 if query.page < pages else None,
        "previous": query.page - 1 if 1 < query.page <= pages + 1 else None,
        "results": [OpportunitySummaryOut.from_orm(row) for row in rows],
    }
    if key is None:
        return answer
    body = json.dumps(Page[OpportunitySummaryOut].model_validate(answer).model_dump(), cls=NinjaJSONEncoder, ensure_ascii=False)
    cache.set(key, body, PUBLIC_SEARCH_SECONDS)
    return HttpResponse(body, content_type=JSON_TYPE)


def public_search_key(request) -> str:
    """One key per language and query string (its parameters in a fixed order)."""
    params = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    return "api:search:" + request.LANGUAGE_CODE + ":" + hashlib.sha256(params.encode()).hexdigest()


@router.get(
    "/opportunities/{opportunity_id}/",
    auth=optional_bearer,
    response={200: OpportunityOut, **ERRORS},
    summary="One opportunity (public when published; the organization's members see every status)",
)
def get_opportunity(request, opportunity_id: int):
    opportunity = _with_related().filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    if reads_as_member(request, opportunity.organization_id, scope=READ):
        return opportunity_out(opportunity, member=True)
    access.get_public_opportunity(opportunity_id)  # 404 unless published by a verified organization
    return opportunity_out(opportunity, member=False)


# --- the organization's opportunities ------------------------------------------------------------


@router.get(
    "/organizations/{organization_id}/opportunities/",
    response={200: Page[OpportunityOut], **ERRORS},
    summary="The organization's opportunities, every status (members)",
)
def list_organization_opportunities(
    request, organization_id: int, filters: Query[OrganizationOpportunitiesQuery], query: Query[PageQuery]
):
    organization, _membership = organization_for_member(request, organization_id, scope=READ)
    opportunities = _with_related().filter(organization=organization).order_by("-updated_at", "-pk")
    if filters.status:
        opportunities = opportunities.filter(status=filters.status)
    return paginate(opportunities, query, lambda opportunity: opportunity_out(opportunity, member=True))


@router.post(
    "/organizations/{organization_id}/opportunities/",
    response={201: OpportunityOut, **ERRORS},
    summary="Design a new opportunity, saved as a draft (admins and volunteer managers)",
    description=(
        "Only the title is needed for a draft; publishing needs the checklist complete (description, "
        "deliverables, a field, dates, at least one task and a service model)."
    ),
)
def create_opportunity(request, organization_id: int, payload: OpportunityIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    if organization.is_provider:
        raise ApiError(400, "provider_cannot_own", services.PROVIDER_REFUSAL)
    # What the web's blank form holds before anyone types (level, nature, seats…), then the payload.
    data = {name: item.initial for name, item in OpportunityForm.base_fields.items() if item.initial is not None}
    data.update(_form_data(payload))
    form = OpportunityForm(data=data, organization=organization)
    tasks = _validated_design(form, _tasks_of(payload) or [])
    new_program = new_program_from(payload.new_program, organization) if payload.new_program is not None else None
    try:
        opportunity = services.create_opportunity(
            organization=organization, by=request.user, tasks=tasks, new_program=new_program, **form.changes()
        )
    except ValidationError as error:
        raise stable_error(error) or error from None
    return Status(201, opportunity_out(_fresh(opportunity), member=True))


@router.post(
    "/needs/{need_id}/opportunity/",
    response={201: OpportunityOut, **ERRORS},
    summary="Start a draft opportunity from a need on the needs list (step 1 → step 2)",
)
def create_from_need(request, need_id: int):
    _organization, _membership, need = member_object(request, access.get_need_for_manager, need_id, scope=WRITE)
    opportunity = services.create_from_need(need=need, by=request.user)
    return Status(201, opportunity_out(_fresh(opportunity), member=True))


@router.patch(
    "/opportunities/{opportunity_id}/",
    response={200: OpportunityOut, **ERRORS},
    summary="Edit an opportunity's design (admins and volunteer managers)",
    description="Send only what changes. `tasks`, when given, replaces every task; without it the tasks stay.",
)
def update_opportunity(request, opportunity_id: int, payload: OpportunityPatch):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    if opportunity.status not in services.EDITABLE_STATUSES:
        raise ValidationError(_("A completed or cancelled opportunity can no longer be changed."), code="not_editable")
    data = {name: ("" if value is None else value) for name, value in initial_from(opportunity).items()}
    data.update(_form_data(payload))
    form = OpportunityForm(data=data, organization=opportunity.organization, opportunity=opportunity)
    tasks = _validated_design(form, _tasks_of(payload))
    opportunity = services.update_opportunity(opportunity=opportunity, by=request.user, tasks=tasks, **form.changes())
    return opportunity_out(_fresh(opportunity), member=True)


# --- step 3: the service model -------------------------------------------------------------------


@router.get(
    "/opportunities/{opportunity_id}/service-model/",
    response={200: ServiceModelsOut, **ERRORS},
    summary="The seven service models and the ones recommended for this opportunity (members)",
)
def get_service_model(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=READ
    )
    return {
        "chosen": opportunity.service_model,
        "reasoning": opportunity.service_model_reasoning,
        "recommendations": [
            {"model": str(rec.model.value), "label": str(rec.label), "score": rec.score, "reasons": [str(r) for r in rec.reasons]}
            for rec in service_model_chooser.recommend_service_models(opportunity)
        ],
        "models": [
            {
                "code": code,
                "label": str(info.label),
                "summary": str(info.summary),
                "fits_when": str(info.fits_when),
                "skips_agreements": info.skips_agreements,
            }
            for code, info in SERVICE_MODELS.items()
        ],
    }


@router.post(
    "/opportunities/{opportunity_id}/service-model/",
    response={200: OpportunityOut, **ERRORS},
    summary="Choose the service model (step 3; admins and volunteer managers)",
)
def choose_service_model(request, opportunity_id: int, payload: ServiceModelIn):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    cleaned = validated(ServiceModelForm(data=payload.dict()))
    opportunity = services.choose_service_model(
        opportunity=opportunity, by=request.user, model=cleaned["model"], reasoning=cleaned["reasoning"]
    )
    return opportunity_out(_fresh(opportunity), member=True)


# --- status --------------------------------------------------------------------------------------


def _run(opportunity: Opportunity, service, **kwargs) -> dict:
    try:
        opportunity_after = service(opportunity=opportunity, **kwargs)
    except ValidationError as error:
        raise _incomplete(error, opportunity) or stable_error(error) or error from None
    return opportunity_out(_fresh(opportunity_after), member=True)


@router.post(
    "/opportunities/{opportunity_id}/publish/",
    response={200: OpportunityOut, **ERRORS},
    summary="Publish the opportunity (admins and volunteer managers)",
    description=(
        "The checklist must be complete; otherwise a 400 with code `incomplete` lists what is missing in "
        "`fields.missing`. A passed application deadline or end date gives `dates_passed`. When the program has not "
        "passed its readiness check, publishing needs an admin's override recorded by someone other than the caller "
        "(POST …/readiness-override/); otherwise a 400 with code `not_ready`. A provider's opportunity gives "
        "`provider_cannot_own`."
    ),
)
def publish(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    return _run(opportunity, services.publish_opportunity, by=request.user)


@router.post(
    "/opportunities/{opportunity_id}/readiness-override/",
    response={200: OpportunityOut, **ERRORS},
    summary="Approve publishing before the program is ready (an admin who did not design the opportunity)",
    description=(
        "Records the reason, shown on the program tracker and in the audit log. Someone other than the approving "
        "admin then publishes. Codes: `own_opportunity` (the caller designed it), `already_ready`; "
        "403 for a member who is not an admin."
    ),
)
def override_readiness(request, opportunity_id: int, payload: ReadinessOverrideIn):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    cleaned = validated(ReadinessOverrideForm(data=payload.dict()))
    return _run(opportunity, services.override_readiness, by=request.user, reason=cleaned["reason"])


@router.post(
    "/opportunities/{opportunity_id}/ready/",
    response={200: OpportunityOut, **ERRORS},
    summary="Mark a complete draft as ready to publish",
)
def mark_ready(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    return _run(opportunity, services.mark_ready, by=request.user)


@router.post(
    "/opportunities/{opportunity_id}/draft/",
    response={200: OpportunityOut, **ERRORS},
    summary="Return a ready opportunity to draft",
)
def return_to_draft(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    return _run(opportunity, services.return_to_draft, by=request.user)


@router.post(
    "/opportunities/{opportunity_id}/close/",
    response={200: OpportunityOut, **ERRORS},
    summary="Stop taking applications (the work goes on)",
)
def close(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    return _run(opportunity, services.close_opportunity, by=request.user)


@router.post(
    "/opportunities/{opportunity_id}/complete/",
    response={200: OpportunityOut, **ERRORS},
    summary="Mark the opportunity completed: the deliverables are handed over",
)
def complete(request, opportunity_id: int):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    return _run(opportunity, services.complete_opportunity, by=request.user)


@router.post(
    "/opportunities/{opportunity_id}/cancel/",
    response={200: OpportunityOut, **ERRORS},
    summary="Cancel the opportunity",
)
def cancel(request, opportunity_id: int, payload: CancelIn):
    _organization, _membership, opportunity = member_object(
        request, access.get_opportunity_for_member, opportunity_id, scope=WRITE, manage=True
    )
    cleaned = validated(CancelForm(data=payload.dict()))
    return _run(opportunity, services.cancel_opportunity, by=request.user, reason=cleaned["reason"])

