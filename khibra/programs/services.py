"""State changes of programs, their action plan, needs assessment and readiness.

Each function is one use case: it checks who may act (`PermissionDenied`) and the business rules
(`ValidationError` with a translated message), writes, and records an audit row in the same
transaction. Views, commands and tests all go through here.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.organizations.access import active_membership
from khibra.organizations.models import Membership, Organization, OrganizationKind

from .access import can_run_programs
from .models import (
    ActionPlanStep,
    ExecutionMode,
    Need,
    NeedsAssessment,
    NeedStatus,
    Program,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessItem,
    Suitability,
)
from .readiness import CRITERIA_BY_CODE
from .selectors import QUESTION_FIELDS, assessment_gaps  # noqa: F401  (QUESTION_FIELDS: read here by the API)

# Steps 1–5 follow from the data (see steps.py); only the later ones are set by hand for now.
MANUAL_STATUS_STEPS = frozenset({6, 7, 8, 9})
PROGRAM_FIELDS = frozenset({"name", "goal", "starts_on", "ends_on"})
NEED_FIELDS = frozenset(
    {
        "title",
        "description",
        "department",
        "field",
        "skills_required",
        "suitability",
        "paid_staff_reason",
        "suitability_note",
        "volunteers_needed",
        "execution_mode",
    }
)
# What a department may say when it raises a need; the manager decides the rest.
SUBMIT_FIELDS = frozenset(
    {"title", "description", "department", "field", "skills_required", "volunteers_needed", "execution_mode"}
)


# --- who may act -------------------------------------------------------------------------------


def _require_runner(organization: Organization, user) -> Membership:
    membership = active_membership(organization, user)
    if not can_run_programs(organization, membership):
        raise PermissionDenied(_("Only the organization's admin or volunteer manager can do this."))
    return membership


def _require_member(organization: Organization, user) -> Membership:
    membership = active_membership(organization, user)
    if membership is None or organization.kind != OrganizationKind.NONPROFIT:
        raise PermissionDenied(_("Only members of the organization can do this."))
    return membership


# --- rules shared by several use cases -----------------------------------------------------------


def _validate(instance: models.Model, **kwargs) -> None:
    """`full_clean()`, plus the length of text fields, which Django checks only in forms."""
    errors = {}
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.TextField) and model_field.max_length:
            try:
                MaxLengthValidator(model_field.max_length)(getattr(instance, model_field.attname) or "")
            except ValidationError as error:
                errors[model_field.name] = error.messages
    if errors:
        raise ValidationError(errors)
    instance.full_clean(**kwargs)


def _check_period(starts_on: dt.date | None, ends_on: dt.date | None, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: _("The end date cannot be before the start date.")}, code="period_order")


def _check_need(need: Need) -> None:
    """Rules of a need row beyond its columns; repeated in NeedForm.clean for a readable message."""
    errors = {}
    if need.suitability == Suitability.PAID_STAFF and not need.paid_staff_reason:
        errors["paid_staff_reason"] = _("Say why paid staff or a consultant should do this work.")
    if need.execution_mode == ExecutionMode.TEAM and need.volunteers_needed < 2:
        errors["volunteers_needed"] = _("A team needs at least two volunteers.")
    if errors:
        raise ValidationError(errors, code="need_rules")


def _lock_list(program: Program) -> None:
    """Serialise changes to a program's needs list (priorities are handed out as max + 1)."""
    Program.objects.select_for_update().filter(pk=program.pk).first()


def _next_priority(program: Program) -> int:
    top = Need.objects.on_list().filter(program=program).aggregate(top=Max("priority"))["top"]
    return (top or 0) + 1


def _renumber(program: Program) -> None:
    """Priorities of the listed needs back to 1..n, keeping their order."""
    listed = list(Need.objects.on_list().filter(program=program).order_by("priority", "created_at", "pk"))
    changed = []
    for number, need in enumerate(listed, start=1):
        if need.priority != number:
            need.priority = number
            changed.append(need)
    if changed:
        Need.objects.bulk_update(changed, ["priority"])


# --- programs ----------------------------------------------------------------------------------


@transaction.atomic
def create_program(
    *, organization: Organization, by, name: str, goal: str, starts_on: dt.date, ends_on: dt.date
) -> Program:
    _require_runner(organization, by)
    _check_period(starts_on, ends_on)
    program = Program(organization=organization, name=name, goal=goal, starts_on=starts_on, ends_on=ends_on, created_by=by)
    _validate(program)
    program.save()
    ActionPlanStep.objects.bulk_create(ActionPlanStep(program=program, step=number) for number in range(1, 10))
    NeedsAssessment.objects.create(program=program)
    audit.record(actor=by, verb="program.created", target=program, organization=organization, name=name)
    return program


