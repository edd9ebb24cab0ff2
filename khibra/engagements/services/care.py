"""Care for a running engagement: check-ins, issues and amendments of the plan."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit

from ..models import Amendment, CheckIn, Engagement, Issue
from .parties import require_active, require_org_side, require_party, tell_party


@transaction.atomic
def send_check_in(*, engagement: Engagement, by, message: str) -> CheckIn:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    require_org_side(engagement, by)
    require_active(engagement)
    check_in = CheckIn(engagement=engagement, message=(message or "").strip(), sent_by=by)
    check_in.full_clean()
    check_in.save()
    audit.record(actor=by, verb="engagement.check_in", target=engagement, organization=engagement.opportunity.organization)
    tell_party(engagement.volunteer.user, kind="engagement.check_in", engagement=engagement,
               title=lambda: _("How are you doing on “%(title)s”?") % {"title": engagement.opportunity.title},
               body=check_in.message)
    return check_in


@transaction.atomic
def log_issue(*, engagement: Engagement, by, what: str) -> Issue:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    require_party(engagement, by)
    issue = Issue(engagement=engagement, what=(what or "").strip(), raised_by=by)
    issue.full_clean()
    issue.save()
    audit.record(actor=by, verb="engagement.issue_logged", target=issue, organization=engagement.opportunity.organization)
    return issue


@transaction.atomic
def resolve_issue(*, issue: Issue, by, resolution: str) -> Issue:
    issue = Issue.objects.select_for_update().select_related("engagement__opportunity__organization", "engagement__volunteer").get(pk=issue.pk)
    require_org_side(issue.engagement, by)
    if issue.resolved_at is not None:
        raise ValidationError(_("This issue is already resolved."), code="resolved")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how the issue was resolved.")}, code="required")
    issue.resolution = resolution
    issue.resolved_by = by
    issue.resolved_at = timezone.now()
    issue.full_clean()
    issue.save(update_fields=["resolution", "resolved_by", "resolved_at", "updated_at"])
    audit.record(actor=by, verb="engagement.issue_resolved", target=issue, organization=issue.engagement.opportunity.organization)
    return issue


@transaction.atomic
def amend_engagement(*, engagement: Engagement, by, reason: str, new_end_on: dt.date | None = None,
                     new_weekly_hours: Decimal | None = None) -> Amendment:
    """A flexible change: a later planned end date and/or fewer weekly hours, recorded with why."""
    engagement = Engagement.objects.select_for_update().select_related("opportunity__organization", "volunteer").get(pk=engagement.pk)
    require_org_side(engagement, by)
    require_active(engagement)
    reason = (reason or "").strip()
    errors = {}
    if new_end_on is None and new_weekly_hours is None:
        errors[None] = _("Change the end date, the weekly hours or both.")
    if new_end_on is not None:
        current = engagement.planned_end_on
        if current is not None and new_end_on <= current:
            errors["new_end_on"] = _("The new end date must be after the current one.")
        elif new_end_on < timezone.localdate():
            errors["new_end_on"] = _("The new end date cannot be in the past.")
    if new_weekly_hours is not None:
        current_hours = engagement.weekly_hours
        if new_weekly_hours <= 0:
            errors["new_weekly_hours"] = _("Weekly hours must be more than zero.")
        elif current_hours is not None and new_weekly_hours >= current_hours:
            errors["new_weekly_hours"] = _("The new weekly hours must be fewer than the current ones.")
    if not reason:
        errors["reason"] = _("Say why the plan changes.")
    if errors:
        raise ValidationError(errors)
    amendment = Amendment(
        engagement=engagement, old_end_on=engagement.planned_end_on, new_end_on=new_end_on,
        old_weekly_hours=engagement.weekly_hours, new_weekly_hours=new_weekly_hours, reason=reason, by=by,
    )
    amendment.full_clean()
    amendment.save()
    fields = ["updated_at"]
    if new_end_on is not None:
        engagement.planned_end_on = new_end_on
        fields.append("planned_end_on")
    if new_weekly_hours is not None:
        engagement.weekly_hours = new_weekly_hours
        fields.append("weekly_hours")
    engagement.save(update_fields=fields)
    audit.record(actor=by, verb="engagement.amended", target=engagement, organization=engagement.opportunity.organization,
                 new_end_on=new_end_on, new_weekly_hours=new_weekly_hours, reason=reason)
    return amendment
