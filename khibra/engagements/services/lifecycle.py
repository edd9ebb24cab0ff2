"""Starting, withdrawing from and closing engagements. An engagement begins when an application is
accepted (recruitment.hooks.application_accepted, answered by `start_engagement`); closing one
lets certificates and evaluation react (hooks.engagement_closed)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.agreements.selectors import current_agreement, require_agreement_accepted
from khibra.agreements.services import generate_volunteer_agreement
from khibra.core import audit
from khibra.opportunities.models import MAX_BENEFICIARIES, ServiceModel

from .. import hooks
from ..models import Engagement, EngagementStatus, WithdrawalReason, WorkItemStatus
from .parties import require_active, require_org_side, tell_party
from .workspace import prepare_workspace


def start_engagement(*, application, by) -> Engagement:
    """The engagement of an accepted application, with the agreement version the volunteer is
    asked to accept (none for free commercial services). Call inside the caller's transaction."""
    from khibra.recruitment.services.applications import tell

    opportunity = application.opportunity
    agreement = None
    if opportunity.service_model != ServiceModel.FREE_COMMERCIAL:
        # The opportunity description is the agreement: generate it now if nobody has yet.
        agreement = current_agreement(opportunity) or generate_volunteer_agreement(opportunity=opportunity, by=by)
    engagement = Engagement(
        opportunity=opportunity,
        volunteer=application.volunteer,
        application=application,
        status=EngagementStatus.ACTIVE,
        started_on=timezone.localdate(),
        planned_end_on=opportunity.ends_on,
        weekly_hours=opportunity.hours_per_week,
        agreement=agreement,
        created_by=by,
    )
    engagement.full_clean()
    engagement.save()
    prepare_workspace(engagement=engagement)
    # Issue 7: each provider program the volunteer verifiably belongs to is asked to approve it.
    hooks.engagement_started(engagement=engagement)
    audit.record(
        actor=by, verb="engagement.started", target=engagement, organization=opportunity.organization,
        application=application.pk, agreement=agreement.pk if agreement else None,
    )

    def render():
        title = _("You are accepted: “%(title)s”") % {"title": opportunity.title}
        if agreement is not None:
            return title, _("Welcome aboard. Read and accept the volunteer agreement to start.")
        return title, _("Welcome aboard. The organization will contact you to start.")

    def url():
        return reverse("agreements:detail", args=[agreement.pk]) if agreement else reverse("engagements:mine")

    tell(application.volunteer.user, kind="engagement.started", render=render, url=url)
    return engagement


@transaction.atomic
def withdraw_engagement(*, engagement: Engagement, by, reason: str = "", category: str = WithdrawalReason.OTHER) -> Engagement:
    """The volunteer leaves an active engagement: it ends, the application follows, the seat is
    freed and offered to the waiting list. `category` and `reason` (a note) feed the evaluation."""
    from khibra.recruitment.services import applications

    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user", "application").get(pk=engagement.pk)
    if getattr(by, "pk", None) != engagement.volunteer.user_id:
        raise PermissionDenied(_("Only the volunteer can withdraw from this engagement."))
    reason = (reason or "").strip()[:500]
    if category not in WithdrawalReason.values:
        raise ValidationError({"category": _("Choose a reason from the list.")}, code="invalid_reason")
    updated = Engagement.objects.filter(pk=engagement.pk, status=EngagementStatus.ACTIVE).update(
        status=EngagementStatus.WITHDRAWN, ended_on=timezone.localdate(), updated_at=timezone.now(),
        withdrawal_reason=category, withdrawal_note=reason,
    )
    if not updated:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")
    engagement.refresh_from_db()
    audit.record(actor=by, verb="engagement.withdrawn", target=engagement, organization=engagement.opportunity.organization,
                 reason=reason, category=category)
    if engagement.application_id:
        applications.mark_withdrawn_after_engagement(application=engagement.application, reason=reason)
    applications.release_seat(opportunity=engagement.opportunity, by=by)
    return engagement


def withdraw_accepted_application(*, application, by, reason: str = "") -> Engagement | None:
    """The volunteer withdraws an accepted application (recruitment.hooks): its active engagement,
    if any, is withdrawn with it. Call inside the caller's transaction."""
    engagement = Engagement.objects.active().filter(application=application).first()
    if engagement is not None:
        withdraw_engagement(engagement=engagement, by=by, reason=reason)
    return engagement


@transaction.atomic
def close_engagement(
    *, engagement: Engagement, by, completed: bool, note: str = "", outcome: str = "", beneficiaries_reached: int | None = None
) -> Engagement:
    """The end of an active engagement: completed (every task and deliverable accepted) or not,
    with what changed and how many beneficiaries it reached (the impact figures).
    Nothing is freed. Certificates and the evaluation survey follow in the same transaction."""
    engagement = Engagement.objects.select_for_update().select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    require_org_side(engagement, by)
    require_active(engagement)
    if completed:
        # Completion waits for the volunteer's acceptance of the current agreement.
        require_agreement_accepted(user=engagement.volunteer.user, opportunity=engagement.opportunity, by_volunteer=False)
    if completed and engagement.work_items.exclude(status=WorkItemStatus.ACCEPTED).exists():
        raise ValidationError(_("Accept every task and deliverable before closing the engagement as completed."), code="open_items")
    engagement.status = EngagementStatus.COMPLETED if completed else EngagementStatus.NOT_COMPLETED
    engagement.ended_on = timezone.localdate()
    engagement.closing_note = (note or "").strip()
    engagement.outcome = (outcome or "").strip()
    if beneficiaries_reached is not None and not 0 <= beneficiaries_reached <= MAX_BENEFICIARIES:
        raise ValidationError(
            {"beneficiaries_reached": _("The number of beneficiaries must be between 0 and %(max)s.") % {"max": MAX_BENEFICIARIES}}
        )
    engagement.beneficiaries_reached = beneficiaries_reached
    engagement.full_clean()
    engagement.save(update_fields=["status", "ended_on", "closing_note", "outcome", "beneficiaries_reached", "updated_at"])
    audit.record(actor=by, verb="engagement.closed", target=engagement, organization=engagement.opportunity.organization,
                 completed=completed, note=engagement.closing_note, outcome=engagement.outcome,
                 beneficiaries_reached=beneficiaries_reached)
    hooks.engagement_closed(engagement=engagement, by=by)  # certificates, then the evaluation survey
    if completed:
        title = lambda: _("Well done: “%(title)s” is complete.") % {"title": engagement.opportunity.title}  # noqa: E731
    else:
        title = lambda: _("Your engagement on “%(title)s” is closed.") % {"title": engagement.opportunity.title}  # noqa: E731
    tell_party(engagement.volunteer.user, kind="engagement.closed", engagement=engagement, title=title)
    return engagement
