"""Logging and reviewing hours. Approved hours are final: no function here changes or deletes them."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from khibra.agreements.selectors import require_agreement_accepted
from khibra.core import audit
from khibra.core.notify import notify
from khibra.engagements.models import Engagement, EngagementStatus
from khibra.engagements.services import tell_arrival
from khibra.organizations.access import active_membership
from khibra.providers.selectors import provider_for_hours
from khibra.volunteers.models import VolunteerProfile

from . import hooks
from .access import require_reviewer
from .models import MAX_HOURS_PER_DAY, HourEntry, HourStatus
from .selectors import primary_field_id

# More than this many times the opportunity's weekly hours in one ISO week needs a confirmation.
OVER_PLAN_FACTOR = Decimal("2")
EDITABLE = (HourStatus.SUBMITTED, HourStatus.RETURNED)


@transaction.atomic
def log_hours(
    *, engagement: Engagement, by, date: dt.date, hours: Decimal, task=None, note: str = "", confirm_over_plan: bool = False
) -> HourEntry:
    engagement = Engagement.objects.select_related("opportunity__organization", "volunteer__user").get(pk=engagement.pk)
    _require_volunteer(engagement, by)
    # One volunteer logs one at a time: the day and week totals below stay true.
    VolunteerProfile.objects.select_for_update().filter(pk=engagement.volunteer_id).first()
    opportunity = engagement.opportunity
    entry = HourEntry(
        engagement=engagement,
        date=date,
        hours=hours,
        task=task,
        note=(note or "").strip(),
        submitted_by=by,
        volunteer=engagement.volunteer,
        opportunity=opportunity,
        organization=opportunity.organization,
        level=opportunity.level,
        field_id=primary_field_id(opportunity),
        city=opportunity.city,  # None for remote opportunities
        provider_id=provider_for_hours(engagement),  # the employer whose program approved this engagement
        program_id=opportunity.program_id,
    )
    entry.over_plan = _check_limits(entry, confirm_over_plan=confirm_over_plan)
    entry.save()
    audit.record(
        actor=by, verb="hours.logged", target=entry, organization=opportunity.organization,
        engagement=engagement.pk, date=entry.date, hours=entry.hours, over_plan=entry.over_plan,
    )
    name = engagement.volunteer.user.full_name
    tell_arrival(
        engagement, kind="hours.logged", key=f"hours-logged:{entry.pk}",
        url=reverse("hours:engagement_queue", args=[opportunity.organization.slug, engagement.pk]),
        title=lambda: _("%(name)s logged hours on “%(title)s”: they wait for your approval") % {"name": name, "title": opportunity.title},
    )
    return entry


@transaction.atomic
def update_hours(
    *, entry: HourEntry, by, date: dt.date, hours: Decimal, task=None, note: str = "", confirm_over_plan: bool = False
) -> HourEntry:
    """Correct hours not yet approved; returned hours go back to the supervisor."""
    entry = _locked_editable(entry, by)
    VolunteerProfile.objects.select_for_update().filter(pk=entry.volunteer_id).first()
    entry.date, entry.hours, entry.task, entry.note = date, hours, task, (note or "").strip()
    entry.over_plan = _check_limits(entry, confirm_over_plan=confirm_over_plan)
    entry.status, entry.reviewed_by, entry.reviewed_at, entry.return_reason = HourStatus.SUBMITTED, None, None, ""
    entry.save()
    audit.record(
        actor=by, verb="hours.updated", target=entry, organization=entry.organization,
        date=entry.date, hours=entry.hours, over_plan=entry.over_plan,
    )
    return entry


@transaction.atomic
def delete_hours(*, entry: HourEntry, by) -> None:
    entry = _locked_editable(entry, by)
    audit.record(actor=by, verb="hours.deleted", target=entry, organization=entry.organization, date=entry.date, hours=entry.hours)
    deleted, _rows = HourEntry.objects.filter(pk=entry.pk, status__in=EDITABLE).delete()
    if not deleted:
        raise ValidationError(_("These hours are approved and final."), code="final")


@transaction.atomic
def approve_hours(*, entry: HourEntry, by) -> HourEntry:
    return approve_many(entries=[entry], by=by)[0]


@transaction.atomic
def return_hours(*, entry: HourEntry, by, reason: str) -> HourEntry:
    return return_many(entries=[entry], by=by, reason=reason)[0]


@transaction.atomic
def approve_many(*, entries, by) -> list[HourEntry]:
    """Approve all the entries or none."""
    return _review(entries, by=by, to=HourStatus.APPROVED, reason="")


@transaction.atomic
def return_many(*, entries, by, reason: str) -> list[HourEntry]:
    """Return all the entries to their volunteers with the reason, or none."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the hours are returned, so the volunteer can correct them.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    return _review(entries, by=by, to=HourStatus.RETURNED, reason=reason)


# --- helpers ----------------------------------------------------------------------------------


def _require_volunteer(engagement: Engagement, by) -> None:
    """The engagement's volunteer, who accepted the current version of its agreement: hours wait
    for the agreement (and pause again when a new version waits for acceptance)."""
    if getattr(by, "pk", None) != engagement.volunteer.user_id:
        raise PermissionDenied(_("Only the volunteer of this engagement can log its hours."))
    require_agreement_accepted(user=by, opportunity=engagement.opportunity)


