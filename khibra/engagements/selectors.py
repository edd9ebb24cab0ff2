"""Reads for the workspace and the care board: load and risk per engagement. Never writes."""

from dataclasses import dataclass, field
import datetime as dt
from functools import lru_cache
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from .models import Engagement, WeeklyReport, WorkItem, WorkItemStatus
from .services import missing_report_weeks, report_weeks

SILENCE_DAYS = 10  # no sign of life from the volunteer for this long is worth a check-in
OVER_PLAN_RATIO = Decimal("1.25")  # hours this far above plan suggest burnout
UNDER_PLAN_RATIO = Decimal("0.5")  # …this far below, that the volunteer is stuck or away
UNDER_PLAN_AFTER_DAYS = 14  # …but only once there was time to log some

LOW, MEDIUM, HIGH = "low", "medium", "high"
ZERO = Decimal("0")


@dataclass
class Care:
    engagement: Engagement
    hours: Decimal | None  # approved + pending hours, None when hours are not tracked here
    planned_hours: Decimal | None
    late_reports: int
    silent_days: int
    overdue_items: int
    reasons: list[str] = field(default_factory=list)
    level: str = LOW

    @property
    def level_label(self) -> str:
        return {LOW: _("Low"), MEDIUM: _("Medium"), HIGH: _("High")}[self.level]


def _hours_by_engagement(engagements: list[Engagement]) -> dict[int, Decimal]:
    """Approved and pending hours per engagement. Imported here: the hours app depends on engagements."""
    from khibra.hours import selectors as hours_selectors

    ids = [engagement.pk for engagement in engagements]
    approved = hours_selectors.approved_hours_by_engagement(ids)
    pending = hours_selectors.pending_hours_by_engagement(ids)
    return {pk: approved[pk] + pending[pk] for pk in ids}


def planned_hours(engagement: Engagement, today: dt.date) -> Decimal | None:
    """Weekly hours × the weeks elapsed so far (at least one)."""
    if engagement.weekly_hours is None or engagement.started_on is None:
        return None
    until = min(today, engagement.planned_end_on) if engagement.planned_end_on else today
    weeks = max(Decimal(1), Decimal((until - engagement.started_on).days) / Decimal(7))
    return (engagement.weekly_hours * weeks).quantize(Decimal("0.1"))


def _scalar(queryset, aggregate) -> Subquery:
    """`aggregate` over the rows of `queryset` (already correlated on the outer engagement)."""
    return Subquery(queryset.order_by().values("engagement").annotate(value=aggregate).values("value"))


def with_care_figures(engagements: QuerySet, *, today: dt.date) -> QuerySet:
    """The engagements with what care_for() would otherwise read row by row, as correlated
    sub-selects: approved and pending hours, overdue work items, and the weekly reports of the
    weeks report_weeks() owes (Sundays from the start to a week ago, not past the planned end), so
    that late reports = owed weeks − those reports. NULL counts and sums mean none."""
    return engagements.annotate(**_care_annotations(today))


@lru_cache(maxsize=2)
def _care_annotations(today: dt.date) -> dict:
    """Built once a day per process: building the sub-selects costs more Python than running
    them, and annotate() works on copies."""
    reports = WeeklyReport.objects.filter(
        Q(engagement__planned_end_on__isnull=True) | Q(week_start__lte=OuterRef("planned_end_on")),
        engagement=OuterRef("pk"),
        week_start__week_day=1,  # Sunday: report weeks start on Sunday (services.week_start)
        week_start__gte=OuterRef("started_on"),
        week_start__lte=today - dt.timedelta(days=7),
    )
    overdue = WorkItem.objects.filter(engagement=OuterRef("pk"), due_on__lt=today).exclude(
        status__in=(WorkItemStatus.SUBMITTED, WorkItemStatus.ACCEPTED)
    )
    annotations = {
        "care_reports_in_weeks": _scalar(reports, Count("pk")),
        "care_overdue_items": _scalar(overdue, Count("pk")),
    }
    from khibra.hours.models import HourEntry, HourStatus  # the hours app depends on engagements

    # Approved and pending summed apart and added in Python, as hours.selectors does.
    for name, status in (("care_approved_hours", HourStatus.APPROVED), ("care_pending_hours", HourStatus.SUBMITTED)):
        annotations[name] = _scalar(HourEntry.objects.filter(engagement=OuterRef("pk"), status=status), Sum("hours"))
    return annotations


