"""State changes of the program evaluation (step 8) and of step 9: lessons, the public impact page,
planning the next cycle and relationships."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit, ics
from khibra.core.notify import tell
from khibra.organizations.access import require_manager

from ..models import (
    CarriedLesson,
    ContactKind,
    LessonSection,
    ProgramEvaluation,
    ProgramLessons,
    RelationshipContact,
)

# --- program evaluation (step 8) --------------------------------------------------------------

EVALUATION_FIELDS = ("goal_summary", "helped", "blocked", "staff_hours", "successes", "challenges")


@transaction.atomic
def save_program_evaluation(*, program, by, complete: bool = False, **values) -> ProgramEvaluation:
    require_manager(program.organization, by)
    evaluation, _created = ProgramEvaluation.objects.select_for_update().get_or_create(program=program)
    for name in EVALUATION_FIELDS:
        if name in values:
            value = values[name]
            setattr(evaluation, name, value.strip() if isinstance(value, str) else value)
    if complete and evaluation.completed_at is None:
        evaluation.completed_at = timezone.now()
        evaluation.completed_by = by
    evaluation.full_clean()
    evaluation.save()
    audit.record(actor=by, verb="evaluation.saved", target=evaluation, organization=program.organization, complete=complete)
    return evaluation


# --- lessons learned and public impact (step 9) -----------------------------------------------

LESSON_FIELDS = ("what_worked", "challenges_overcome", "challenges_open", "impact_examples", "advice")


@transaction.atomic
def save_lessons(*, program, by, publish: bool = False, **values) -> ProgramLessons:
    require_manager(program.organization, by)
    lessons, _created = ProgramLessons.objects.select_for_update().get_or_create(program=program)
    for name in LESSON_FIELDS:
        if name in values:
            setattr(lessons, name, (values[name] or "").strip())
    if publish and lessons.published_at is None:
        if not any(getattr(lessons, name) for name in LESSON_FIELDS):
            raise ValidationError(_("Write at least one lesson before publishing."), code="empty")
        lessons.published_at = timezone.now()
    lessons.full_clean()
    lessons.save()
    audit.record(actor=by, verb="lessons.saved", target=lessons, organization=program.organization, publish=publish)
    return lessons


IMPACT_STORY_FIELDS = ("what_worked", "challenges_overcome", "challenges_open", "impact_examples")


def impact_page_gaps(program, lessons: ProgramLessons) -> list[str]:
    """What keeps the public impact page from being published: it must tell something (a lesson
    section written) and show something (approved hours or beneficiaries reached)."""
    from khibra.engagements.models import Engagement
    from khibra.hours.models import HourEntry

    gaps = []
    if not any(getattr(lessons, name) for name in IMPACT_STORY_FIELDS):
        gaps.append(_("Write what worked, the challenges or the examples of impact first."))
    hours = HourEntry.objects.approved().filter(opportunity__program=program).exists()
    reached = Engagement.objects.filter(opportunity__program=program, beneficiaries_reached__gt=0).exists()
    if not hours and not reached:
        gaps.append(_("The page needs figures: approved hours or beneficiaries reached."))
    return gaps


@transaction.atomic
def set_public_impact(*, program, by, public: bool) -> ProgramLessons:
    """Make the impact page public (never empty: impact_page_gaps) or private again."""
    require_manager(program.organization, by)
    lessons, _created = ProgramLessons.objects.select_for_update().get_or_create(program=program)
    if public:
        gaps = impact_page_gaps(program, lessons)
        if gaps:
            raise ValidationError(gaps, code="empty")
    lessons.public_impact = public
    if public and lessons.published_at is None:
        lessons.published_at = timezone.now()  # a public impact page publishes its lessons
    lessons.save(update_fields=["public_impact", "published_at", "updated_at"])
    audit.record(actor=by, verb="impact_page.public" if public else "impact_page.private", target=lessons, organization=program.organization)
    return lessons


# --- plan again and relationships (step 9) ----------------------------------------------------

CARRIED_NEED_FIELDS = ("title", "description", "department", "field", "skills_required", "suitability",
                       "paid_staff_reason", "suitability_note", "volunteers_needed", "execution_mode")


def _opportunity_values(opportunity, *, program, shift: dt.timedelta | None) -> dict:
    from khibra.opportunities.rules import EDITABLE_FIELDS, MANY_TO_MANY

    values = {}
    for name in EDITABLE_FIELDS:
        if name in MANY_TO_MANY:
            values[name] = list(getattr(opportunity, name).all())
        elif name in ("starts_on", "ends_on"):
            value = getattr(opportunity, name)
            if shift is not None and value is not None:
                values[name] = value + shift
        else:
            try:
                values[name] = getattr(opportunity, name)
            except Exception:  # a relation that is not set
                values[name] = None
    values["program"] = program
    return values


@transaction.atomic
def plan_again(*, program, by, name: str, starts_on: dt.date, ends_on: dt.date, goal: str = ""):
    """Start the next cycle from this program: a new program (previous = this one), its accepted
    needs carried over, its opportunities copied as drafts, and its past volunteers and partners
    invited (recorded as contacts)."""
    from khibra.opportunities.rules import TaskInput
    from khibra.opportunities.services import create_opportunity
    from khibra.programs import services as programs

    new = programs.create_program(
        organization=program.organization, by=by, name=name, goal=goal or program.goal, starts_on=starts_on, ends_on=ends_on
    )
    new.previous = program
    new.save(update_fields=["previous", "updated_at"])
    for need in program.needs.on_list().order_by("priority", "created_at"):
        programs.add_need(program=new, by=by, **{f: getattr(need, f) for f in CARRIED_NEED_FIELDS})
    shift = starts_on - program.starts_on
    for opportunity in program.opportunities.exclude(status="cancelled").order_by("pk"):
        tasks = [TaskInput(title=t.title, due_on=t.due_on + shift, details=t.details) for t in opportunity.tasks.all()]
        try:
            with transaction.atomic():
                create_opportunity(organization=program.organization, by=by, tasks=tasks,
                                   **_opportunity_values(opportunity, program=new, shift=shift))
        except ValidationError:
            # Dates or tasks that no longer fit: carry the description and let the manager plan the dates.
            create_opportunity(organization=program.organization, by=by, tasks=[],
                               **_opportunity_values(opportunity, program=new, shift=None))
    _carry_lessons(program, new)
    from ..selectors import relationships

    # Re-engage this program's own volunteers and partners, not every past contact of the organization.
    for person in relationships(program.organization, program=program):
        _invite(organization=program.organization, program=new, user=person.user, by=by, kind=ContactKind.NEXT_CYCLE)
    audit.record(actor=by, verb="program.planned_again", target=new, organization=program.organization, previous=program.pk)
    return new


def lesson_lines(text: str) -> list[str]:
    """One lesson per line (list markers dropped): how a section of the lessons splits."""
    lines = (line.strip().lstrip("-•*·–").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def _carry_lessons(previous, new) -> None:
    """Bring the previous cycle's lessons into the new one, one row per lesson to mark applied or not."""
    lessons = ProgramLessons.objects.filter(program=previous).first()
    if lessons is None:
        return
    CarriedLesson.objects.bulk_create([
        CarriedLesson(program=new, section=section, text=line[:4000])
        for section in LessonSection.values
        for line in lesson_lines(getattr(lessons, section))
    ])


