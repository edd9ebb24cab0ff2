"""Inputs of the opportunities API beyond its shapes: the program created with an organization's
first opportunity (checked by the web's forms), and services' refusals with their stable codes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khibra.api.errors import ApiError, django_validation_fields
from khibra.api.forms import form_error
from khibra.opportunities.forms import QuickProgramForm
from khibra.opportunities.services import NewProgram
from khibra.organizations.models import Organization
from khibra.programs.forms import ReadinessForm
from khibra.programs.readiness import CRITERIA_BY_CODE

from .opportunity_shapes import NewProgramIn

# The rules a client reacts to, each with its own code (else a plain validation_error).
STABLE_CODES = frozenset(
    {
        "not_ready", "dates_passed", "provider_cannot_own", "program_required", "own_opportunity", "already_ready",
        "reason_needed", "not_a_beneficiary", "not_a_provider",
    }
)


def stable_error(error: ValidationError) -> ApiError | None:
    """A service's refusal as a 400 with its stable code (not_ready, dates_passed, …), if it has one."""
    errors = [item for items in error.error_dict.values() for item in items] if hasattr(error, "error_dict") else error.error_list
    code = next((item.code for item in errors if item.code in STABLE_CODES), None)
    if code is None:
        return None
    message, fields = django_validation_fields(error)
    return ApiError(400, code, message, fields)


def new_program_from(payload: NewProgramIn, organization: Organization) -> NewProgram:
    """The program created with the organization's first opportunity, checked by the web's forms;
    errors under `new_program.<field>` and `new_program.readiness.<criterion>`."""
    unknown = sorted(set(payload.readiness) - set(CRITERIA_BY_CODE))
    if unknown:
        message = _("Unknown readiness criterion.")
        raise ApiError(400, "validation_error", message, {f"new_program.readiness.{code}": [message] for code in unknown})
    program_form = QuickProgramForm(
        data={f"program-{name}": value for name, value in payload.dict(exclude={"readiness"}).items()}, organization=organization
    )
    readiness = ReadinessForm(
        data={
            f"readiness-{code}-{part}": value
            for code, answer in payload.readiness.items()
            for part, value in (("answer", answer.answer), ("note", answer.note))
        },
        prefix="readiness",
    )
    for form, prefix in ((program_form, "new_program."), (readiness, "new_program.readiness.")):
        if not form.is_valid():
            error = form_error(form)
            error.fields = {
                prefix + name.removeprefix("program-").removeprefix("readiness-").removesuffix("-answer"): messages
                for name, messages in error.fields.items()
            }
            raise error
    return program_form.new_program(readiness)