def _late_reports(engagement: Engagement, today: dt.date) -> int:
    if hasattr(engagement, "care_reports_in_weeks"):
        span = report_weeks(engagement, today=today)
        if span is None:
            return 0
        first, last = span
        owed = (last - first).days // 7 + 1 if last >= first else 0
        return owed - (engagement.care_reports_in_weeks or 0)
    reported = {report.week_start for report in engagement.weekly_reports.all()}
    return len(missing_report_weeks(engagement, today=today, reported=reported))


def _overdue_items(engagement: Engagement, today: dt.date) -> int:
    if hasattr(engagement, "care_overdue_items"):
        return engagement.care_overdue_items or 0
    return sum(
        1 for item in engagement.work_items.all()
        if item.due_on and item.due_on < today and item.status not in (WorkItemStatus.SUBMITTED, WorkItemStatus.ACCEPTED)
    )


def care_for(engagements, *, today: dt.date | None = None) -> list[Care]:
    """The care rows of `engagements`: annotated by with_care_figures() (no further query), or
    plain engagements (their reports and work items are read, prefetched or not, and the hours in
    two queries)."""
    today = today or timezone.localdate()
    engagements = list(engagements)
    annotated = bool(engagements) and hasattr(engagements[0], "care_overdue_items")
    if annotated:
        hours = None
        if hasattr(engagements[0], "care_approved_hours"):
            hours = {e.pk: (e.care_approved_hours or ZERO) + (e.care_pending_hours or ZERO) for e in engagements}
    else:
        hours = _hours_by_engagement(engagements)
    rows = []
    for engagement in engagements:
        late = _late_reports(engagement, today)
        overdue = _overdue_items(engagement, today)
        last = engagement.last_activity_at.date() if engagement.last_activity_at else engagement.started_on
        silent = (today - last).days if last else 0
        plan = planned_hours(engagement, today)
        logged = None if hours is None else hours.get(engagement.pk, Decimal(0))
        care = Care(engagement=engagement, hours=logged, planned_hours=plan, late_reports=late, silent_days=silent, overdue_items=overdue)
        score = 0
        if late:
            care.reasons.append(ngettext("%(counter)s weekly report is late.", "%(counter)s weekly reports are late.", late) % {"counter": late})
            score += 2 if late >= 2 else 1
        if silent >= SILENCE_DAYS:
            care.reasons.append(ngettext("No activity for %(counter)s day.", "No activity for %(counter)s days.", silent) % {"counter": silent})
            score += 1
        if overdue:
            care.reasons.append(ngettext("%(counter)s task is overdue.", "%(counter)s tasks are overdue.", overdue) % {"counter": overdue})
            score += 1
        if logged is not None and plan:
            if logged > plan * OVER_PLAN_RATIO:
                care.reasons.append(_("Hours are well above the plan: a sign of overload."))
                score += 1
            elif logged < plan * UNDER_PLAN_RATIO and engagement.started_on and (today - engagement.started_on).days >= UNDER_PLAN_AFTER_DAYS:
                care.reasons.append(_("Hours are well below the plan."))
                score += 1
        care.level = HIGH if score >= 2 else MEDIUM if score == 1 else LOW
        rows.append(care)
    order = {HIGH: 0, MEDIUM: 1, LOW: 2}
    rows.sort(key=lambda row: (order[row.level], row.engagement.pk))
    return rows


def care_board(organization, *, opportunity=None, today: dt.date | None = None) -> list[Care]:
    """The care board: the active engagements of the organization (or of one opportunity), one
    query whatever their number."""
    today = today or timezone.localdate()
    engagements = (
        Engagement.objects.active()
        .filter(opportunity__organization=organization)
        .select_related("opportunity", "volunteer__user")
        .order_by("pk")
    )
    if opportunity is not None:
        engagements = engagements.filter(opportunity=opportunity)
    return care_for(with_care_figures(engagements, today=today), today=today)


# The columns care_for() reads, for callers that only count levels (the organization dashboard).
CARE_COLUMNS = ("pk", "started_on", "planned_end_on", "weekly_hours", "last_activity_at")


def care_levels(organization, *, today: dt.date | None = None) -> list[Care]:
    """care_board() without the opportunity and volunteer rows: for figures, not for display."""
    today = today or timezone.localdate()
    engagements = Engagement.objects.active().filter(opportunity__organization=organization).only(*CARE_COLUMNS).order_by("pk")
    return care_for(with_care_figures(engagements, today=today), today=today)