def _locked_editable(entry: HourEntry, by) -> HourEntry:
    entry = (
        HourEntry.objects.select_for_update(of=("self",))
        .select_related("engagement__opportunity__organization", "engagement__volunteer__user", "organization")
        .get(pk=entry.pk)
    )
    _require_volunteer(entry.engagement, by)
    if entry.status not in EDITABLE:
        raise ValidationError(_("These hours are approved and final."), code="final")
    return entry


def _check_limits(entry: HourEntry, *, confirm_over_plan: bool) -> bool:
    """Run the model's checks and the limits that catch mistakes; True when the entry is far
    over the plan and the volunteer confirmed it."""
    entry.full_clean()
    engagement = entry.engagement
    if engagement.status != EngagementStatus.ACTIVE:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")
    today = timezone.localdate()
    if entry.date > today:
        raise _field_error("date", _("Hours cannot be logged for a future date."), "future")
    if engagement.started_on and entry.date < engagement.started_on:
        raise _field_error("date", _("This date is before the engagement started."), "before_start")
    if engagement.ended_on and entry.date > engagement.ended_on:
        raise _field_error("date", _("This date is after the engagement ended."), "after_end")

    others = HourEntry.objects.exclude(pk=entry.pk).exclude(status=HourStatus.RETURNED)
    day_total = others.filter(volunteer_id=entry.volunteer_id, date=entry.date).aggregate(t=Sum("hours"))["t"] or Decimal("0")
    if day_total + entry.hours > MAX_HOURS_PER_DAY:
        left = max(MAX_HOURS_PER_DAY - day_total, Decimal("0"))
        raise _field_error(
            "hours",
            _("A day has 24 hours: %(logged)s are already logged on this date, so at most %(left)s more.")
            % {"logged": _number(day_total), "left": _number(left)},
            "day_limit",
        )

    monday = entry.date - dt.timedelta(days=entry.date.isoweekday() - 1)
    week_total = others.filter(engagement_id=engagement.pk, date__range=(monday, monday + dt.timedelta(days=6))).aggregate(
        t=Sum("hours")
    )["t"] or Decimal("0")
    plan = engagement.weekly_plan
    if week_total + entry.hours > OVER_PLAN_FACTOR * plan:
        if not confirm_over_plan:
            raise _field_error(
                "hours",
                _("That makes %(total)s hours this week, more than twice the plan of %(plan)s hours a week. "
                  "Check the figure, or confirm it is right.") % {"total": _number(week_total + entry.hours), "plan": _number(plan)},
                "over_plan",
            )
        return True
    return False


def _field_error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _review(entries, *, by, to: str, reason: str) -> list[HourEntry]:
    ids = sorted({entry.pk for entry in entries})
    if not ids:
        raise ValidationError(_("Choose at least one entry."), code="empty")
    rows = list(
        HourEntry.objects.filter(pk__in=ids).select_related("engagement__opportunity__organization", "engagement__volunteer__user")
    )
    if len(rows) != len(ids):
        raise ValidationError(_("Some of these hours no longer exist. Reload the page and try again."), code="changed")
    memberships = {}
    for entry in rows:
        organization = entry.engagement.opportunity.organization
        if organization.pk not in memberships:
            memberships[organization.pk] = active_membership(organization, by)
        require_reviewer(by, entry.engagement, memberships[organization.pk])
    if any(entry.status != HourStatus.SUBMITTED for entry in rows):
        raise ValidationError(_("Some of these hours are already reviewed. Reload the page and try again."), code="already_reviewed")
    now = timezone.now()
    # One conditional UPDATE: a second reviewer acting at the same moment matches nothing.
    updated = HourEntry.objects.filter(pk__in=ids, status=HourStatus.SUBMITTED).update(
        status=to, reviewed_by=by, reviewed_at=now, return_reason=reason, updated_at=now
    )
    if updated != len(ids):
        # Raising rolls back the rows this UPDATE did change: all or nothing.
        raise ValidationError(_("Some of these hours are already reviewed. Reload the page and try again."), code="already_reviewed")
    verb = "hours.approved" if to == HourStatus.APPROVED else "hours.returned"
    for entry in rows:
        entry.status, entry.reviewed_by, entry.reviewed_at, entry.return_reason = to, by, now, reason
        audit.record(
            actor=by, verb=verb, target=entry, organization=entry.engagement.opportunity.organization,
            engagement=entry.engagement_id, date=entry.date, hours=entry.hours, reason=reason,
        )
    if to == HourStatus.RETURNED:
        _tell_returned(rows)
    else:
        hooks.hours_approved(entry_ids=ids)
    return sorted(rows, key=lambda entry: ids.index(entry.pk))


def _tell_returned(rows: list[HourEntry]) -> None:
    by_engagement: dict[int, list[HourEntry]] = {}
    for entry in rows:
        by_engagement.setdefault(entry.engagement_id, []).append(entry)
    for engagement_id, entries in by_engagement.items():
        engagement = entries[0].engagement
        user = engagement.volunteer.user
        with translation.override(user.preferred_language or "ar"):
            title = ngettext(
                "%(counter)s hours entry was returned for correction",
                "%(counter)s hours entries were returned for correction",
                len(entries),
            ) % {"counter": len(entries)}
            notify(
                user=user, kind="hours.returned", title=title, body=entries[0].return_reason,
                url=reverse("hours:engagement", args=[engagement_id]),
            )
