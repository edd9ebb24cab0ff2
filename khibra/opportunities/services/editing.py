"""Designing an opportunity (step 2): creating a draft, from scratch or from a need, editing it
and its tasks. The design rules themselves are in `rules.py`, shared with the forms.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.organizations.access import require_manager
from khibra.organizations.models import Membership, Organization
from khibra.programs import services as programs
from khibra.programs.models import ExecutionMode, Need, NeedStatus, Program, Suitability

from .. import hooks, search
from ..models import BeneficiaryCategory, Nature, Opportunity, OpportunityStatus, OpportunityTask
from ..rules import EDITABLE_FIELDS, MANY_TO_MANY, MAX_TASKS, TaskInput, design_errors, task_errors
from ..selectors import missing_for_publish
from .lifecycle import EDITABLE_STATUSES, LIVE_STATUSES, PROVIDER_REFUSAL, locked


@dataclass(frozen=True)
class NewProgram:
    """The program an organization's first opportunity creates in the same step (quick start),
    with the readiness answers (step 5) given so far: criterion code → (answer, note)."""

    name: str
    goal: str
    starts_on: dt.date
    ends_on: dt.date
    readiness: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def require_beneficiary(organization: Organization) -> None:
    """Providers offer work only through a beneficiary organization: never in their own name."""
    if organization.is_provider:
        raise ValidationError(PROVIDER_REFUSAL, code="provider_cannot_own")


def program_for(organization: Organization, *, by, program: Program | None, new_program: NewProgram | None) -> Program:
    """The program a new opportunity joins: the one chosen, the new one created here (with its
    readiness answers), or the organization's only program. Every opportunity has one."""
    if program is not None:
        if program.organization_id != organization.pk:
            raise ValidationError({"program": _("Choose one of your organization's programs.")}, code="design")
        return program
    if new_program is not None:
        created = programs.create_program(
            organization=organization,
            by=by,
            name=new_program.name.strip(),
            goal=new_program.goal.strip(),
            starts_on=new_program.starts_on,
            ends_on=new_program.ends_on,
        )
        if new_program.readiness:
            programs.save_readiness(program=created, answers=dict(new_program.readiness), by=by)
        return created
    existing = list(Program.objects.for_organization(organization).order_by("-starts_on", "-pk")[:2])
    if len(existing) == 1:
        return existing[0]
    if not existing:
        message = _("Your organization has no program yet. Create it with this first opportunity: its name, goal, dates and readiness answers.")
    else:
        message = _("Choose the program this opportunity belongs to.")
    raise ValidationError({"program": ValidationError(message, code="program_required")})


def _values_of(opportunity: Opportunity) -> dict:
    values = {name: getattr(opportunity, name) for name in EDITABLE_FIELDS if name not in MANY_TO_MANY}
    values["city"] = opportunity.city_id
    return values


def _check_design(opportunity: Opportunity) -> None:
    errors = design_errors(_values_of(opportunity))
    if opportunity.supervisor_id is not None and not Membership.objects.active().filter(
        organization_id=opportunity.organization_id, user_id=opportunity.supervisor_id
    ).exists():
        errors.setdefault("supervisor", []).append(_("The supervisor must be an active member of the organization."))
    if opportunity.program_id is None:
        errors.setdefault("program", []).append(_("Choose the program this opportunity belongs to."))
    elif opportunity.program.organization_id != opportunity.organization_id:
        errors.setdefault("program", []).append(_("Choose one of your organization's programs."))
    if errors:
        raise ValidationError(errors, code="design")


def as_tasks(tasks: Iterable[TaskInput | Mapping]) -> list[TaskInput]:
    result = []
    for task in tasks:
        if isinstance(task, Mapping):
            task = TaskInput(title=task["title"], due_on=task["due_on"], details=task.get("details") or "")
        result.append(TaskInput(title=task.title.strip(), due_on=task.due_on, details=(task.details or "").strip()))
    return result


