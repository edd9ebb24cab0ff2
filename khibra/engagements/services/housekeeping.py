"""Housekeeping: reminders of late weekly reports."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Engagement, ReportReminder
from ..selectors import missing_report_weeks
from .parties import tell_party


def engagement_housekeeping(*, dry_run: bool = False, today: dt.date | None = None) -> dict:
    """Hourly and idempotent: one reminder per active engagement and missing week."""
    today = today or timezone.localdate()
    summary = {"engagements": 0, "reminders": 0}
    engagements = Engagement.objects.active().select_related("opportunity", "volunteer__user").prefetch_related("weekly_reports", "report_reminders")
    for engagement in engagements:
        summary["engagements"] += 1
        reported = {report.week_start for report in engagement.weekly_reports.all()}
        reminded = {reminder.week_start for reminder in engagement.report_reminders.all()}
        for week in missing_report_weeks(engagement, today=today, reported=reported):
            if week in reminded:
                continue
            summary["reminders"] += 1
            if not dry_run:
                _remind(engagement=engagement, week=week)
    return summary


@transaction.atomic
def _remind(*, engagement: Engagement, week: dt.date) -> None:
    _reminder, created = ReportReminder.objects.get_or_create(engagement=engagement, week_start=week)
    if not created:  # another run got there first
        return
    from khibra.core.dates import format_dual

    def title():
        return _("Your weekly report on “%(title)s” for the week of %(date)s is late.") % {
            "title": engagement.opportunity.title, "date": format_dual(week),
        }

    tell_party(engagement.volunteer.user, kind="engagement.report_late", engagement=engagement, title=title,
               body=_("A few lines are enough: what you did, what comes next and what is in your way."),
               dedupe_key=f"engagement-report-{engagement.pk}-{week.isoformat()}")
