"""Creating a draft from one of the platform's opportunity templates (template_data.py)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.organizations.access import require_manager
from khibra.organizations.models import Organization
from khibra.programs.models import Program

from ..models import Nature, Opportunity, OpportunityTemplate
from ..rules import TaskInput
from ..selectors import template_task_title, template_text
from .editing import program_for, require_beneficiary, save_design


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
    require_beneficiary(organization)
    if not template.is_active:
        raise ValidationError(_("This template is no longer offered."), code="template_inactive")
    starts_on = starts_on or timezone.localdate()
    days = [int(task.get("day", 0)) for task in template.tasks]
    ends_on = starts_on + timedelta(days=max(days + [template.duration_days - 1]))
    program = program_for(organization, by=by, program=program, new_program=None)
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
    save_design(opportunity, related, tasks)
    audit.record(
        actor=by,
        verb="opportunity.created_from_template",
        target=opportunity,
        organization=organization,
        template=template.code,
    )
    return opportunity