def _check_tasks(tasks: list[TaskInput], opportunity: Opportunity) -> None:
    if len(tasks) > MAX_TASKS:
        raise ValidationError({"tasks": _("An opportunity has at most %(max)s tasks.") % {"max": MAX_TASKS}})
    errors = task_errors(tasks, starts_on=opportunity.starts_on, ends_on=opportunity.ends_on)
    if errors:
        raise ValidationError(
            {"tasks": [message for _index, (_field, message) in sorted(errors.items())]}, code="tasks"
        )


def _write_tasks(opportunity: Opportunity, tasks: list[TaskInput]) -> None:
    """Replace the tasks, kept in chronological order (the order they are stored and shown in)."""
    rows = []
    for task in sorted(tasks, key=lambda task: task.due_on):
        row = OpportunityTask(opportunity=opportunity, title=task.title, details=task.details, due_on=task.due_on)
        row.full_clean(exclude=["opportunity"])
        rows.append(row)
    opportunity.tasks.all().delete()
    OpportunityTask.objects.bulk_create(rows)


def _apply(opportunity: Opportunity, values: Mapping) -> dict:
    """Set plain fields on the opportunity; return the many-to-many values to set after saving."""
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"an opportunity cannot take {sorted(unknown)}")
    related = {}
    for name, value in values.items():
        if name in MANY_TO_MANY:
            related[name] = list(value or [])
            continue
        setattr(opportunity, name, value.strip() if isinstance(value, str) else value)
    if opportunity.execution_mode == ExecutionMode.INDIVIDUAL:
        opportunity.team_size = 1
    if not opportunity.english_allowed:
        opportunity.english_supervisor = ""
    if opportunity.nature != Nature.BOTH:
        opportunity.nature_notes = ""
    if opportunity.beneficiary_category != BeneficiaryCategory.INDIVIDUALS:
        opportunity.beneficiaries_expected = None  # a count only means something for individuals
    return related


def save_design(opportunity: Opportunity, related: dict, tasks: list[TaskInput] | None) -> Opportunity:
    """Check and save the design, its many-to-many values and, when given, its tasks; then
    reindex it for search and tell higher apps (matching) that it changed."""
    _check_design(opportunity)
    opportunity.full_clean()
    opportunity.save()
    for name, value in related.items():
        getattr(opportunity, name).set(value)
    if tasks is not None:
        _check_tasks(tasks, opportunity)
        _write_tasks(opportunity, tasks)
    else:
        existing = [TaskInput(task.title, task.due_on) for task in opportunity.tasks.all()]
        errors = task_errors(existing, starts_on=opportunity.starts_on, ends_on=opportunity.ends_on)
        if errors:
            raise ValidationError(
                {"starts_on": _("Some tasks would fall outside the new dates. Move the tasks first.")}, code="tasks_outside"
            )
    search.reindex(opportunity)
    hooks.opportunity_changed(opportunity)
    return opportunity


@transaction.atomic
def create_opportunity(
    *,
    organization: Organization,
    by,
    tasks: Iterable[TaskInput | Mapping] | None = None,
    new_program: NewProgram | None = None,
    **values,
) -> Opportunity:
    """A new draft. Only `title` is needed; publishing checks the rest.

    It joins `program` (one of the organization's), or `new_program`, created in the same step
    (an organization's first opportunity), or the organization's only program.
    """
    require_manager(organization, by)
    require_beneficiary(organization)
    opportunity = Opportunity(organization=organization, created_by=by, status=OpportunityStatus.DRAFT)
    values["program"] = program_for(organization, by=by, program=values.get("program"), new_program=new_program)
    related = _apply(opportunity, values)
    save_design(opportunity, related, as_tasks(tasks) if tasks is not None else None)
    audit.record(actor=by, verb="opportunity.created", target=opportunity, organization=organization, title=opportunity.title)
    return opportunity


