"""State changes of step 8's feedback: the volunteer survey, two-way reviews, misconduct reports and
the internal stakeholder survey."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.notify import tell
from khibra.organizations.access import require_manager

from ..models import (
    MAX_CUSTOM_ANSWER,
    CustomQuestionKind,
    MisconductReport,
    OrganizationReview,
    QuestionSet,
    StakeholderResponse,
    SurveyKind,
    SurveyQuestion,
    VolunteerReview,
    VolunteerSurvey,
)

CLOSED_STATUSES = ("completed", "not_completed", "withdrawn")


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
    return _send_survey(
        engagement,
        kind=SurveyKind.COMPLETION,
        year=(engagement.ended_on or timezone.localdate()).year,
        title=lambda: _("How was your volunteering on “%(title)s”?") % {"title": opportunity.title},
        body=lambda: _("Five short questions help the organization improve. Your answers count for the next volunteers."),
        audited=True,
    )


def _send_survey(engagement, *, kind: str, year: int, title, body, audited: bool = False) -> VolunteerSurvey:
    """Create the volunteer's survey of `kind` for this engagement's organization and invite them
    to it (`title` and `body`, callables, in their language); `audited` records it sent."""
    opportunity = engagement.opportunity
    survey = VolunteerSurvey.objects.create(
        volunteer=engagement.volunteer,
        organization=opportunity.organization,
        program=opportunity.program,
        engagement=engagement,
        kind=kind,
        year=year,
    )
    if audited:
        audit.record(actor=None, verb="survey.sent", target=survey, organization=opportunity.organization, engagement=engagement.pk)
    tell(
        engagement.volunteer.user,
        kind="evaluation.survey",
        title=title,
        body=body,
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
        organization = engagement.opportunity.organization
        _send_survey(
            engagement,
            kind=SurveyKind.YEARLY,
            year=year,
            title=lambda: _("Your year volunteering with %(organization)s") % {"organization": organization.name},
            body=lambda: _("Five short questions about this year help the organization improve."),
        )
    return count


def asked_questions(organization) -> list[SurveyQuestion]:
    """The organization's own questions its surveys ask now, in order."""
    return list(SurveyQuestion.objects.filter(organization=organization, active=True).order_by("created_at", "pk"))


def _custom_answers(survey: VolunteerSurvey, answers: dict | None) -> list[dict]:
    """The answers to the organization's questions, each with the question's text as asked."""
    answers = {int(key): value for key, value in (answers or {}).items()}
    errors, kept = {}, []
    for item in asked_questions(survey.organization):
        value = answers.get(item.pk)
        if item.kind == CustomQuestionKind.SCALE:
            if value in (None, ""):
                errors[f"custom_{item.pk}"] = _("Choose a rating from 1 to 5.")
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = 0
            if not 1 <= value <= 5:
                errors[f"custom_{item.pk}"] = _("Choose a rating from 1 to 5.")
                continue
        else:
            value = str(value or "").strip()
            if len(value) > MAX_CUSTOM_ANSWER:
                errors[f"custom_{item.pk}"] = _("Keep the answer under %(max)s characters.") % {"max": MAX_CUSTOM_ANSWER}
                continue
        kept.append({"question": item.pk, "text": item.text, "kind": item.kind, "answer": value})
    if errors:
        raise ValidationError(errors)
    return kept


@transaction.atomic
def answer_survey(*, survey: VolunteerSurvey, by, satisfaction: int, organization_quality: int, training: int,
                  recommend: int, recommend_reason: str = "", suggestions: str = "", exhaustion: str = "",
                  custom_answers: dict | None = None) -> VolunteerSurvey:
    """The volunteer answers the guide's questions (and the organization's own), once."""
    survey = VolunteerSurvey.objects.select_for_update(of=("self",)).select_related("volunteer", "organization").get(pk=survey.pk)
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
    survey.exhaustion = exhaustion or ""
    survey.custom_answers = _custom_answers(survey, custom_answers)
    survey.question_set = QuestionSet.GUIDE
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
