"""Responsiveness: what makes pro bono matches succeed.

An organization answers each application within settings.APPLICATION_RESPONSE_DAYS working days
(Sunday–Thursday). One working day before the deadline its volunteer managers and the
opportunity's supervisor are reminded; after it, the organization's admins are told (escalation).
A published opportunity with no activity for settings.OPPORTUNITY_INACTIVE_DAYS is flagged, and
closed after settings.OPPORTUNITY_INACTIVE_GRACE_DAYS more, with notice to its pending applicants.

Everything here is idempotent (reminded_at, escalated_at, InactivityNotice, each set by a
conditional UPDATE or a unique row), so `manage.py recruitment_housekeeping` can run every hour
from cron and from the worker's hourly schedule without telling anybody twice.
"""

from dataclasses import dataclass
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.workdays import add_working_days
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.organizations.models import MembershipRole

from ..models import PENDING_STATUSES, Application, InactivityNotice
from ..selectors import opportunity_managers, organization_people
from . import applications
from .applications import _board_url, tell


@dataclass
class HousekeepingReport:
    reminded: int = 0
    escalated: int = 0
    flagged: int = 0
    cleared: int = 0
    closed: int = 0


def _received_on(application: Application) -> dt.date:
    return timezone.localtime(application.created_at).date()


def _unanswered():
    return (
        Application.objects.filter(status__in=PENDING_STATUSES, first_response_at__isnull=True)
        .select_related("opportunity__organization", "opportunity__supervisor", "volunteer__user")
        .order_by("created_at", "pk")
    )


def _once_each(flag: str, due, act, *, now: dt.datetime, dry_run: bool) -> int:
    """For each unanswered application whose `flag` (a moment field) is still empty and that is
    `due(application)`: set `flag` to `now` by a conditional UPDATE, so that it happens once even
    when two runs overlap, and `act(application)` in the same transaction. Returns how many were due."""
    count = 0
    for application in _unanswered().filter(**{f"{flag}__isnull": True}):
        if not due(application):
            continue
        count += 1
        if dry_run:
            continue
        with transaction.atomic():
            if not Application.objects.filter(pk=application.pk, **{f"{flag}__isnull": True}).update(**{flag: now}):
                continue
            act(application)
    return count


