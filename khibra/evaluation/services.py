"""State changes of step 8 (surveys, reviews, reports, program evaluation) and step 9
(lessons, public impact page, plan again, relationships)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.notify import notify
from khibra.organizations.access import require_manager

from .models import (
    MAX_RATE_YEAR,
    MIN_RATE_YEAR,
    ContactKind,
    HourlyValue,
    MarketRate,
    MisconductReport,
    OrganizationReview,
    ProgramEvaluation,
    ProgramLessons,
    RelationshipContact,
    StakeholderResponse,
    SurveyKind,
    VolunteerReview,
    VolunteerSurvey,
)

CLOSED_STATUSES = ("completed", "not_completed", "withdrawn")
MAX_HOUR_VALUE = Decimal("100000")  # market_rate_value_range


def _tell(user, *, kind: str, title, body, url: str, dedupe_key: str | None = None) -> None:
    """Notify `user` in their language; `title` and `body` are callables rendered under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        notify(user=user, kind=kind, title=str(title()), body=str(body()), url=url, dedupe_key=dedupe_key)


# --- volunteer survey -------------------------------------------------------------------------

def on_engagement_closed(*, engagement, by=None) -> VolunteerSurvey | None:
    """Called by engagements.close_engagement inside its transaction (engagements.hooks): invite
    the volunteer to the survey for this engagement and notify them; the platform sends it, not
    `by`. Idempotent: a second call does nothing."""
    from khibra.engagements.models import Engagement

    engagement = Engagement.objects.select_related("opportunity__organization", "opportunity__program", "volunteer__user").get(pk=engagement.pk)
    if VolunteerSurvey.objects.filter(volunteer=engagement.volunteer, engagement=engagement, kind=SurveyKind.COMPLETION).exists():
        return None
    opportunity = engagement.opportunity
    survey = VolunteerSurvey.objects.create(
        volunteer=engagement.volunteer,
        organization=opportunity.organization,
        program=opportunity.program,
        engagement=engagement,
        kind=SurveyKind.COMPLETION,
        year=(engagement.ended_on or timezone.localdate()).year,
    )
    audit.record(actor=None, verb="survey.sent", target=survey, organization=opportunity.organization, engagement=engagement.pk)
    _tell(
        engagement.volunteer.user,
        kind="evaluation.survey",
        title=lambda: _("How was your volunteering on “%(title)s”?") % {"title": opportunity.title},
        body=lambda: _("Five short questions help the organization improve. Your answers count for the next volunteers."),
        url=reverse("evaluation:survey", args=[survey.pk]),
        dedupe_key=f"survey:{survey.pk}",
    )
    return survey


@transaction.atomic
def send_yearly_surveys(*, year: int, dry_run: bool = False) -> int:
    """Invite every volunteer who was engaged with an organization during `year` to that
    organization's yearly survey. Idempotent per year; returns how many would be or were sent."""
    from khibra.engagements.models import Engagement

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    engagements = (
        Engagement.objects.filter(started_on__lte=end)
        .exclude(ended_on__lt=start)
        .select_related("opportunity__organization", "opportunity__program", "volunteer__user")
        .order_by("pk")
    )
    seen: set[tuple[int, int]] = set()
    existing = set(
        VolunteerSurvey.objects.filter(kind=SurveyKind.YEARLY, year=year).values_list("volunteer_id", "organization_id")
    )
    count = 0
    for engagement in engagements:
        key = (engagement.volunteer_id, engagement.opportunity.organization_id)
        if key in seen or key in existing:
            continue
        seen.add(key)
        count += 1
        if dry_run:
            continue
        survey = VolunteerSurvey.objects.create(
            volunteer=engagement.volunteer,
            organization=engagement.opportunity.organization,
            program=engagement.opportunity.program,
            engagement=engagement,
            kind=SurveyKind.YEARLY,
            year=year,
        )
        organization = engagement.opportunity.organization
        _tell(
            engagement.volunteer.user,
            kind="evaluation.survey",
            title=lambda: _("Your year volunteering with %(organization)s") % {"organization": organization.name},
            body=lambda: _("Five short questions about this year help the organization improve."),
            url=reverse("evaluation:survey", args=[survey.pk]),
            dedupe_key=f"survey:{survey.pk}",
        )
    return count


@transaction.atomic
def answer_survey(*, survey: VolunteerSurvey, by, satisfaction: int, organization_quality: int, training: int,
                  recommend: int, recommend_reason: str = "", suggestions: str = "") -> VolunteerSurvey:
    survey = VolunteerSurvey.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=survey.pk)
    if survey.volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    if survey.answered_at is not None:
        raise ValidationError(_("You have already answered this survey. Thank you."), code="answered")
    survey.satisfaction = satisfaction
    survey.organization_quality = organization_quality
    survey.training = training
    survey.recommend = recommend
    survey.recommend_reason = (recommend_reason or "").strip()
    survey.suggestions = (suggestions or "").strip()
    survey.answered_at = timezone.now()
    survey.full_clean()
    survey.save()
    audit.record(actor=by, verb="survey.answered", target=survey, organization=survey.organization)
    return survey


