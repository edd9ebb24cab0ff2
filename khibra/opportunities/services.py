"""State changes of professional opportunities (step 2) and their service model (step 3).

Each function is one use case: it checks who may act (`PermissionDenied`), the business rules
(`ValidationError` with translated messages), writes, and records an audit row in the same
transaction. Views, tests and the API all go through here.

Admins and volunteer managers of the organization design, publish and close opportunities;
supervisors only read them (see access.py).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext as _, ngettext

from khibra.organizations.access import active_membership, require_manager
from khibra.agreements.models import PartnerAgreement, PartnerAgreementStatus, ShortlistKind
from khibra.core import audit
from khibra.core.arabic import normalize
from khibra.organizations.models import Membership, Organization
from khibra.programs.models import ExecutionMode, Need, NeedStatus, Program, Suitability
from khibra.programs.readiness import is_program_ready

from . import hooks, search
from .models import (
    MAX_BENEFICIARIES,
    BeneficiaryCategory,
    MarketingChannel,
    Nature,
    Opportunity,
    OpportunityStatus,
    OpportunityTask,
    OpportunityTemplate,
    ServiceModel,
)
from .service_models import SERVICE_MODELS

MAX_SEATS = 500  # opportunity_seats_range
MAX_DAYS = 730  # opportunity_days_range
MAX_HOURS_PER_DAY = Decimal("24")  # opportunity_hours_per_day_range
MAX_HOURS_PER_WEEK = Decimal("80")  # opportunity_hours_per_week_range
MAX_TASKS = 30

# What create_opportunity / update_opportunity may set. Status, publishing and the service model
# have their own use cases below.
EDITABLE_FIELDS = frozenset(
    {
        "program",
        "title",
        "description",
        "deliverables",
        "responsibilities",
        "fields",
        "other_field",
        "level",
        "requirements",
        "min_years_experience",
        "required_professions",
        "execution_mode",
        "team_size",
        "seats",
        "age_min",
        "age_max",
        "gender",
        "english_allowed",
        "english_supervisor",
        "nature",
        "nature_notes",
        "city",
        "venue",
        "duration_days",
        "hours_per_day",
        "hours_per_week",
        "starts_on",
        "ends_on",
        "supervisor",
        "supervisor_contact",
        "marketing_channels",
        "benefits",
        "required_training",
        "urgent",
        "beneficiary_category",
        "beneficiaries_expected",
    }
)
MANY_TO_MANY = ("fields", "required_professions")

# Which statuses each transition starts from.
EDITABLE_STATUSES = frozenset({OpportunityStatus.DRAFT, OpportunityStatus.READY, OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED})
# A published or closed opportunity is live: an edit may not make it incomplete.
LIVE_STATUSES = frozenset({OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED})
ALLOWED_FROM = {
    "mark_ready": frozenset({OpportunityStatus.DRAFT}),
    "return_to_draft": frozenset({OpportunityStatus.READY}),
    "publish": frozenset({OpportunityStatus.DRAFT, OpportunityStatus.READY, OpportunityStatus.CLOSED}),
    "close": frozenset({OpportunityStatus.PUBLISHED}),
    "complete": frozenset({OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED}),
    "cancel": frozenset(
        {OpportunityStatus.DRAFT, OpportunityStatus.READY, OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED}
    ),
    "choose_service_model": EDITABLE_STATUSES,
}


@dataclass(frozen=True)
class TaskInput:
    title: str
    due_on: date
    details: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool


@dataclass(frozen=True)
class Recommendation:
    model: ServiceModel
    score: int
    reasons: list[str]

    @property
    def label(self) -> str:
        return self.model.label


# --- who may act -------------------------------------------------------------------------------


def can_manage(organization: Organization, user) -> bool:
    membership = active_membership(organization, user)
    return membership is not None and membership.can_manage


def _check_allowed(opportunity: Opportunity, action: str) -> None:
    if opportunity.status not in ALLOWED_FROM[action]:
        raise ValidationError(
            _("This cannot be done while the opportunity is “%(status)s”.") % {"status": opportunity.get_status_display()},
            code="wrong_status",
        )


def _locked(opportunity: Opportunity) -> Opportunity:
    """The row again, locked, so two people acting at once cannot both pass a status check."""
    return Opportunity.objects.select_for_update(of=("self",)).select_related("organization", "program").get(pk=opportunity.pk)


# --- rules (the forms call these too, so each rule has one implementation) -------------------------


def design_errors(values: Mapping) -> dict[str, list[str]]:
    """The mistakes in an opportunity's design, by field. `values` holds the opportunity's fields.

    Mirrors the database constraints (for a readable message) and adds the rules the database
    cannot hold: a city for in-person work, hours per week against hours per day, the working
    days fitting the period.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", _("The end date cannot be before the start date."))

    seats = values.get("seats")
    if seats is not None and not 1 <= seats <= MAX_SEATS:
        add("seats", _("Seats must be between 1 and %(max)s.") % {"max": MAX_SEATS})

    age_min, age_max = values.get("age_min"), values.get("age_max")
    if age_min is not None and age_max is not None and age_max < age_min:
        add("age_max", _("The maximum age cannot be below the minimum age."))

    mode, team_size = values.get("execution_mode"), values.get("team_size")
    if mode == ExecutionMode.TEAM:
        if team_size is None or team_size < 2:
            add("team_size", _("A team needs at least two members."))
        elif seats is not None and seats < team_size:
            add("seats", _("Offer at least as many seats as the team has members."))
    elif mode == ExecutionMode.INDIVIDUAL and team_size not in (None, 1):
        add("team_size", _("Individual work has a team size of one."))

    if values.get("english_allowed") and not (values.get("english_supervisor") or "").strip():
        add("english_supervisor", _("Name the English-speaking supervisor who will support English-speaking volunteers."))

    nature = values.get("nature")
    if nature == Nature.REMOTE and (values.get("venue") or "").strip():
        add("venue", _("Remote work has no venue. Clear the venue or choose in person or both."))
    if nature in (Nature.IN_PERSON, Nature.BOTH) and not values.get("city"):
        add("city", _("Choose the city where the in-person work takes place."))

    days = values.get("duration_days")
    if days is not None:
        if not 1 <= days <= MAX_DAYS:
            add("duration_days", _("The number of days must be between 1 and %(max)s.") % {"max": MAX_DAYS})
        elif starts_on and ends_on and ends_on >= starts_on and days > (ends_on - starts_on).days + 1:
            add(
                "duration_days",
                ngettext(
                    "%(days)s working day does not fit between the start and end dates.",
                    "%(days)s working days do not fit between the start and end dates.",
                    days,
                )
                % {"days": days},
            )

    per_day, per_week = values.get("hours_per_day"), values.get("hours_per_week")
    if per_day is not None:
        if per_day <= 0:
            add("hours_per_day", _("Hours per day must be more than zero."))
        elif per_day > MAX_HOURS_PER_DAY:
            add("hours_per_day", _("A day has no more than 24 hours."))
    if per_week is not None:
        if per_week <= 0:
            add("hours_per_week", _("Hours per week must be more than zero."))
        elif per_week > MAX_HOURS_PER_WEEK:
            add("hours_per_week", _("Hours per week cannot exceed %(max)s.") % {"max": MAX_HOURS_PER_WEEK})
        elif per_day is not None and 0 < per_day <= MAX_HOURS_PER_DAY and per_week > 7 * per_day:
            add(
                "hours_per_week",
                _("%(week)s hours a week is more than seven days of %(day)s hours.")
                % {"week": hours_text(per_week), "day": hours_text(per_day)},
            )

    category, expected = values.get("beneficiary_category"), values.get("beneficiaries_expected")
    if category == BeneficiaryCategory.INDIVIDUALS:
        if expected is None:
            add("beneficiaries_expected", _("Say how many people the work should reach."))
        elif not 1 <= expected <= MAX_BENEFICIARIES:
            add("beneficiaries_expected", _("The number of beneficiaries must be between 1 and %(max)s.") % {"max": MAX_BENEFICIARIES})

    channels = values.get("marketing_channels") or []
    if any(channel not in MarketingChannel.values for channel in channels):
        add("marketing_channels", _("Choose marketing channels from the list."))
    return errors