@transaction.atomic
def update_program(*, program: Program, by, **changes) -> Program:
    _require_runner(program.organization, by)
    unknown = set(changes) - PROGRAM_FIELDS
    if unknown:
        raise TypeError(f"update_program cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(program, name, value)
    _check_period(program.starts_on, program.ends_on)
    _validate(program)
    program.save()
    audit.record(actor=by, verb="program.updated", target=program, organization=program.organization, fields=sorted(changes))
    return program


# --- action plan (Table 1) ---------------------------------------------------------------------


@transaction.atomic
def update_plan_step(
    *,
    step: ActionPlanStep,
    by,
    responsible: str = "",
    responsible_user=None,
    method: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    manual_status: str = "",
) -> ActionPlanStep:
    organization = step.program.organization
    _require_runner(organization, by)
    if manual_status and step.step not in MANUAL_STATUS_STEPS:
        raise ValidationError(
            {"manual_status": _("The status of this step follows from the program's data and cannot be set by hand.")},
            code="status_derived",
        )
    if responsible_user is not None and active_membership(organization, responsible_user) is None:
        raise ValidationError(
            {"responsible_user": _("The responsible person must be an active member of the organization.")},
            code="not_a_member",
        )
    _check_period(starts_on, ends_on)
    step.responsible = responsible
    step.responsible_user = responsible_user
    step.method = method
    step.starts_on = starts_on
    step.ends_on = ends_on
    step.manual_status = manual_status
    _validate(step)
    step.save()
    audit.record(
        actor=by, verb="plan_step.updated", target=step, organization=organization, step=step.step, status=manual_status
    )
    return step


# --- step 1: needs assessment (Table 2) ----------------------------------------------------------


def _assessment(program: Program) -> NeedsAssessment:
    assessment, _created = NeedsAssessment.objects.select_for_update().get_or_create(program=program)
    return assessment


@transaction.atomic
def save_needs_assessment(
    *,
    program: Program,
    by,
    stalled_work: str = "",
    capability_gaps: str = "",
    development_roles: str = "",
    initiatives: str = "",
) -> NeedsAssessment:
    _require_runner(program.organization, by)
    assessment = _assessment(program)
    assessment.stalled_work = stalled_work.strip()
    assessment.capability_gaps = capability_gaps.strip()
    assessment.development_roles = development_roles.strip()
    assessment.initiatives = initiatives.strip()
    _validate(assessment)
    assessment.save()
    audit.record(actor=by, verb="needs_assessment.saved", target=assessment, organization=program.organization)
    return assessment


def _build_need(need: Need, values: dict, allowed: frozenset) -> Need:
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"a need cannot take {sorted(unknown)}")
    for name, value in values.items():
        setattr(need, name, value.strip() if isinstance(value, str) else value)
    if need.suitability != Suitability.PAID_STAFF:
        need.paid_staff_reason = ""
    _check_need(need)
    _validate(need)
    return need


@transaction.atomic
def add_need(*, program: Program, by, **values) -> Need:
    """A manager puts a need straight on the list, after the last one."""
    _require_runner(program.organization, by)
    _lock_list(program)
    need = _build_need(Need(program=program, status=NeedStatus.ACCEPTED, submitted_by=by), values, NEED_FIELDS)
    need.priority = _next_priority(program)
    need.save()
    audit.record(actor=by, verb="need.added", target=need, organization=program.organization, title=need.title)
    return need


@transaction.atomic
def submit_need(*, program: Program, by, **values) -> Need:
    """A department (any member, supervisors included) raises a need for the manager to decide on."""
    _require_member(program.organization, by)
    need = _build_need(Need(program=program, status=NeedStatus.SUBMITTED, submitted_by=by, priority=0), values, SUBMIT_FIELDS)
    need.save()
    audit.record(actor=by, verb="need.submitted", target=need, organization=program.organization, title=need.title)
    return need


@transaction.atomic
def update_need(*, need: Need, by, **values) -> Need:
    _require_runner(need.program.organization, by)
    if need.status in (NeedStatus.MERGED, NeedStatus.DECLINED):
        raise ValidationError(_("A merged or declined need can no longer be changed."), code="need_closed")
    _build_need(need, values, NEED_FIELDS)
    need.save()
    audit.record(
        actor=by, verb="need.updated", target=need, organization=need.program.organization, fields=sorted(values)
    )
    return need


def _locked_need(need: Need) -> Need:
    return Need.objects.select_for_update().select_related("program__organization").get(pk=need.pk)


@transaction.atomic
def accept_need(*, need: Need, by) -> Need:
    _require_runner(need.program.organization, by)
    _lock_list(need.program)
    need = _locked_need(need)
    if need.status != NeedStatus.SUBMITTED:
        raise ValidationError(_("Only a need waiting for a decision can be accepted."), code="not_submitted")
    need.status = NeedStatus.ACCEPTED
    need.priority = _next_priority(need.program)
    _validate(need)
    need.save()
    audit.record(actor=by, verb="need.accepted", target=need, organization=need.program.organization)
    return need


