"""An opportunity's status from draft to done, and its service model (step 3).

Admins and volunteer managers of the organization act (`require_manager`); each transition checks
the status it starts from, writes, and records an audit row in the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from khibra.core import audit
from khibra.organizations.access import require_manager

from .. import hooks, search
from ..models import Opportunity, OpportunityStatus, ServiceModel
from ..selectors import missing_for_publish, needs_readiness_override
from ..service_model_chooser import recommend_service_models
from ..service_models import SERVICE_MODELS

PROVIDER_REFUSAL = gettext_lazy(
    "A company, government body or university cannot offer opportunities in its own name. Offer your volunteers "
    "or a team to a beneficiary organization's opportunity, or propose an opportunity that it adopts as its own."
)

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


def check_allowed(opportunity: Opportunity, action: str) -> None:
    if opportunity.status not in ALLOWED_FROM[action]:
        raise ValidationError(
            _("This cannot be done while the opportunity is “%(status)s”.") % {"status": opportunity.get_status_display()},
            code="wrong_status",
        )


def locked(opportunity: Opportunity) -> Opportunity:
    """The row again, locked, so two people acting at once cannot both pass a status check."""
    return Opportunity.objects.select_for_update(of=("self",)).select_related("organization", "program").get(pk=opportunity.pk)


def _acting_on(opportunity: Opportunity, by, action: str) -> Opportunity:
    """The opportunity, locked, once `by` may manage it and its status allows `action`."""
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, action)
    return opportunity


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
    opportunity = _acting_on(opportunity, by, "mark_ready")
    _require_complete(opportunity)
    return _transition(opportunity, to=OpportunityStatus.READY, by=by, verb="opportunity.ready")


@transaction.atomic
def return_to_draft(*, opportunity: Opportunity, by) -> Opportunity:
    opportunity = _acting_on(opportunity, by, "return_to_draft")
    return _transition(opportunity, to=OpportunityStatus.DRAFT, by=by, verb="opportunity.returned_to_draft")


def _require_dates(opportunity: Opportunity) -> None:
    """A listing cannot open with its application deadline or its end date already passed."""
    today = timezone.localdate()
    errors = {}
    if opportunity.ends_on and opportunity.ends_on < today:
        errors["ends_on"] = _("The end date has passed. Move the dates before publishing.")
    elif opportunity.applications_close_on and opportunity.applications_close_on < today:
        field = "apply_by" if opportunity.apply_by else "starts_on"
        errors[field] = _("The last day to apply has passed. Set a later application deadline or start date before publishing.")
    if errors:
        raise ValidationError({name: ValidationError(message, code="dates_passed") for name, message in errors.items()})


def _require_readiness(opportunity: Opportunity, by) -> None:
    """The program passed its readiness check (step 5), or an admin other than the person
    publishing (and other than the author) decided to go ahead and said why."""
    if not needs_readiness_override(opportunity):
        return
    overridden_by = opportunity.readiness_override_by_id
    if overridden_by is None:
        raise ValidationError(
            _(
                "The program has not passed its readiness check. Complete the readiness check, or ask another "
                "admin of the organization to approve publishing before readiness."
            ),
            code="not_ready",
        )
    if overridden_by == by.pk:
        raise ValidationError(
            _("You approved publishing before readiness yourself: another admin or manager of the organization must publish."),
            code="not_ready",
        )


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """Open the opportunity to volunteers.

    It must be complete, its dates not passed, and its program ready (step 5) unless an admin
    approved publishing before readiness (`override_readiness`).
    """
    opportunity = _acting_on(opportunity, by, "publish")
    _require_organization_may_publish(opportunity)
    _require_complete(opportunity)
    _require_dates(opportunity)
    _require_readiness(opportunity, by)
    if needs_readiness_override(opportunity):
        audit.record(
            actor=by,
            verb="opportunity.published_before_readiness",
            target=opportunity,
            organization=opportunity.organization,
            program=opportunity.program_id,
            reason=opportunity.readiness_override_reason,
            approved_by=opportunity.readiness_override_by_id,
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


def _require_organization_may_publish(opportunity: Opportunity) -> None:
    if opportunity.organization.is_provider:
        raise ValidationError(PROVIDER_REFUSAL, code="provider_cannot_own")


@transaction.atomic
def override_readiness(*, opportunity: Opportunity, by, reason: str) -> Opportunity:
    """An admin lets the opportunity be published before its program is ready, and says why.

    Four eyes: the admin may not be the opportunity's author, and someone else publishes it.
    The reason is kept on the opportunity, shown on the tracker and audited.
    """
    membership = require_manager(opportunity.organization, by)
    if not membership.is_admin:
        raise PermissionDenied(_("Only an admin of the organization can approve publishing before readiness."))
    opportunity = locked(opportunity)
    check_allowed(opportunity, "publish")
    if opportunity.created_by_id == by.pk:
        raise ValidationError(
            _("You designed this opportunity: another admin of the organization must approve publishing it before readiness."),
            code="own_opportunity",
        )
    if not needs_readiness_override(opportunity):
        raise ValidationError(_("The program has passed its readiness check: there is nothing to approve."), code="already_ready")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the opportunity may be published before the program is ready."), code="reason_needed")}
        )
    opportunity.readiness_override_reason = reason
    opportunity.readiness_override_by = by
    opportunity.readiness_override_at = timezone.now()
    opportunity.full_clean()
    opportunity.save(update_fields=["readiness_override_reason", "readiness_override_by", "readiness_override_at", "updated_at"])
    audit.record(
        actor=by,
        verb="opportunity.readiness_overridden",
        target=opportunity,
        organization=opportunity.organization,
        program=opportunity.program_id,
        reason=reason,
    )
    return opportunity


@transaction.atomic
def close_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """Stop taking applications; the work itself goes on."""
    opportunity = _acting_on(opportunity, by, "close")
    return _transition(opportunity, to=OpportunityStatus.CLOSED, by=by, verb="opportunity.closed")


@transaction.atomic
def complete_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """The deliverables are handed over: the opportunity is done."""
    opportunity = _acting_on(opportunity, by, "complete")
    return _transition(opportunity, to=OpportunityStatus.COMPLETED, by=by, verb="opportunity.completed")


@transaction.atomic
def cancel_opportunity(*, opportunity: Opportunity, by, reason: str = "") -> Opportunity:
    opportunity = _acting_on(opportunity, by, "cancel")
    return _transition(opportunity, to=OpportunityStatus.CANCELLED, by=by, verb="opportunity.cancelled", reason=reason.strip())


@transaction.atomic
def choose_service_model(*, opportunity: Opportunity, model: str, reasoning: str, by) -> Opportunity:
    """Record the chosen model, why, by whom and when.

    Choosing a recommended model without a reason keeps the recommendation's reasons; choosing
    another one needs the person's own reasoning.
    """
    opportunity = _acting_on(opportunity, by, "choose_service_model")
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