def task_errors(tasks: list[TaskInput], *, starts_on: date | None, ends_on: date | None) -> dict[int, tuple[str, str]]:
    """The mistakes in a list of tasks: position in the list → (the task's field, message)."""
    errors: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for index, task in enumerate(tasks):
        key = normalize(task.title)
        if key in seen:
            errors[index] = ("title", _("This task is listed twice."))
        elif starts_on and task.due_on < starts_on:
            errors[index] = ("due_on", _("This task is due before the opportunity starts."))
        elif ends_on and task.due_on > ends_on:
            errors[index] = ("due_on", _("This task is due after the opportunity ends."))
        seen.add(key)
    return errors


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
    if opportunity.program_id is not None and opportunity.program.organization_id != opportunity.organization_id:
        errors.setdefault("program", []).append(_("Choose one of your organization's programs."))
    if errors:
        raise ValidationError(errors, code="design")


def _as_tasks(tasks: Iterable[TaskInput | Mapping]) -> list[TaskInput]:
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


# --- completeness ------------------------------------------------------------------------------


def publish_checklist(opportunity: Opportunity) -> list[ChecklistItem]:
    """What publishing needs, each item done or not, in the order the page lists them."""
    has_fields = opportunity.fields.exists() if opportunity.pk else False
    has_tasks = opportunity.tasks.exists() if opportunity.pk else False
    return [
        ChecklistItem("title", _("A title that names the role"), bool(opportunity.title.strip())),
        ChecklistItem("description", _("A description of the work"), bool(opportunity.description.strip())),
        ChecklistItem("deliverables", _("The final deliverables"), bool(opportunity.deliverables.strip())),
        ChecklistItem("fields", _("At least one field"), has_fields),
        ChecklistItem("dates", _("Start and end dates"), bool(opportunity.starts_on and opportunity.ends_on)),
        ChecklistItem("tasks", _("At least one task with its delivery date"), has_tasks),
        ChecklistItem("service_model", _("A service model chosen (step 3)"), bool(opportunity.service_model)),
    ]