# --- two-way reviews --------------------------------------------------------------------------

def _closed(engagement) -> None:
    if engagement.status not in CLOSED_STATUSES:
        raise ValidationError(_("Reviews open once the engagement is closed."), code="not_closed")


@transaction.atomic
def review_volunteer(*, engagement, by, quality: int, timeliness: int, communication: int, note: str = "") -> VolunteerReview:
    """The organization rates the volunteer of a closed engagement, once."""
    require_manager(engagement.opportunity.organization, by)
    _closed(engagement)
    if VolunteerReview.objects.filter(engagement=engagement).exists():
        raise ValidationError(_("This volunteer has already been reviewed for this engagement."), code="reviewed")
    review = VolunteerReview(
        engagement=engagement, volunteer_id=engagement.volunteer_id, organization_id=engagement.opportunity.organization_id,
        quality=quality, timeliness=timeliness, communication=communication, note=(note or "").strip(), created_by=by,
    )
    review.full_clean(exclude=["engagement"])
    review.save()
    audit.record(actor=by, verb="review.volunteer", target=review, organization=engagement.opportunity.organization)
    return review


@transaction.atomic
def review_organization(*, engagement, by, scope_clarity: int, support: int, responsiveness: int) -> OrganizationReview:
    """The volunteer of a closed engagement rates the organization, once."""
    if engagement.volunteer.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    _closed(engagement)
    if OrganizationReview.objects.filter(engagement=engagement).exists():
        raise ValidationError(_("You have already reviewed this organization for this engagement."), code="reviewed")
    review = OrganizationReview(
        engagement=engagement, volunteer_id=engagement.volunteer_id, organization_id=engagement.opportunity.organization_id,
        scope_clarity=scope_clarity, support=support, responsiveness=responsiveness,
    )
    review.full_clean(exclude=["engagement"])
    review.save()
    audit.record(actor=by, verb="review.organization", target=review, organization=engagement.opportunity.organization)
    return review


# --- misconduct -------------------------------------------------------------------------------

@transaction.atomic
def report_misconduct(*, by, reason: str, details: str, volunteer=None, organization=None) -> MisconductReport:
    report = MisconductReport(reporter=by, volunteer=volunteer, organization=organization, reason=reason, details=(details or "").strip())
    if (volunteer is None) == (organization is None):
        raise ValidationError(_("Report either a volunteer or an organization."), code="subject")
    report.full_clean()
    report.save()
    audit.record(actor=by, verb="misconduct.reported", target=report, reason=reason)
    return report