def send_reminders(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Remind the people who answer, once, on the working day before the deadline (or the deadline day)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    days = settings.APPLICATION_RESPONSE_DAYS

    def due(application: Application) -> bool:
        received = _received_on(application)
        return add_working_days(received, max(days - 1, 0)) <= today <= add_working_days(received, days)

    def remind(application: Application) -> None:
        deadline = add_working_days(_received_on(application), days)
        opportunity = application.opportunity
        name = application.volunteer.user.full_name
        for person in opportunity_managers(opportunity):

            def render(deadline=deadline):
                from khibra.core.dates import format_dual

                return (
                    _("An application to “%(title)s” is waiting for your answer") % {"title": opportunity.title},
                    _("%(name)s is waiting. Please answer by %(date)s.") % {"name": name, "date": format_dual(deadline)},
                )

            tell(person, kind="application.reminder", render=render, url=_board_url(opportunity))
        audit.record(actor=None, verb="application.reminded", target=application, organization=opportunity.organization)

    return _once_each("reminded_at", due, remind, now=now, dry_run=dry_run)


def escalate_overdue(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Tell the organization's admins, once, about each application left unanswered past its deadline."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()

    def due(application: Application) -> bool:
        return today > add_working_days(_received_on(application), settings.APPLICATION_RESPONSE_DAYS)

    def escalate(application: Application) -> None:
        opportunity = application.opportunity
        name = application.volunteer.user.full_name
        for person in organization_people(opportunity.organization, [MembershipRole.ADMIN]):
            tell(
                person,
                kind="application.escalated",
                render=lambda: (
                    _("An application to “%(title)s” is overdue") % {"title": opportunity.title},
                    _(
                        "%(name)s applied and has had no answer within %(days)s working days. "
                        "Please make sure the team answers."
                    )
                    % {"name": name, "days": settings.APPLICATION_RESPONSE_DAYS},
                ),
                url=_board_url(opportunity),
            )
        audit.record(actor=None, verb="application.escalated", target=application, organization=opportunity.organization)

    return _once_each("escalated_at", due, escalate, now=now, dry_run=dry_run)


def last_activity(opportunity: Opportunity) -> dt.datetime:
    """The latest of: published, changed, an application received or changed."""
    moments = [opportunity.updated_at, opportunity.published_at, getattr(opportunity, "last_application_at", None)]
    return max(moment for moment in moments if moment is not None)


def handle_inactive_opportunities(*, now: dt.datetime | None = None, dry_run: bool = False) -> tuple[int, int, int]:
    """(flagged, cleared, closed): flag the quiet published opportunities, clear the flag when
    something happened since, close those still quiet after the grace period."""
    now = now or timezone.now()
    quiet_for = dt.timedelta(days=settings.OPPORTUNITY_INACTIVE_DAYS)
    grace = dt.timedelta(days=settings.OPPORTUNITY_INACTIVE_GRACE_DAYS)
    flagged = cleared = closed = 0
    opportunities = (
        Opportunity.objects.filter(status__in=[OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED])
        .annotate(last_application_at=Max("applications__updated_at"))
        .select_related("organization", "supervisor", "inactivity_notice")
    )
    for opportunity in opportunities:
        notice = getattr(opportunity, "inactivity_notice", None)
        latest = last_activity(opportunity)
        if notice is not None:
            if notice.closed_at is None and latest > notice.flagged_at:
                cleared += 1
                if not dry_run:
                    InactivityNotice.objects.filter(pk=notice.pk).delete()
            elif notice.closed_at is None and now - notice.flagged_at >= grace and opportunity.status == OpportunityStatus.PUBLISHED:
                closed += 1
                if not dry_run:
                    with transaction.atomic():
                        if InactivityNotice.objects.filter(pk=notice.pk, closed_at__isnull=True).update(closed_at=now):
                            applications.close_for_inactivity(opportunity=opportunity)
            elif notice.closed_at is not None and opportunity.status == OpportunityStatus.PUBLISHED and latest > notice.closed_at:
                # Reopened by the organization: start counting again.
                cleared += 1
                if not dry_run:
                    InactivityNotice.objects.filter(pk=notice.pk).delete()
            continue
        if opportunity.status != OpportunityStatus.PUBLISHED or now - latest < quiet_for:
            continue
        flagged += 1
        if dry_run:
            continue
        with transaction.atomic():
            _notice, created = InactivityNotice.objects.get_or_create(opportunity=opportunity, defaults={"flagged_at": now})
            if not created:
                continue
            audit.record(actor=None, verb="opportunity.flagged_inactive", target=opportunity, organization=opportunity.organization)
            for person in opportunity_managers(opportunity):
                tell(
                    person,
                    kind="opportunity.inactive",
                    render=lambda: (
                        _("“%(title)s” has had no activity") % {"title": opportunity.title},
                        _(
                            "Nothing has happened on this opportunity for %(days)s days. Answer its applicants or update it, "
                            "otherwise it closes in %(grace)s days and its applicants are told."
                        )
                        % {"days": settings.OPPORTUNITY_INACTIVE_DAYS, "grace": settings.OPPORTUNITY_INACTIVE_GRACE_DAYS},
                    ),
                    url=_board_url(opportunity),
                )
    return flagged, cleared, closed


def run_housekeeping(*, now: dt.datetime | None = None, dry_run: bool = False) -> HousekeepingReport:
    report = HousekeepingReport()
    report.reminded = send_reminders(now=now, dry_run=dry_run)
    report.escalated = escalate_overdue(now=now, dry_run=dry_run)
    report.flagged, report.cleared, report.closed = handle_inactive_opportunities(now=now, dry_run=dry_run)
    return report