def missing_for_publish(opportunity: Opportunity) -> list[str]:
    """What is still missing before the opportunity can be published; empty when complete."""
    return [item.label for item in publish_checklist(opportunity) if not item.done]


def needs_readiness_override(opportunity: Opportunity) -> bool:
    """Publishing before the program passed its readiness check (step 5) needs a stated reason."""
    return opportunity.program_id is not None and not is_program_ready(opportunity.program)


# --- creating ----------------------------------------------------------------------------------


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


def _save(opportunity: Opportunity, related: dict, tasks: list[TaskInput] | None) -> Opportunity:
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
    *, organization: Organization, by, tasks: Iterable[TaskInput | Mapping] | None = None, **values
) -> Opportunity:
    """A new draft. Only `title` is needed; publishing checks the rest."""
    require_manager(organization, by)
    opportunity = Opportunity(organization=organization, created_by=by, status=OpportunityStatus.DRAFT)
    related = _apply(opportunity, values)
    _save(opportunity, related, _as_tasks(tasks) if tasks is not None else None)
    audit.record(actor=by, verb="opportunity.created", target=opportunity, organization=organization, title=opportunity.title)
    return opportunity


@transaction.atomic
def create_from_need(*, need: Need, by) -> Opportunity:
    """A draft from a row of the needs list (step 1 → step 2): the role, the skills, the people."""
    program = need.program
    organization = program.organization
    require_manager(organization, by)
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
    _save(opportunity, {"fields": [need.field_id]} if need.field_id else {}, None)
    audit.record(
        actor=by, verb="opportunity.created_from_need", target=opportunity, organization=organization, need=need.pk
    )
    return opportunity


def template_text(template: OpportunityTemplate, name: str, language: str) -> str:
    """A template's text in the language asked for, falling back to the other one."""
    first, second = ("en", "ar") if language.startswith("en") else ("ar", "en")
    return getattr(template, f"{name}_{first}") or getattr(template, f"{name}_{second}")


def template_task_title(task: Mapping, language: str) -> str:
    first, second = ("en", "ar") if language.startswith("en") else ("ar", "en")
    return task.get(f"title_{first}") or task.get(f"title_{second}") or ""


