"""Selectors of what waits for an organization's managers in the work itself: work handed in for
review, weekly reports that are late, and volunteers who have not yet accepted the agreement of
their engagement. Reads only; the home assembles them (site.selectors). Every read is scoped to
the organizations given; each kind costs one query to count and a fixed number to list."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from khibra.agreements.models import AgreementAcceptance, VolunteerAgreement
from khibra.core.inbox import REVIEW_WORKING_DAYS, Waiting, with_bdi
from khibra.core.workdays import add_working_days

from .models import Engagement, EngagementStatus, WeeklyReport, WorkItem, WorkItemStatus
from .selectors import missing_report_weeks, report_weeks

LIMIT = 30
# A weekly report is due by the end of its working week (Thursday: Sunday + 4 days).
REPORT_DUE_OFFSET = dt.timedelta(days=4)


def _submitted_work(organizations):
    return WorkItem.objects.filter(
        engagement__opportunity__organization__in=organizations,
        engagement__status=EngagementStatus.ACTIVE,
        status=WorkItemStatus.SUBMITTED,
    )


def _active(organizations):
    return Engagement.objects.filter(opportunity__organization__in=organizations, status=EngagementStatus.ACTIVE)


def _not_accepted(organizations):
    """Active engagements whose volunteer has not accepted the current version of the opportunity's
    agreement (none when the opportunity has no agreement yet)."""
    current = VolunteerAgreement.objects.filter(opportunity=OuterRef("opportunity")).order_by("-version").values("pk")[:1]
    accepted = AgreementAcceptance.objects.filter(volunteer=OuterRef("volunteer__user"), agreement=OuterRef("current_agreement"))
    return (
        _active(organizations)
        .annotate(current_agreement=Subquery(current))
        .filter(current_agreement__isnull=False)
        .exclude(Exists(accepted))
    )


def _late_engagement_ids(organizations, today: dt.date) -> list[int]:
    """Active engagements owing at least one weekly report: one query (the owed weeks are counted
    in Python from the dates, the reports sent in those weeks in SQL)."""
    rows = _active(organizations).filter(started_on__isnull=False).annotate(
        reports_in_weeks=Count(
            "weekly_reports",
            filter=_in_owed_weeks(today),
        )
    ).only("pk", "started_on", "planned_end_on")
    late = []
    for engagement in rows:
        span = report_weeks(engagement, today=today)
        if span is None or span[1] < span[0]:
            continue
        owed = (span[1] - span[0]).days // 7 + 1
        if owed > engagement.reports_in_weeks:
            late.append(engagement.pk)
    return late


def _in_owed_weeks(today: dt.date) -> Q:
    """The reports sent for the weeks report_weeks() owes (Sundays from the start to a week ago,
    not past the planned end), as engagements.selectors counts them for the care board."""
    return Q(weekly_reports__week_start__week_day=1, weekly_reports__week_start__lte=today - dt.timedelta(days=7)) & Q(
        weekly_reports__week_start__gte=F("started_on")
    ) & (Q(planned_end_on__isnull=True) | Q(weekly_reports__week_start__lte=F("planned_end_on")))


def waiting_counts(organizations, *, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "work": _submitted_work(organizations).count(),
        "reports": len(_late_engagement_ids(organizations, today)),
        "agreements": _not_accepted(organizations).count(),
    }


def waiting_for_manager(organizations, *, today: dt.date | None = None) -> list[Waiting]:
    today = today or timezone.localdate()
    return _work(organizations) + _reports(organizations, today) + _agreements(organizations)


def _workspace(engagement: Engagement, anchor: str = "") -> str:
    return reverse("engagements:workspace", args=[engagement.pk]) + (f"#{anchor}" if anchor else "")


def _work(organizations) -> list[Waiting]:
    items = (
        _submitted_work(organizations)
        .select_related("engagement__volunteer__user", "engagement__opportunity__organization")
        .order_by("updated_at", "pk")[:LIMIT]
    )
    return [
        Waiting(
            kind="work",
            title=with_bdi(_("Review “%(title)s”"), title=item.title),
            subject=item.engagement.volunteer.user.full_name,
            url=_workspace(item.engagement, f"task-{item.pk}"),
            due=add_working_days(timezone.localtime(item.updated_at).date(), REVIEW_WORKING_DAYS),
            organization=item.engagement.opportunity.organization.name,
            key=f"work-{item.pk}",
        )
        for item in items
    ]


def _reports(organizations, today: dt.date) -> list[Waiting]:
    ids = _late_engagement_ids(organizations, today)[:LIMIT]
    engagements = (
        Engagement.objects.filter(pk__in=ids)
        .select_related("volunteer__user", "opportunity__organization")
        .prefetch_related(Prefetch("weekly_reports", queryset=WeeklyReport.objects.only("pk", "engagement_id", "week_start")))
        .order_by("pk")
    )
    items = []
    for engagement in engagements:
        reported = {report.week_start for report in engagement.weekly_reports.all()}
        missing = missing_report_weeks(engagement, today=today, reported=reported)
        if not missing:
            continue
        count = len(missing)
        items.append(Waiting(
            kind="reports",
            title=with_bdi(ngettext(
                "%(counter)s weekly report is late on “%(title)s”",
                "%(counter)s weekly reports are late on “%(title)s”",
                count,
            ), counter=count, title=engagement.opportunity.title),
            subject=engagement.volunteer.user.full_name,
            url=_workspace(engagement, "check-in"),
            due=missing[0] + REPORT_DUE_OFFSET,
            organization=engagement.opportunity.organization.name,
            key=f"reports-{engagement.pk}",
        ))
    return items


def _agreements(organizations) -> list[Waiting]:
    engagements = (
        _not_accepted(organizations)
        .select_related("volunteer__user", "opportunity__organization")
        .order_by("started_on", "pk")[:LIMIT]
    )
    return [
        Waiting(
            kind="agreements",
            title=with_bdi(_("The volunteer has not accepted the agreement of “%(title)s” yet"), title=engagement.opportunity.title),
            subject=engagement.volunteer.user.full_name,
            url=_workspace(engagement),
            due=engagement.started_on,
            organization=engagement.opportunity.organization.name,
            key=f"agreement-{engagement.pk}",
        )
        for engagement in engagements
    ]
