"""Reads for the workspace and the care board: who takes part, the weeks a report is owed for,
load and risk per engagement, withdrawal reasons. Never writes."""

from dataclasses import dataclass, field
import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from khibra.organizations.access import active_membership
from khibra.recruitment.models import Application, ApplicationStatus

from . import hooks
from .models import Engagement, EngagementStatus, WeeklyReport, WithdrawalReason, WorkItem, WorkItemKind, WorkItemStatus

SILENCE_DAYS = 10  # no sign of life from the volunteer for this long is worth a check-in
OVER_PLAN_RATIO = Decimal("1.25")  # hours this far above plan suggest burnout
UNDER_PLAN_RATIO = Decimal("0.5")  # …this far below, that the volunteer is stuck or away
UNDER_PLAN_AFTER_DAYS = 14  # …but only once there was time to log some

LOW, MEDIUM, HIGH = "low", "medium", "high"
ZERO = Decimal("0")


# --- who takes part, the weeks owed -------------------------------------------------------------


ORG_SIDE = ("manager", "supervisor")


def engagement_role(engagement: Engagement, user) -> str | None:
    """'volunteer', 'manager' (the organization's admin or volunteer manager), 'supervisor' (the
    opportunity's supervisor) or None. Platform staff have no role here."""
    if not getattr(user, "is_authenticated", False):
        return None
    if engagement.volunteer.user_id == user.pk:
        return "volunteer"
    membership = active_membership(engagement.opportunity.organization, user)
    if membership is not None and membership.can_manage:
        return "manager"
    if membership is not None and engagement.opportunity.supervisor_id == user.pk:
        return "supervisor"
    return None


def week_start(day: dt.date) -> dt.date:
    """The Sunday that starts the (Saudi) week of `day`."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def report_weeks(engagement: Engagement, *, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and the last week (their Sundays) a weekly report is owed for: from the
    engagement's first full week to last week, not past the week of its planned end; None before
    it has a start date. The weeks between them are every Sunday w with started_on <= w <=
    today - 7 days and w <= planned_end_on (engagements.selectors counts reports that way in SQL)."""
    if engagement.started_on is None:
        return None
    # Full weeks only: a volunteer who starts on a Tuesday owes the first report the week after.
    first = week_start(engagement.started_on + dt.timedelta(days=6))
    last = week_start(today) - dt.timedelta(days=7)
    if engagement.planned_end_on:
        last = min(last, week_start(engagement.planned_end_on))
    return first, last


def missing_report_weeks(engagement: Engagement, *, today: dt.date | None = None, reported: set | None = None) -> list[dt.date]:
    """Weeks (their Sundays) that ended without a weekly report, from the engagement's first full
    week to last week."""
    today = today or timezone.localdate()
    span = report_weeks(engagement, today=today)
    if span is None:
        return []
    if reported is None:
        reported = set(engagement.weekly_reports.values_list("week_start", flat=True))
    first, last = span
    weeks = []
    week = first
    while week <= last:
        if week not in reported:
            weeks.append(week)
        week += dt.timedelta(days=7)
    return weeks


def default_check_in_message(engagement: Engagement) -> str:
    return _(
        "Hello %(name)s, we are thinking of you. How is the work on “%(title)s” going? If the load is "
        "heavy or something is in the way, tell us: we can adjust the plan together."
    ) % {"name": engagement.volunteer.user.full_name, "title": engagement.opportunity.title}


def withdrawal_reasons(*, organization=None, program=None) -> list[tuple[str, str, int]]:
    """(reason, label, count) of withdrawals for an organization or a program, for the evaluation;
    every reason is listed, with 0 when nobody gave it."""
    withdrawn = Engagement.objects.filter(status=EngagementStatus.WITHDRAWN)
    if organization is not None:
        withdrawn = withdrawn.filter(opportunity__organization=organization)
    if program is not None:
        withdrawn = withdrawn.filter(opportunity__program=program)
    counts = dict(withdrawn.values_list("withdrawal_reason").annotate(n=Count("pk")).values_list("withdrawal_reason", "n"))
    # Withdrawals before reasons were recorded count as "another reason".
    counts[WithdrawalReason.OTHER] = counts.get(WithdrawalReason.OTHER, 0) + counts.pop("", 0)
    return [(value, label, counts.get(value, 0)) for value, label in WithdrawalReason.choices]


# --- care: load and risk ------------------------------------------------------------------------


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


def _hours_by_engagement(engagements: list[Engagement]) -> dict[int, Decimal] | None:
    """Approved and pending hours per engagement (hooks.logged_hours), or None when hours are not
    tracked (then the board shows “—”)."""
    return hooks.logged_hours.first([engagement.pk for engagement in engagements])


def hours_of(engagement: Engagement) -> Decimal | None:
    """The engagement's approved and pending hours, for its workspace (None: hours not tracked)."""
    return (_hours_by_engagement([engagement]) or {}).get(engagement.pk)


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
        week_start__week_day=1,  # Sunday: report weeks start on Sunday (week_start above)
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
    entries = hooks.logged_hour_entries.first()
    if entries is None:  # hours are not tracked: the board shows "—"
        return annotations
    # Approved and pending summed apart and added in Python, as hours.selectors does.
    approved, pending = entries
    annotations["care_approved_hours"] = _scalar(approved, Sum("hours"))
    annotations["care_pending_hours"] = _scalar(pending, Sum("hours"))
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


def selected_for(*, user, opportunity_id: int) -> bool | None:
    """Was the user selected for the opportunity: an active engagement on it, or (for a moment
    before it starts) an accepted application? Answers agreements.hooks.volunteer_selected."""
    selected = (
        Engagement.objects.active().filter(opportunity_id=opportunity_id, volunteer__user=user).exists()
        or Application.objects.filter(
            opportunity_id=opportunity_id, volunteer__user=user, status=ApplicationStatus.ACCEPTED
        ).exists()
    )
    return True if selected else None


def tasks_not_started(item: WorkItem) -> list[WorkItem]:
    """For the final deliverable: the engagement's tasks nobody has started yet (none for a task).
    The deliverable builds on them: it is handed in once each has started, or with a reason."""
    if item.kind != WorkItemKind.DELIVERABLE:
        return []
    return list(
        WorkItem.objects.filter(engagement_id=item.engagement_id, kind=WorkItemKind.TASK, status=WorkItemStatus.NOT_STARTED)
        .order_by("due_on", "pk")
    )


def task_event(item: WorkItem):
    """A task's due date for a calendar (.ics): an all-day event, one UID per task."""
    from django.conf import settings
    from django.urls import reverse

    from khibra.core.ics import CalendarEvent, uid_for

    opportunity = item.engagement.opportunity
    return CalendarEvent(
        uid=uid_for("task", item.pk),
        summary=_("Due: “%(task)s” (%(opportunity)s)") % {"task": item.title, "opportunity": opportunity.title},
        start=item.due_on,
        description=item.details,
        url=f"{settings.SITE_URL}{reverse('engagements:workspace', args=[item.engagement_id])}#task-{item.pk}",
    )