@transaction.atomic
def create_from_template(
    *,
    template: OpportunityTemplate,
    organization: Organization,
    by,
    program: Program | None = None,
    language: str,
    starts_on: date | None = None,
) -> Opportunity:
    """A draft copied from a template in the user's language, its tasks dated from `starts_on`.

    A task's `day` is the number of days after the start it is due; the opportunity ends on the
    last task's day. Work done in person takes place in the organization's city until changed.
    The usual service model is not copied: choosing it is step 3.
    """
    require_manager(organization, by)
    if not template.is_active:
        raise ValidationError(_("This template is no longer offered."), code="template_inactive")
    starts_on = starts_on or timezone.localdate()
    days = [int(task.get("day", 0)) for task in template.tasks]
    ends_on = starts_on + timedelta(days=max(days + [template.duration_days - 1]))
    opportunity = Opportunity(
        organization=organization,
        program=program,
        template=template,
        created_by=by,
        title=template_text(template, "title", language),
        description=template_text(template, "description", language),
        deliverables=template_text(template, "deliverables", language),
        responsibilities=template_text(template, "responsibilities", language),
        requirements=template_text(template, "requirements", language),
        min_years_experience=template.min_years_experience,
        execution_mode=template.execution_mode,
        team_size=template.team_size,
        seats=template.team_size,
        nature=template.nature,
        # In-person work needs a city: start from the organization's own, which people can change.
        city=organization.city if template.nature != Nature.REMOTE else None,
        duration_days=template.duration_days,
        hours_per_day=template.hours_per_day,
        hours_per_week=template.hours_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    tasks = [
        TaskInput(title=template_task_title(task, language), due_on=starts_on + timedelta(days=int(task.get("day", 0))))
        for task in template.tasks
    ]
    related = {
        "fields": list(template.fields.values_list("pk", flat=True)),
        "required_professions": list(template.professions.values_list("pk", flat=True)),
    }
    _save(opportunity, related, tasks)
    audit.record(
        actor=by,
        verb="opportunity.created_from_template",
        target=opportunity,
        organization=organization,
        template=template.code,
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
    opportunity = _locked(opportunity)
    if opportunity.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A completed or cancelled opportunity can no longer be changed."), code="not_editable")
    related = _apply(opportunity, changes)
    _save(opportunity, related, _as_tasks(tasks) if tasks is not None else None)
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
    opportunity = _locked(opportunity)
    if opportunity.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A completed or cancelled opportunity can no longer be changed."), code="not_editable")
    tasks = _as_tasks(tasks)
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


# --- status ------------------------------------------------------------------------------------


def _require_complete(opportunity: Opportunity) -> None:
    missing = missing_for_publish(opportunity)
    if missing:
        raise ValidationError([_("Still missing: %(item)s.") % {"item": item} for item in missing], code="incomplete")


def _transition(opportunity: Opportunity, *, to: str, by, verb: str, **data) -> Opportunity:
    opportunity.status = to
    opportunity.full_clean()
    opportunity.save()
    audit.record(actor=by, verb=verb, target=opportunity, organization=opportunity.organization, **data)
    return opportunity


@transaction.atomic
def mark_ready(*, opportunity: Opportunity, by) -> Opportunity:
    """The design is complete and waits for publishing (for example while the program gets ready)."""
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "mark_ready")
    _require_complete(opportunity)
    return _transition(opportunity, to=OpportunityStatus.READY, by=by, verb="opportunity.ready")


@transaction.atomic
def return_to_draft(*, opportunity: Opportunity, by) -> Opportunity:
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "return_to_draft")
    return _transition(opportunity, to=OpportunityStatus.DRAFT, by=by, verb="opportunity.returned_to_draft")


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity, by, override_reason: str = "") -> Opportunity:
    """Open the opportunity to volunteers.

    It must be complete. When its program has not passed the readiness check (step 5), the
    person publishing must say why they go ahead anyway; the reason is kept and audited.
    """
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "publish")
    _require_complete(opportunity)
    override_reason = (override_reason or "").strip()
    if needs_readiness_override(opportunity):
        if not override_reason:
            raise ValidationError(
                {"override_reason": _("The program has not passed its readiness check. Say why you publish now.")},
                code="not_ready",
            )
        opportunity.readiness_override_reason = override_reason
        audit.record(
            actor=by,
            verb="opportunity.published_before_readiness",
            target=opportunity,
            organization=opportunity.organization,
            program=opportunity.program_id,
            reason=override_reason,
        )
    reopened = opportunity.status == OpportunityStatus.CLOSED
    if opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    opportunity = _transition(
        opportunity, to=OpportunityStatus.PUBLISHED, by=by, verb="opportunity.reopened" if reopened else "opportunity.published"
    )
    search.reindex(opportunity)
    hooks.opportunity_published(opportunity)  # alerts: fanned out once the transaction commits
    return opportunity


@transaction.atomic
def close_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """Stop taking applications; the work itself goes on."""
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "close")
    return _transition(opportunity, to=OpportunityStatus.CLOSED, by=by, verb="opportunity.closed")


@transaction.atomic
def complete_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """The deliverables are handed over: the opportunity is done."""
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "complete")
    return _transition(opportunity, to=OpportunityStatus.COMPLETED, by=by, verb="opportunity.completed")


