"""Reads for the workspace and the care board: load and risk per engagement. Never writes."""

from dataclasses import dataclass, field
import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from .models import Engagement, WorkItemStatus
from .services import missing_report_weeks

SILENCE_DAYS = 10  # no sign of life from the volunteer for this long is worth a check-in
OVER_PLAN_RATIO = Decimal("1.25")  # hours this far above plan suggest burnout
UNDER_PLAN_RATIO = Decimal("0.5")  # …this far below, that the volunteer is stuck or away
UNDER_PLAN_AFTER_DAYS = 14  # …but only once there was time to log some

LOW, MEDIUM, HIGH = "low", "medium", "high"


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
    """Approved and pending hours per engagement from the hours app, or None when it is not there
    (then the board shows “—”). Imported here: the hours app depends on engagements."""
    try:
        from khibra.hours import selectors as hours_selectors
    except ImportError:
        return None
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


def care_for(engagements, *, today: dt.date | None = None) -> list[Care]:
    today = today or timezone.localdate()
    engagements = list(engagements)
    hours = _hours_by_engagement(engagements)
    rows = []
    for engagement in engagements:
        reported = {report.week_start for report in engagement.weekly_reports.all()}
        late = len(missing_report_weeks(engagement, today=today, reported=reported))
        overdue = sum(
            1 for item in engagement.work_items.all()
            if item.due_on and item.due_on < today and item.status not in (WorkItemStatus.SUBMITTED, WorkItemStatus.ACCEPTED)
        )
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
    engagements = (
        Engagement.objects.active()
        .filter(opportunity__organization=organization)
        .select_related("opportunity", "volunteer__user")
        .prefetch_related("weekly_reports", "work_items")
        .order_by("pk")
    )
    if opportunity is not None:
        engagements = engagements.filter(opportunity=opportunity)
    return care_for(engagements, today=today)