@transaction.atomic
def create_from_need(*, need: Need, by) -> Opportunity:
    """A draft from a row of the needs list (step 1 → step 2): the role, the skills, the people."""
    program = need.program
    organization = program.organization
    require_manager(organization, by)
    require_beneficiary(organization)
    if need.status != NeedStatus.ACCEPTED:
        raise ValidationError(_("Only a need on the needs list can become an opportunity."), code="need_not_listed")
    if need.suitability == Suitability.PAID_STAFF:
        raise ValidationError(
            _("This need was judged better done by paid staff or a consultant."), code="need_for_paid_staff"
        )
    team = need.execution_mode == ExecutionMode.TEAM
    team_size = max(2, need.volunteers_needed) if team else 1
    opportunity = Opportunity(
        organization=organization,
        program=program,
        need=need,
        created_by=by,
        title=need.title.strip(),
        description=need.description.strip(),
        requirements=need.skills_required.strip(),
        seats=max(need.volunteers_needed, team_size),
        execution_mode=need.execution_mode,
        team_size=team_size,
    )
    save_design(opportunity, {"fields": [need.field_id]} if need.field_id else {}, None)
    audit.record(
        actor=by, verb="opportunity.created_from_need", target=opportunity, organization=organization, need=need.pk
    )
    return opportunity


# --- editing -----------------------------------------------------------------------------------


@transaction.atomic
def update_opportunity(
    *, opportunity: Opportunity, by, tasks: Iterable[TaskInput | Mapping] | None = None, **changes
) -> Opportunity:
    """Change the design; with `tasks`, replace the tasks in the same step (checked against the new dates).

    A ready opportunity that loses something it needs goes back to draft; a live (published or
    closed) one may not lose it at all.
    """
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    if opportunity.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A completed or cancelled opportunity can no longer be changed."), code="not_editable")
    if "program" in changes and changes["program"] is None:
        raise ValidationError({"program": ValidationError(_("Every opportunity belongs to a program: choose one."), code="program_required")})
    program_before = opportunity.program_id
    related = _apply(opportunity, changes)
    if opportunity.program_id != program_before and opportunity.readiness_override_by_id:
        # An admin's approval was for the program it was in.
        opportunity.readiness_override_by = opportunity.readiness_override_at = None
        opportunity.readiness_override_reason = ""
    save_design(opportunity, related, as_tasks(tasks) if tasks is not None else None)
    _after_edit(opportunity)
    audit.record(
        actor=by,
        verb="opportunity.updated",
        target=opportunity,
        organization=opportunity.organization,
        fields=sorted(changes) + (["tasks"] if tasks is not None else []),
    )
    return opportunity


@transaction.atomic
def replace_tasks(*, opportunity: Opportunity, tasks: Iterable[TaskInput | Mapping], by) -> list[OpportunityTask]:
    """Replace the tasks: sorted by due date, each due within the opportunity's period."""
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    if opportunity.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A completed or cancelled opportunity can no longer be changed."), code="not_editable")
    tasks = as_tasks(tasks)
    _check_tasks(tasks, opportunity)
    _write_tasks(opportunity, tasks)
    _after_edit(opportunity)
    audit.record(
        actor=by, verb="opportunity.tasks_replaced", target=opportunity, organization=opportunity.organization, count=len(tasks)
    )
    return list(opportunity.tasks.all())


def _after_edit(opportunity: Opportunity) -> None:
    missing = missing_for_publish(opportunity)
    if not missing:
        return
    if opportunity.status in LIVE_STATUSES:
        raise ValidationError(
            [_("A published opportunity must stay complete.")] + [_("Still missing: %(item)s.") % {"item": item} for item in missing],
            code="live_incomplete",
        )
    if opportunity.status == OpportunityStatus.READY:
        opportunity.status = OpportunityStatus.DRAFT
        opportunity.save(update_fields=["status", "updated_at"])