@transaction.atomic
def cancel_opportunity(*, opportunity: Opportunity, by, reason: str = "") -> Opportunity:
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "cancel")
    return _transition(opportunity, to=OpportunityStatus.CANCELLED, by=by, verb="opportunity.cancelled", reason=reason.strip())


# --- step 3: the service model -------------------------------------------------------------------

_BOARD_WORDS = ("board", "committee", "مجلس", "لجنة", "الحوكمة", "governance")
_COACHING_WORDS = ("mentor", "coach", "توجيه", "موجه", "إرشاد", "مرشد", "كوتش")
_HACKATHON_WORDS = ("hackathon", "هاكاثون", "هكاثون")
_COMMERCIAL_WORDS = ("commercial", "free of charge", "تجاري", "تجارية", "مجانا", "بدون مقابل", "دون مقابل")


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    text = normalize(text)
    return any(normalize(word) in text for word in words)


def _partner_involved(opportunity: Opportunity) -> bool:
    if not opportunity.pk:
        return False
    return (
        PartnerAgreement.objects.filter(opportunity=opportunity).exclude(status=PartnerAgreementStatus.WITHDRAWN).exists()
        or opportunity.shortlist.filter(kind=ShortlistKind.COMPANIES).exists()
    )


def recommend_service_models(opportunity: Opportunity) -> list[Recommendation]:
    """The one or two service models that fit the opportunity best, each with its reasons in words.

    Read from the facts: length and hours, urgency, team or individual, a partner involved,
    a board or governance role, coaching, a company's commercial service, the template's usual model.
    """
    days = opportunity.duration_days
    per_week = opportunity.hours_per_week
    total = opportunity.total_hours
    team = opportunity.execution_mode == ExecutionMode.TEAM
    text = " ".join([opportunity.title, opportunity.description, opportunity.deliverables])
    field_codes = set(opportunity.fields.values_list("code", flat=True)) if opportunity.pk else set()
    partner = _partner_involved(opportunity)
    scores: dict[str, int] = {model: 0 for model in ServiceModel.values}
    reasons: dict[str, list[str]] = {model: [] for model in ServiceModel.values}

    def add(model: str, points: int, reason: str) -> None:
        scores[model] += points
        reasons[model].append(reason)

    # Team project: a team, or a provider lending one, for a bounded product.
    if team:
        size = opportunity.team_size
        add(
            ServiceModel.TEAM_PROJECT,
            3,
            ngettext("It is done by a team of %(size)s person.", "It is done by a team of %(size)s people.", size) % {"size": size},
        )
    if partner:
        add(ServiceModel.TEAM_PROJECT, 2, _("A company or another provider is involved and can lend a team."))
    if (team or partner) and opportunity.deliverables.strip() and days <= 120:
        add(ServiceModel.TEAM_PROJECT, 1, _("It ends with a defined deliverable within a fixed period."))

    # Hackathon: very short and intensive.
    if _mentions(text, _HACKATHON_WORDS):
        add(ServiceModel.HACKATHON, 4, _("The title or description speaks of a hackathon."))
    if days <= 3:
        add(
            ServiceModel.HACKATHON,
            3,
            ngettext("The work fits in %(days)s day of intensive effort.", "The work fits in %(days)s days of intensive effort.", days)
            % {"days": days},
        )
        if opportunity.urgent:
            add(ServiceModel.HACKATHON, 2, _("It is urgent, and a hackathon delivers within days."))
        if team:
            add(ServiceModel.HACKATHON, 1, _("Hackathons bring several specialists together at once."))

    # Board or committee service: governance.
    if "governance" in field_codes or _mentions(opportunity.title, _BOARD_WORDS):
        add(ServiceModel.BOARD_SERVICE, 4, _("It is a governance role on the board or one of its committees."))
        if days >= 90:
            add(ServiceModel.BOARD_SERVICE, 1, _("It asks for a long commitment rather than one deliverable."))

    # Coaching and mentoring: growing a person over a month or more.
    if _mentions(opportunity.title + " " + opportunity.description, _COACHING_WORDS):
        add(ServiceModel.COACHING, 4, _("The aim is to coach or mentor a member of your staff."))
        if days >= 30 or (opportunity.starts_on and opportunity.ends_on and (opportunity.ends_on - opportunity.starts_on).days >= 28):
            add(ServiceModel.COACHING, 1, _("It lasts a month or more, long enough for mentoring to work."))

    # Secondment: close to full time for weeks.
    if per_week >= 30:
        add(ServiceModel.SECONDMENT, 3, _("It asks for %(hours)s hours a week, close to full time.") % {"hours": hours_text(per_week)})
        if days >= 30:
            add(
                ServiceModel.SECONDMENT,
                1,
                ngettext("It runs for %(days)s day, as long as a secondment.", "It runs for %(days)s days, as long as a secondment.", days)
                % {"days": days},
            )

    # Free commercial services: a company gives what it sells.
    if _mentions(text + " " + opportunity.requirements, _COMMERCIAL_WORDS):
        add(ServiceModel.FREE_COMMERCIAL, 4, _("It describes a company's commercial service given free of charge."))
    if partner and not team:
        add(ServiceModel.FREE_COMMERCIAL, 1, _("A company is involved and may give its usual service for free."))

    # Skills-based volunteering: one professional, a set period, a clear result.
    if not team:
        add(ServiceModel.SKILLS_BASED, 2, _("One professional can deliver it on their own."))
    if 4 <= days <= 180:
        add(
            ServiceModel.SKILLS_BASED,
            1,
            ngettext(
                "It runs %(days)s day for %(total)s hours in all, a set period a volunteer can commit to.",
                "It runs %(days)s days for %(total)s hours in all, a set period a volunteer can commit to.",
                days,
            )
            % {"days": days, "total": hours_text(total)},
        )

    template = opportunity.template if opportunity.template_id else None
    if template is not None and template.service_model:
        add(
            template.service_model,
            3,
            _("Opportunities made from the template “%(template)s” are usually delivered this way.")
            % {"template": template_text(template, "title", _language())},
        )

    ranked = sorted(
        (model for model in ServiceModel if scores[model] > 0), key=lambda model: (-scores[model], list(ServiceModel).index(model))
    )
    if not ranked:
        return [Recommendation(ServiceModel.SKILLS_BASED, 1, [_("It is the most common model when nothing points elsewhere.")])]
    chosen = [ranked[0]]
    if len(ranked) > 1 and scores[ranked[1]] >= 3:
        chosen.append(ranked[1])
    return [Recommendation(model, scores[model], reasons[model]) for model in chosen]


