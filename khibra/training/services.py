"""State changes of training: courses (create, edit, deactivate), completions (declare, confirm,
reject) and the courses an opportunity requires. Each function checks who may act
(PermissionDenied), the rules (ValidationError with a code), writes and records an audit row in
one transaction."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.arabic import normalize
from khibra.opportunities.models import OpportunityStatus
from khibra.organizations.access import is_staff, require_manager
from khibra.volunteers.models import VolunteerProfile

from .access import may_manage_course
from .models import (
    MAX_DURATION_HOURS,
    MIN_DURATION_HOURS,
    CompletionStatus,
    Course,
    CourseCompletion,
    CourseDelivery,
    OpportunityCourse,
)
from .selectors import requirable_courses

COURSE_FIELDS = ("title_ar", "title_en", "description", "field", "specialty", "delivery", "url", "duration_hours")
# Opportunities whose requirements can no longer change.
FINISHED_STATUSES = (OpportunityStatus.COMPLETED, OpportunityStatus.CANCELLED)


def _search_text(course: Course) -> str:
    return normalize(" ".join([course.title_ar, course.title_en, course.specialty, course.description]))


def _check_course(course: Course) -> None:
    errors: dict[str, str] = {}
    course.title_ar = (course.title_ar or "").strip()
    course.title_en = (course.title_en or "").strip()
    course.specialty = (course.specialty or "").strip()
    course.description = (course.description or "").strip()
    course.url = (course.url or "").strip()
    if not course.title_ar:
        errors["title_ar"] = _("Give the course an Arabic title.")
    if course.delivery == CourseDelivery.EXTERNAL and not course.url:
        errors["url"] = _("An external course needs the link to its page.")
    if course.field_id is not None and not course.field.is_active:
        errors["field"] = _("Choose a field from the list.")
    hours = course.duration_hours
    if hours is None or not (Decimal(str(MIN_DURATION_HOURS)) <= Decimal(str(hours)) <= MAX_DURATION_HOURS):
        errors["duration_hours"] = _("The duration must be between %(min)s and %(max)s hours.") % {
            "min": MIN_DURATION_HOURS,
            "max": MAX_DURATION_HOURS,
        }
    if errors:
        raise ValidationError(errors, code="course")
    course.search_text = _search_text(course)
    course.full_clean()


def _require_course_keeper(*, by, provider) -> None:
    if provider is None:
        if not is_staff(by):
            raise PermissionDenied(_("Only platform staff manage the platform's courses."))
    else:
        require_manager(provider, by)


@transaction.atomic
def create_course(*, by, provider=None, **values) -> Course:
    """A course in the platform's catalogue (provider None, staff) or an organization's (its managers)."""
    _require_course_keeper(by=by, provider=provider)
    course = Course(provider=provider, created_by=by, **{name: values.get(name) for name in COURSE_FIELDS if name in values})
    if not course.delivery:
        course.delivery = CourseDelivery.INTERNAL
    _check_course(course)
    course.save()
    audit.record(actor=by, verb="training.course_created", target=course, organization=provider, title=course.title_ar)
    return course


@transaction.atomic
def update_course(*, course: Course, by, **values) -> Course:
    course = Course.objects.select_for_update(of=("self",)).select_related("provider", "field").get(pk=course.pk)
    _require_course_keeper(by=by, provider=course.provider)
    changed = []
    for name in COURSE_FIELDS:
        if name in values and getattr(course, name) != values[name]:
            setattr(course, name, values[name])
            changed.append(name)
    _check_course(course)
    course.save()
    audit.record(actor=by, verb="training.course_updated", target=course, organization=course.provider, changed=changed)
    return course


@transaction.atomic
def deactivate_course(*, course: Course, by) -> Course:
    """Takes the course out of the catalogue; completions stay, and it stops blocking applications."""
    course = Course.objects.select_for_update(of=("self",)).select_related("provider").get(pk=course.pk)
    _require_course_keeper(by=by, provider=course.provider)
    if not course.is_active:
        raise ValidationError(_("This course is already deactivated."), code="inactive")
    course.is_active = False
    course.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=by, verb="training.course_deactivated", target=course, organization=course.provider)
    return course


# --- completions ----------------------------------------------------------------------------------


@transaction.atomic
def declare_completion(*, course: Course, by, completed_on: dt.date, evidence_url: str = "") -> CourseCompletion:
    """The volunteer says they completed the course. Declaring again updates a pending or a
    rejected declaration (which goes back for confirmation); a confirmed one stays as it is."""
    volunteer = VolunteerProfile.objects.filter(user=by).first() if getattr(by, "is_authenticated", False) else None
    if volunteer is None:
        raise PermissionDenied(_("Only volunteers record the courses they completed."))
    if not Course.objects.catalogue().filter(pk=course.pk).exists():
        raise ValidationError(_("This course is not in the catalogue."), code="inactive")
    if completed_on is None:
        raise ValidationError({"completed_on": ValidationError(_("Enter the date you completed the course."), code="required")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": ValidationError(_("The completion date cannot be in the future."), code="future")})
    evidence_url = (evidence_url or "").strip()
    completion = CourseCompletion.objects.select_for_update(of=("self",)).filter(course=course, volunteer=volunteer).first()
    if completion is not None and completion.status == CompletionStatus.CONFIRMED:
        raise ValidationError(_("Your completion of this course is already confirmed."), code="already_confirmed")
    if completion is None:
        completion = CourseCompletion(course=course, volunteer=volunteer)
    completion.completed_on = completed_on
    completion.evidence_url = evidence_url
    completion.status = CompletionStatus.SELF_DECLARED
    completion.confirmed_by = None
    completion.confirmed_at = None
    completion.note = ""
    completion.full_clean()
    completion.save()
    audit.record(
        actor=by, verb="training.completion_declared", target=completion, organization=course.provider, course=course.pk
    )
    return completion


def _decide(*, completion: CourseCompletion, by, status: str, note: str) -> CourseCompletion:
    completion = CourseCompletion.objects.select_for_update(of=("self",)).select_related("course__provider", "volunteer").get(pk=completion.pk)
    if not may_manage_course(by, completion.course):
        raise PermissionDenied(_("Only the course's organization (platform staff for platform courses) can confirm completions."))
    if completion.volunteer.user_id == by.pk:
        raise PermissionDenied(_("You cannot confirm your own completion."))
    if completion.status != CompletionStatus.SELF_DECLARED:
        raise ValidationError(_("This completion has already been decided."), code="already_decided")
    completion.status = status
    completion.note = (note or "").strip()
    completion.confirmed_by = by
    completion.confirmed_at = timezone.now()
    if status == CompletionStatus.REJECTED and not completion.note:
        raise ValidationError(
            {"note": ValidationError(_("Say why the completion is not confirmed, so the volunteer can fix it."), code="note_required")}
        )
    completion.full_clean()
    completion.save()
    audit.record(
        actor=by,
        verb=f"training.completion_{status}",
        target=completion,
        organization=completion.course.provider,
        volunteer=completion.volunteer_id,
    )
    return completion


@transaction.atomic
def confirm_completion(*, completion: CourseCompletion, by, note: str = "") -> CourseCompletion:
    return _decide(completion=completion, by=by, status=CompletionStatus.CONFIRMED, note=note)


@transaction.atomic
def reject_completion(*, completion: CourseCompletion, by, note: str) -> CourseCompletion:
    return _decide(completion=completion, by=by, status=CompletionStatus.REJECTED, note=note)


# --- an opportunity's requirements -------------------------------------------------------------------


def _require_opportunity_manager(opportunity, by) -> None:
    require_manager(opportunity.organization, by)
    if opportunity.status in FINISHED_STATUSES:
        raise ValidationError(_("The requirements of a completed or cancelled opportunity cannot change."), code="finished")


@transaction.atomic
def require_course(*, opportunity, course: Course, by) -> tuple[OpportunityCourse, bool]:
    """(the requirement, whether it was added now). Only active catalogue courses or the
    organization's own active courses."""
    _require_opportunity_manager(opportunity, by)
    if not requirable_courses(opportunity.organization).filter(pk=course.pk).exists():
        raise ValidationError({"course": ValidationError(_("Choose an active course from the catalogue."), code="inactive")})
    requirement, created = OpportunityCourse.objects.get_or_create(opportunity=opportunity, course=course, defaults={"added_by": by})
    if created:
        audit.record(
            actor=by, verb="training.course_required", target=opportunity, organization=opportunity.organization, course=course.pk
        )
    return requirement, created


@transaction.atomic
def unrequire_course(*, opportunity, course: Course, by) -> None:
    _require_opportunity_manager(opportunity, by)
    deleted, _rows = OpportunityCourse.objects.filter(opportunity=opportunity, course=course).delete()
    if not deleted:
        raise ValidationError(_("This opportunity does not require this course."), code="not_required")
    audit.record(
        actor=by, verb="training.course_unrequired", target=opportunity, organization=opportunity.organization, course=course.pk
    )