@transaction.atomic
def merge_need(*, need: Need, into: Need, by) -> Need:
    """Fold a need into one already on the list (a duplicate raised by another department)."""
    _require_runner(need.program.organization, by)
    _lock_list(need.program)
    need = _locked_need(need)
    if need.status not in (NeedStatus.SUBMITTED, NeedStatus.ACCEPTED):
        raise ValidationError(_("This need has already been merged or declined."), code="need_closed")
    if into.pk == need.pk or into.program_id != need.program_id or into.status != NeedStatus.ACCEPTED:
        raise ValidationError(
            {"into": _("Choose another need of this program that is on the needs list.")}, code="bad_merge_target"
        )
    was_listed = need.status == NeedStatus.ACCEPTED
    need.status = NeedStatus.MERGED
    need.merged_into = into
    need.priority = 0
    _validate(need)
    need.save()
    if was_listed:
        _renumber(need.program)
    audit.record(actor=by, verb="need.merged", target=need, organization=need.program.organization, into=into.pk)
    return need


@transaction.atomic
def decline_need(*, need: Need, by) -> Need:
    _require_runner(need.program.organization, by)
    _lock_list(need.program)
    need = _locked_need(need)
    if need.status not in (NeedStatus.SUBMITTED, NeedStatus.ACCEPTED):
        raise ValidationError(_("This need has already been merged or declined."), code="need_closed")
    was_listed = need.status == NeedStatus.ACCEPTED
    need.status = NeedStatus.DECLINED
    need.priority = 0
    _validate(need)
    need.save()
    if was_listed:
        _renumber(need.program)
    audit.record(actor=by, verb="need.declined", target=need, organization=need.program.organization)
    return need


@transaction.atomic
def reorder_needs(*, program: Program, ordered_ids: list[int], by) -> list[Need]:
    """Set the priorities of the listed needs to 1..n in the given order."""
    _require_runner(program.organization, by)
    _lock_list(program)
    listed = {need.pk: need for need in Need.objects.on_list().filter(program=program)}
    if len(ordered_ids) != len(set(ordered_ids)) or set(ordered_ids) != set(listed):
        raise ValidationError(
            _("The order must list every need on the list exactly once. Reload the page and try again."),
            code="bad_order",
        )
    ordered = []
    for number, pk in enumerate(ordered_ids, start=1):
        need = listed[pk]
        need.priority = number
        ordered.append(need)
    Need.objects.bulk_update(ordered, ["priority"])
    audit.record(actor=by, verb="needs.reordered", target=program, organization=program.organization, order=list(ordered_ids))
    return ordered


@transaction.atomic
def complete_needs_assessment(*, program: Program, by) -> NeedsAssessment:
    _require_runner(program.organization, by)
    assessment = _assessment(program)
    listed = Need.objects.on_list().filter(program=program)
    gaps = assessment_gaps(
        assessment=assessment,
        listed=listed.count(),
        undecided=listed.filter(suitability=Suitability.UNDECIDED).count(),
    )
    if gaps:
        raise ValidationError(gaps, code="assessment_incomplete")
    assessment.completed_at = timezone.now()
    assessment.completed_by = by
    assessment.save(update_fields=["completed_at", "completed_by", "updated_at"])
    audit.record(actor=by, verb="needs_assessment.completed", target=assessment, organization=program.organization)
    return assessment


# --- step 5: readiness ---------------------------------------------------------------------------


@transaction.atomic
def save_readiness(*, program: Program, answers: dict[str, tuple[str, str]], by) -> ReadinessAssessment:
    """Replace the program's readiness answers: `answers` maps criterion code → (answer, note).

    A criterion left out is unanswered (its earlier answer is removed).
    """
    _require_runner(program.organization, by)
    unknown = set(answers) - set(CRITERIA_BY_CODE)
    if unknown:
        raise ValidationError(_("Unknown readiness criterion."), code="unknown_criterion")
    assessment, _created = ReadinessAssessment.objects.select_for_update().get_or_create(
        program=program, defaults={"assessed_by": by}
    )
    items = []
    for code, (answer, note) in answers.items():
        item = ReadinessItem(assessment=assessment, criterion=code, answer=answer, note=(note or "").strip())
        if answer not in ReadinessAnswer.values:
            raise ValidationError({code: _("Answer yes, partly or no.")}, code="bad_answer")
        _validate(item, exclude=["assessment"], validate_unique=False, validate_constraints=False)
        items.append(item)
    assessment.items.all().delete()
    ReadinessItem.objects.bulk_create(items)
    assessment.assessed_by = by
    assessment.save(update_fields=["assessed_by", "updated_at"])
    audit.record(
        actor=by,
        verb="readiness.saved",
        target=assessment,
        organization=program.organization,
        answers={code: answer for code, (answer, _note) in answers.items()},
    )
    return assessment