@transaction.atomic
def close_report(*, report: MisconductReport, by, resolution: str) -> MisconductReport:
    if not getattr(by, "is_staff", False):
        raise PermissionDenied
    updated = MisconductReport.objects.filter(pk=report.pk, status=MisconductReport.Status.OPEN).update(
        status=MisconductReport.Status.CLOSED, resolution=(resolution or "").strip()[:2000], reviewed_by=by,
        reviewed_at=timezone.now(), updated_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This report has already been reviewed."), code="closed")
    report.refresh_from_db()
    audit.record(actor=by, verb="misconduct.closed", target=report)
    return report


# --- internal stakeholder survey --------------------------------------------------------------

@transaction.atomic
def answer_stakeholder_survey(*, program, by, role: str, goals_met: int, work_quality: int, coordination: int,
                              continue_program: int, department: str = "", comments: str = "") -> StakeholderResponse:
    from khibra.organizations.access import active_membership

    if active_membership(program.organization, by) is None:
        raise PermissionDenied
    if StakeholderResponse.objects.filter(program=program, respondent=by).exists():
        raise ValidationError(_("You have already answered the survey for this program."), code="answered")
    response = StakeholderResponse(
        program=program, respondent=by, role=role, department=(department or "").strip(), goals_met=goals_met,
        work_quality=work_quality, coordination=coordination, continue_program=continue_program, comments=(comments or "").strip(),
    )
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(_("You have already answered the survey for this program."), code="answered") from None
    audit.record(actor=by, verb="stakeholder_survey.answered", target=response, organization=program.organization)
    return response


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


@transaction.atomic
def set_public_impact(*, program, by, public: bool) -> ProgramLessons:
    require_manager(program.organization, by)
    lessons, _created = ProgramLessons.objects.select_for_update().get_or_create(program=program)
    lessons.public_impact = public
    lessons.save(update_fields=["public_impact", "updated_at"])
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
    from .selectors import relationships

    for person in relationships(program.organization):
        _invite(organization=program.organization, program=new, user=person.user, by=by, kind=ContactKind.NEXT_CYCLE)
    audit.record(actor=by, verb="program.planned_again", target=new, organization=program.organization, previous=program.pk)
    return new


def _invite(*, organization, program, user, by, kind: str, event_title: str = "", event_date: dt.date | None = None) -> RelationshipContact:
    contact = RelationshipContact.objects.create(
        organization=organization, program=program, user=user, kind=kind, event_title=event_title, event_date=event_date, sent_by=by
    )
    if kind == ContactKind.NEXT_CYCLE:
        _tell(
            user, kind="evaluation.next_cycle",
            title=lambda: _("%(organization)s is starting a new cycle: “%(program)s”") % {"organization": organization.name, "program": program.name},
            body=lambda: _("You worked with us before. We would be glad to have you again: watch for the new opportunities."),
            url=reverse("organizations:detail", args=[organization.slug]),
        )
    else:
        from khibra.core.dates import format_hijri

        _tell(
            user, kind="evaluation.event",
            title=lambda: _("%(organization)s invites you: %(event)s") % {"organization": organization.name, "event": event_title},
            body=lambda: _("On %(date)s (%(hijri)s). We would be glad to see you.") % {"date": event_date.isoformat(), "hijri": format_hijri(event_date)},
            url="",
        )
    return contact


@transaction.atomic
def invite_to_event(*, organization, by, user, event_title: str, event_date: dt.date) -> RelationshipContact:
    """Invite a past volunteer or partner (someone on the relationships list) to an event."""
    require_manager(organization, by)
    from .selectors import relationships

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


# --- the value of an hour: national values and market rates (platform staff) --------------------

def _require_platform_staff(by) -> None:
    from khibra.organizations.access import is_staff

    if not is_staff(by):
        raise PermissionDenied


def _check_rate(year, value_sar, *, maximum: Decimal) -> None:
    errors = {}
    if year is None or not MIN_RATE_YEAR <= year <= MAX_RATE_YEAR:
        errors["year"] = _("Choose a year between %(min)s and %(max)s.") % {"min": MIN_RATE_YEAR, "max": MAX_RATE_YEAR}
    if value_sar is None or not Decimal("0") < value_sar <= maximum:
        errors["value_sar"] = _("The value of an hour must be more than 0 and at most %(max)s SAR.") % {"max": maximum}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_national_rate(*, by, year: int, value_sar: Decimal) -> HourlyValue:
    """Set the national value of a volunteer hour for a year (general, skilled, and professional
    hours without a market rate). One row per year: setting it again changes it."""
    _require_platform_staff(by)
    _check_rate(year, value_sar, maximum=MAX_HOUR_VALUE)
    rate = HourlyValue.objects.select_for_update(of=("self",)).filter(field__isnull=True, year=year).first()
    before = rate.value_sar if rate else None
    if rate is None:
        rate = HourlyValue(field=None, year=year)
    rate.value_sar = value_sar
    rate.full_clean(validate_constraints=False)
    rate.save()
    audit.record(actor=by, verb="hourly_value.set", target=rate, year=year, value=str(value_sar), before=None if before is None else str(before))
    return rate


@transaction.atomic
def set_market_rate(*, by, year: int, value_sar: Decimal, field=None, profession=None) -> MarketRate:
    """Set the market rate of an hour of professional work for a profession and/or field and year;
    setting the same profession, field and year again changes it."""
    _require_platform_staff(by)
    if field is None and profession is None:
        raise ValidationError({"profession": _("Choose a profession, a field, or both.")}, code="no_subject")
    _check_rate(year, value_sar, maximum=MAX_HOUR_VALUE)
    rate = MarketRate.objects.select_for_update(of=("self",)).filter(field=field, profession=profession, year=year).first()
    before = rate.value_sar if rate else None
    if rate is None:
        rate = MarketRate(field=field, profession=profession, year=year)
    rate.value_sar = value_sar
    rate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rate.save()
    except IntegrityError:  # the same key written at the same moment by someone else
        raise ValidationError(_("This rate was just set by someone else. Reload the page and try again."), code="race") from None
    audit.record(actor=by, verb="market_rate.set", target=rate, year=year, value=str(value_sar),
                 before=None if before is None else str(before), field=field.pk if field else None,
                 profession=profession.pk if profession else None)
    return rate


@transaction.atomic
def delete_market_rate(*, by, rate: MarketRate) -> None:
    _require_platform_staff(by)
    audit.record(actor=by, verb="market_rate.deleted", target=rate, year=rate.year, value=str(rate.value_sar))
    rate.delete()
