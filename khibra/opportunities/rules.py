"""The rules of an opportunity's design, as pure functions of its values: the forms and the
services both call them, so each rule has one implementation. Nothing here reads or writes the
database."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _, ngettext

from khibra.core.arabic import normalize
from khibra.programs.models import ExecutionMode

from .models import MAX_BENEFICIARIES, BeneficiaryCategory, MarketingChannel, Nature

MAX_SEATS = 500  # opportunity_seats_range
MAX_DAYS = 730  # opportunity_days_range
MAX_HOURS_PER_DAY = Decimal("24")  # opportunity_hours_per_day_range
MAX_HOURS_PER_WEEK = Decimal("80")  # opportunity_hours_per_week_range
MAX_TASKS = 30

# What create_opportunity / update_opportunity may set. Status, publishing and the service model
# have their own use cases (services/lifecycle.py).
EDITABLE_FIELDS = frozenset(
    {
        "program",
        "title",
        "description",
        "deliverables",
        "responsibilities",
        "fields",
        "other_field",
        "level",
        "requirements",
        "min_years_experience",
        "experience_rule",
        "required_professions",
        "execution_mode",
        "team_size",
        "seats",
        "age_min",
        "age_max",
        "gender",
        "english_allowed",
        "english_supervisor",
        "nature",
        "nature_notes",
        "city",
        "venue",
        "duration_days",
        "hours_per_day",
        "hours_per_week",
        "starts_on",
        "ends_on",
        "apply_by",
        "supervisor",
        "supervisor_contact",
        "marketing_channels",
        "benefits",
        "required_training",
        "urgent",
        "beneficiary_category",
        "beneficiaries_expected",
    }
)
MANY_TO_MANY = ("fields", "required_professions")

Add = Callable[[str, str], None]


@dataclass(frozen=True)
class TaskInput:
    title: str
    due_on: date
    details: str = ""


def design_errors(values: Mapping) -> dict[str, list[str]]:
    """The mistakes in an opportunity's design, by field. `values` holds the opportunity's fields.

    Mirrors the database constraints (for a readable message) and adds the rules the database
    cannot hold: a city for in-person work, hours per week against hours per day, the working
    days fitting the period.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    _shape_errors(values, add)
    _time_errors(values, add)

    category, expected = values.get("beneficiary_category"), values.get("beneficiaries_expected")
    if category == BeneficiaryCategory.INDIVIDUALS:
        if expected is None:
            add("beneficiaries_expected", _("Say how many people the work should reach."))
        elif not 1 <= expected <= MAX_BENEFICIARIES:
            add("beneficiaries_expected", _("The number of beneficiaries must be between 1 and %(max)s.") % {"max": MAX_BENEFICIARIES})

    channels = values.get("marketing_channels") or []
    if any(channel not in MarketingChannel.values for channel in channels):
        add("marketing_channels", _("Choose marketing channels from the list."))
    return errors


def _shape_errors(values: Mapping, add: Add) -> None:
    """Dates in order, seats, ages, the team, the English supervisor, where the work happens."""
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", _("The end date cannot be before the start date."))
    apply_by = values.get("apply_by")
    if apply_by and ends_on and apply_by > ends_on:
        add("apply_by", _("The application deadline cannot be after the end date."))

    seats = values.get("seats")
    if seats is not None and not 1 <= seats <= MAX_SEATS:
        add("seats", _("Seats must be between 1 and %(max)s.") % {"max": MAX_SEATS})

    age_min, age_max = values.get("age_min"), values.get("age_max")
    if age_min is not None and age_max is not None and age_max < age_min:
        add("age_max", _("The maximum age cannot be below the minimum age."))

    mode, team_size = values.get("execution_mode"), values.get("team_size")
    if mode == ExecutionMode.TEAM:
        if team_size is None or team_size < 2:
            add("team_size", _("A team needs at least two members."))
        elif seats is not None and seats < team_size:
            add("seats", _("Offer at least as many seats as the team has members."))
    elif mode == ExecutionMode.INDIVIDUAL and team_size not in (None, 1):
        add("team_size", _("Individual work has a team size of one."))

    if values.get("english_allowed") and not (values.get("english_supervisor") or "").strip():
        add("english_supervisor", _("Name the English-speaking supervisor who will support English-speaking volunteers."))

    nature = values.get("nature")
    if nature == Nature.REMOTE and (values.get("venue") or "").strip():
        add("venue", _("Remote work has no venue. Clear the venue or choose in person or both."))
    if nature in (Nature.IN_PERSON, Nature.BOTH) and not values.get("city"):
        add("city", _("Choose the city where the in-person work takes place."))


def _time_errors(values: Mapping, add: Add) -> None:
    """Working days within the period, hours per day and per week."""
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    days = values.get("duration_days")
    if days is not None:
        if not 1 <= days <= MAX_DAYS:
            add("duration_days", _("The number of days must be between 1 and %(max)s.") % {"max": MAX_DAYS})
        elif starts_on and ends_on and ends_on >= starts_on and days > (ends_on - starts_on).days + 1:
            add(
                "duration_days",
                ngettext(
                    "%(days)s working day does not fit between the start and end dates.",
                    "%(days)s working days do not fit between the start and end dates.",
                    days,
                )
                % {"days": days},
            )

    per_day, per_week = values.get("hours_per_day"), values.get("hours_per_week")
    if per_day is not None:
        if per_day <= 0:
            add("hours_per_day", _("Hours per day must be more than zero."))
        elif per_day > MAX_HOURS_PER_DAY:
            add("hours_per_day", _("A day has no more than 24 hours."))
    if per_week is not None:
        if per_week <= 0:
            add("hours_per_week", _("Hours per week must be more than zero."))
        elif per_week > MAX_HOURS_PER_WEEK:
            add("hours_per_week", _("Hours per week cannot exceed %(max)s.") % {"max": MAX_HOURS_PER_WEEK})
        elif per_day is not None and 0 < per_day <= MAX_HOURS_PER_DAY and per_week > 7 * per_day:
            add(
                "hours_per_week",
                _("%(week)s hours a week is more than seven days of %(day)s hours.")
                % {"week": hours_text(per_week), "day": hours_text(per_day)},
            )


def task_errors(tasks: list[TaskInput], *, starts_on: date | None, ends_on: date | None) -> dict[int, tuple[str, str]]:
    """The mistakes in a list of tasks: position in the list → (the task's field, message)."""
    errors: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for index, task in enumerate(tasks):
        key = normalize(task.title)
        if key in seen:
            errors[index] = ("title", _("This task is listed twice."))
        elif starts_on and task.due_on < starts_on:
            errors[index] = ("due_on", _("This task is due before the opportunity starts."))
        elif ends_on and task.due_on > ends_on:
            errors[index] = ("due_on", _("This task is due after the opportunity ends."))
        seen.add(key)
    return errors


def hours_text(value: Decimal | int) -> str:
    """12.5 → "12.5", 100.0 → "100": hours as people write them."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