@transaction.atomic
def mark_lesson(*, lesson: CarriedLesson, by, applied: bool | None, note: str = "") -> CarriedLesson:
    """The manager marks a lesson of the previous cycle as applied in this one, or not (None: undecided)."""
    lesson = CarriedLesson.objects.select_for_update().select_related("program__organization").get(pk=lesson.pk)
    require_manager(lesson.program.organization, by)
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    lesson.applied, lesson.note = applied, note
    lesson.decided_by, lesson.decided_at = (by, timezone.now()) if applied is not None else (None, None)
    lesson.save(update_fields=["applied", "note", "decided_by", "decided_at", "updated_at"])
    audit.record(actor=by, verb="lesson.marked", target=lesson, organization=lesson.program.organization, applied=applied)
    return lesson


def _invite(*, organization, program, user, by, kind: str, event_title: str = "", event_date: dt.date | None = None) -> RelationshipContact:
    contact = RelationshipContact.objects.create(
        organization=organization, program=program, user=user, kind=kind, event_title=event_title, event_date=event_date, sent_by=by
    )
    if kind == ContactKind.NEXT_CYCLE:
        tell(
            user, kind="evaluation.next_cycle",
            title=lambda: _("%(organization)s is starting a new cycle: “%(program)s”") % {"organization": organization.name, "program": program.name},
            body=lambda: _("You worked with us before. We would be glad to have you again: watch for the new opportunities."),
            url=reverse("organizations:detail", args=[organization.slug]),
        )
    else:
        from khibra.core.dates import format_hijri

        tell(
            user, kind="evaluation.event",
            title=lambda: _("%(organization)s invites you: %(event)s") % {"organization": organization.name, "event": event_title},
            body=lambda: _("On %(date)s (%(hijri)s). We would be glad to see you.") % {"date": event_date.isoformat(), "hijri": format_hijri(event_date)},
            url="",
            # "Add to calendar": the event's day, one UID per invitation.
            attachments=lambda: [
                ics.attachment(
                    ics.CalendarEvent(
                        uid=ics.uid_for("event", contact.pk), summary=event_title, start=event_date, description=organization.name
                    ),
                    "event.ics",
                )
            ],
        )
    return contact


@transaction.atomic
def invite_to_event(*, organization, by, user, event_title: str, event_date: dt.date) -> RelationshipContact:
    """Invite a past volunteer or partner (someone on the relationships list) to an event."""
    require_manager(organization, by)
    from ..selectors import relationships

    event_title = (event_title or "").strip()
    if not event_title:
        raise ValidationError({"event_title": _("Give the event a title.")})
    if event_date is None or event_date < timezone.localdate():
        raise ValidationError({"event_date": _("Choose a date that has not passed.")})
    if user.pk not in {person.user.pk for person in relationships(organization)}:
        raise PermissionDenied
    contact = _invite(organization=organization, program=None, user=user, by=by, kind=ContactKind.EVENT,
                      event_title=event_title[:200], event_date=event_date)
    audit.record(actor=by, verb="relationship.invited", target=contact, organization=organization, event=event_title)
    return contact
