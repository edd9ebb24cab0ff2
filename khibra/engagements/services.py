"""Starting and ending engagements. An engagement begins when an application is accepted
(recruitment.services.applications.accept_application calls `start_engagement`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.agreements.services import current_agreement, generate_volunteer_agreement
from khibra.core import audit
from khibra.opportunities.models import ServiceModel

from .models import Engagement, EngagementStatus


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
        agreement=agreement,
        created_by=by,
    )
    engagement.full_clean()
    engagement.save()
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
def withdraw_engagement(*, engagement: Engagement, by, reason: str = "") -> Engagement:
    """The volunteer leaves an active engagement: it ends, the application follows, the seat is
    freed and offered to the waiting list."""
    from khibra.recruitment.services import applications

    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user", "application").get(pk=engagement.pk)
    if getattr(by, "pk", None) != engagement.volunteer.user_id:
        raise PermissionDenied(_("Only the volunteer can withdraw from this engagement."))
    reason = (reason or "").strip()[:500]
    updated = Engagement.objects.filter(pk=engagement.pk, status=EngagementStatus.ACTIVE).update(
        status=EngagementStatus.WITHDRAWN, ended_on=timezone.localdate(), updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")
    engagement.refresh_from_db()
    audit.record(actor=by, verb="engagement.withdrawn", target=engagement, organization=engagement.opportunity.organization, reason=reason)
    if engagement.application_id:
        applications.mark_withdrawn_after_engagement(application=engagement.application, reason=reason)
    applications.release_seat(opportunity=engagement.opportunity, by=by)
    return engagement