def _language() -> str:
    return get_language() or "ar"


def hours_text(value: Decimal | int) -> str:
    """12.5 → "12.5", 100.0 → "100": hours as people write them."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@transaction.atomic
def choose_service_model(*, opportunity: Opportunity, model: str, reasoning: str, by) -> Opportunity:
    """Record the chosen model, why, by whom and when.

    Choosing a recommended model without a reason keeps the recommendation's reasons; choosing
    another one needs the person's own reasoning.
    """
    require_manager(opportunity.organization, by)
    opportunity = _locked(opportunity)
    _check_allowed(opportunity, "choose_service_model")
    if model not in ServiceModel.values:
        raise ValidationError({"model": _("Choose one of the seven service models.")}, code="unknown_model")
    reasoning = (reasoning or "").strip()
    if not reasoning:
        recommended = {rec.model: rec for rec in recommend_service_models(opportunity)}
        if model not in recommended:
            raise ValidationError(
                {"reasoning": _("This model is not among the recommended ones. Explain why it fits.")}, code="reason_needed"
            )
        reasoning = " ".join(recommended[model].reasons)
    opportunity.service_model = model
    opportunity.service_model_reasoning = reasoning
    opportunity.service_model_chosen_at = timezone.now()
    opportunity.service_model_chosen_by = by
    opportunity.full_clean()
    opportunity.save()
    audit.record(
        actor=by,
        verb="opportunity.service_model_chosen",
        target=opportunity,
        organization=opportunity.organization,
        model=model,
        reasoning=reasoning,
        skips_agreements=SERVICE_MODELS[model].skips_agreements,
    )
    return opportunity


def skips_agreements(opportunity: Opportunity) -> bool:
    """Free commercial services go from step 3 straight to readiness (step 5): no agreement to write."""
    info = SERVICE_MODELS.get(opportunity.service_model)
    return bool(info and info.skips_agreements)


__all__ = [
    "ChecklistItem",
    "Recommendation",
    "TaskInput",
    "cancel_opportunity",
    "choose_service_model",
    "close_opportunity",
    "complete_opportunity",
    "create_from_need",
    "create_from_template",
    "create_opportunity",
    "design_errors",
    "mark_ready",
    "missing_for_publish",
    "needs_readiness_override",
    "publish_checklist",
    "publish_opportunity",
    "recommend_service_models",
    "replace_tasks",
    "return_to_draft",
    "skips_agreements",
    "task_errors",
    "update_opportunity",
]
