"""An opportunity's status from draft to done, and its service model (step 3).

Admins and volunteer managers of the organization act (`require_manager`); each transition checks
the status it starts from, writes, and records an audit row in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.organizations.access import require_manager

from .. import hooks, search
from ..models import Opportunity, OpportunityStatus, ServiceModel
from ..selectors import missing_for_publish, needs_readiness_override
from ..service_model_chooser import recommend_service_models
from ..service_models import SERVICE_MODELS

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
    opportunity = locked(opportunity)
    check_allowed(opportunity, "mark_ready")
    _require_complete(opportunity)
    return _transition(opportunity, to=OpportunityStatus.READY, by=by, verb="opportunity.ready")


@transaction.atomic
def return_to_draft(*, opportunity: Opportunity, by) -> Opportunity:
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, "return_to_draft")
    return _transition(opportunity, to=OpportunityStatus.DRAFT, by=by, verb="opportunity.returned_to_draft")


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity, by, override_reason: str = "") -> Opportunity:
    """Open the opportunity to volunteers.

    It must be complete. When its program has not passed the readiness check (step 5), the
    person publishing must say why they go ahead anyway; the reason is kept and audited.
    """
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, "publish")
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
    opportunity = locked(opportunity)
    check_allowed(opportunity, "close")
    return _transition(opportunity, to=OpportunityStatus.CLOSED, by=by, verb="opportunity.closed")


@transaction.atomic
def complete_opportunity(*, opportunity: Opportunity, by) -> Opportunity:
    """The deliverables are handed over: the opportunity is done."""
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, "complete")
    return _transition(opportunity, to=OpportunityStatus.COMPLETED, by=by, verb="opportunity.completed")


@transaction.atomic
def cancel_opportunity(*, opportunity: Opportunity, by, reason: str = "") -> Opportunity:
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, "cancel")
    return _transition(opportunity, to=OpportunityStatus.CANCELLED, by=by, verb="opportunity.cancelled", reason=reason.strip())


@transaction.atomic
def choose_service_model(*, opportunity: Opportunity, model: str, reasoning: str, by) -> Opportunity:
    """Record the chosen model, why, by whom and when.

    Choosing a recommended model without a reason keeps the recommendation's reasons; choosing
    another one needs the person's own reasoning.
    """
    require_manager(opportunity.organization, by)
    opportunity = locked(opportunity)
    check_allowed(opportunity, "choose_service_model")
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
