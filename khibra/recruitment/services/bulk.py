"""Several decisions on the selection board at once: move, wait-list, accept or pass on the
applicants a manager ticked, in one transaction.

Each application goes through the same service as a single decision (its rule, its audit row,
its notification to the applicant); the first refusal rolls back every change of the batch, so a
batch is done whole or not at all. Applications of other opportunities (another organization's
above all) are refused before anything moves.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khibra.opportunities.models import Opportunity
from khibra.organizations.access import require_manager

from ..models import Application
from . import applications as single

BULK_ACTIONS = ("screening", "waitlist", "accept", "reject")
MAX_BATCH = 100


@transaction.atomic
def bulk_decide(
    *, opportunity: Opportunity, application_ids: Iterable[int], action: str, by, reason_code: str = "", note: str = ""
) -> list[Application]:
    """Apply `action` to each of the opportunity's applications named by `application_ids`, in the
    order they applied. `reason_code` (a PassReason) is required to pass on applicants; `note` is
    kept with each change in the audit trail (and as the internal note of a pass)."""
    require_manager(opportunity.organization, by)
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": _("Choose what to do with the selected applicants.")}, code="action")
    ids = sorted({int(pk) for pk in application_ids})
    if not ids:
        raise ValidationError({"ids": _("Tick at least one applicant.")}, code="none_selected")
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            {"ids": _("Select at most %(max)s applicants at once.") % {"max": MAX_BATCH}}, code="too_many"
        )
    applications = list(Application.objects.filter(opportunity=opportunity, pk__in=ids).order_by("created_at", "pk"))
    if len(applications) != len(ids):
        raise ValidationError({"ids": _("Some selected applicants are not on this board.")}, code="not_on_board")
    note = (note or "").strip()[:2000]
    done = []
    for application in applications:
        try:
            done.append(_decide(application, action=action, by=by, reason_code=reason_code, note=note))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise  # a field of the form (the reason): said once, at the field
            name = application.volunteer.user.full_name
            raise ValidationError(
                _("Nothing was changed. %(name)s: %(error)s")
                % {"name": name, "error": error.messages[0]},
                code=getattr(error, "code", None) or "refused",
            ) from None
    return done


def _decide(application: Application, *, action: str, by, reason_code: str, note: str):
    if action == "screening":
        return single.move_to_screening(application=application, by=by, note=note)
    if action == "waitlist":
        return single.waitlist_application(application=application, by=by, note=note)
    if action == "accept":
        single.accept_application(application=application, by=by, note=note)
        return application
    return single.reject_application(application=application, by=by, reason_code=reason_code, note=note)
