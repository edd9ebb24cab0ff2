"""Reads for applying and the selection pages: who answers applications, what stops a volunteer
from applying, the board, responsiveness figures. Nothing here writes."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
import datetime as dt
from statistics import median

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core.ics import CalendarEvent, uid_for
from khibra.core.workdays import add_working_days
from khibra.opportunities.models import MarketingChannel, Opportunity
from khibra.organizations.models import Membership, MembershipRole, Organization
from khibra.volunteers import services as volunteer_services
from khibra.volunteers.models import VolunteerProfile

from . import hooks
from .models import (
    ALLOWED_FROM,
    PENDING_STATUSES,
    Application,
    ApplicationStatus,
    InactivityNotice,
    Interview,
    PassReason,
    RecruitmentPlan,
    ShareLink,
)

# How far back the responsiveness figures look.
RESPONSIVENESS_WINDOW = dt.timedelta(days=365)
MAX_ANSWER_LENGTH = 2000


# --- who answers, who may apply -----------------------------------------------------------------


def organization_people(organization: Organization, roles) -> list:
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(organization=organization, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def opportunity_managers(opportunity: Opportunity) -> list:
    """Who answers applications: the volunteer managers and the opportunity's supervisor; the
    admins when the organization has no volunteer manager."""
    people = organization_people(opportunity.organization, [MembershipRole.VOLUNTEER_MANAGER])
    if opportunity.supervisor_id and opportunity.supervisor.is_active and all(p.pk != opportunity.supervisor_id for p in people):
        people.append(opportunity.supervisor)
    if not people:
        people = organization_people(opportunity.organization, [MembershipRole.ADMIN])
    return people


def speaks_arabic(volunteer: VolunteerProfile) -> bool:
    return volunteer.languages.filter(code="ar").exists()


def apply_blockers(*, opportunity: Opportunity, volunteer: VolunteerProfile, waiting_list: bool = False) -> list[ValidationError]:
    """What stops this volunteer from applying to this opportunity, whatever they write: the
    apply page shows these before the form, and `apply` refuses with them. `waiting_list`: the
    volunteer asks for a place on the waiting list of a full listing, so a full one is no obstacle."""
    errors: list[ValidationError] = []
    if not Opportunity.objects.public().filter(pk=opportunity.pk).exists():
        return [ValidationError(_("This opportunity is not open for applications."), code="not_open")]
    if opportunity.is_past_deadline():
        return [ValidationError(_("Applications to this opportunity are closed: the last day to apply has passed."), code="deadline_passed")]
    if Application.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
        return [ValidationError(_("You have already applied to this opportunity."), code="already_applied")]
    if Membership.objects.active().filter(organization_id=opportunity.organization_id, user_id=volunteer.user_id).exists():
        errors.append(ValidationError(_("You cannot apply to an opportunity of your own organization."), code="own_organization"))
    if opportunity.is_full and not waiting_list:
        errors.append(
            ValidationError(_("All seats of this opportunity are taken. You can join its waiting list instead."), code="no_seats")
        )
    if not volunteer_services.can_apply(volunteer):
        errors.append(ValidationError(_("Accept the volunteer ethics charter before applying."), code="charter_required"))
    if not opportunity.english_allowed and not speaks_arabic(volunteer):
        errors.append(
            ValidationError(
                _("This opportunity needs Arabic. If you speak Arabic, add it to the languages on your profile."),
                code="language",
            )
        )
    today = timezone.localdate()
    if opportunity.age_min is not None or opportunity.age_max is not None:
        age = volunteer.age_on(today)
        if age is None:
            errors.append(ValidationError(_("This opportunity has an age limit: add your date of birth to your profile."), code="age_unknown"))
        elif (opportunity.age_min is not None and age < opportunity.age_min) or (
            opportunity.age_max is not None and age > opportunity.age_max
        ):
            errors.append(ValidationError(_("Your age is outside the range this opportunity asks for."), code="age"))
    if opportunity.gender and volunteer.gender != opportunity.gender:
        errors.append(
            ValidationError(
                _("This opportunity is open to: %(who)s.") % {"who": opportunity.get_gender_display()}, code="gender"
            )
        )
    # Courses the opportunity requires before applying (training). Imported here: training
    # reads opportunities, and recruitment must not import it at module load.
    from khibra.training.selectors import course_titles, missing_courses

    missing = missing_courses(opportunity, volunteer)
    if missing:
        errors.append(
            ValidationError(
                _("Complete the courses this opportunity requires before applying: %(courses)s.")
                % {"courses": course_titles(missing)},
                code="course_required",
            )
        )
    pending = Application.objects.filter(volunteer=volunteer).pending().count()
    if pending >= settings.MAX_PENDING_APPLICATIONS:
        errors.append(
            ValidationError(
                _(
                    "You already have %(count)s applications awaiting a decision, the most allowed at once. "
                    "Withdraw one or wait for an answer."
                )
                % {"count": pending},
                code="too_many_pending",
            )
        )
    return errors


def clean_answers(opportunity: Opportunity, answers: Mapping) -> tuple[dict[str, str], dict[str, str]]:
    """(answers kept by question id, errors by question id). Unknown questions are dropped."""
    kept: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in opportunity.screening_questions.all():
        key = str(question.pk)
        text = str(answers.get(key) or answers.get(question.pk) or "").strip()
        if len(text) > MAX_ANSWER_LENGTH:
            errors[key] = _("Keep the answer under %(max)s characters.") % {"max": MAX_ANSWER_LENGTH}
        elif question.required and not text:
            errors[key] = _("Answer this question.")
        if text:
            kept[key] = text
    return kept, errors


def pass_reasons_for(volunteer: VolunteerProfile) -> Counter:
    """How often organizations passed on this volunteer, by reason code (PassReason). For
    matching and the organization's side only: never shown to the volunteer."""
    return Counter(
        Application.objects.filter(volunteer=volunteer, status=ApplicationStatus.REJECTED).values_list("pass_reason", flat=True)
    )


def is_pending(application: Application) -> bool:
    return application.status in PENDING_STATUSES


def board_actions(application: Application) -> list[str]:
    """The decisions the board offers for this application, in order."""
    return [action for action in ("screening", "interview", "accept", "waitlist", "reject") if application.status in ALLOWED_FROM[action]]


# --- outreach: share links and where applicants came from ----------------------------------------


def link_for_ref(opportunity: Opportunity, code: str | None) -> ShareLink | None:
    """The share link named by `?ref=` for this opportunity, or None: for the apply service
    to set `Application.source`. A code of another opportunity is ignored."""
    if not code:
        return None
    return ShareLink.objects.filter(opportunity=opportunity, code=str(code)[:20]).first()


def channel_links(opportunity: Opportunity) -> list[ShareLink]:
    """The plan's channel links, in the plan's order."""
    plan = RecruitmentPlan.objects.filter(opportunity=opportunity).first()
    if plan is None:
        return []
    links = {link.channel: link for link in ShareLink.objects.filter(opportunity=opportunity, referred_by__isnull=True, channel__in=plan.tools)}
    return [links[channel] for channel in plan.tools if channel in links]


def share_message(*, opportunity: Opportunity, message: str, url: str) -> str:
    """Plain text that pastes well into WhatsApp, Telegram, e-mail or a post."""
    parts = [f"*{opportunity.title}*"]
    if message:
        parts.append(message)
    parts.append(url)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class SourceRow:
    link: ShareLink
    label: str
    visits: int
    applications: int


def sources_report(opportunity: Opportunity) -> tuple[list[SourceRow], list[SourceRow], int]:
    """Visits and applications per channel and per referring volunteer, and applications that
    came with no link; one aggregate query for the links and one count."""
    links = (
        ShareLink.objects.filter(opportunity=opportunity)
        .select_related("referred_by")
        .annotate(application_count=Count("applications", filter=Q(applications__opportunity=opportunity)))
        .order_by("channel", "pk")
    )
    channels, referrers = [], []
    labels = dict(MarketingChannel.choices)
    for link in links:
        if link.referred_by_id:
            referrers.append(SourceRow(link, link.referred_by.full_name or link.referred_by.email, link.visits, link.application_count))
        else:
            channels.append(SourceRow(link, str(labels.get(link.channel, link.channel)), link.visits, link.application_count))
    direct = Application.objects.filter(opportunity=opportunity, source__isnull=True).count()
    return channels, referrers, direct


# --- the selection board ------------------------------------------------------------------------


def response_deadline(application: Application) -> dt.date:
    """The last day (local) the organization has to answer: N working days after it arrived."""
    received = timezone.localtime(application.created_at).date()
    return add_working_days(received, settings.APPLICATION_RESPONSE_DAYS)


@dataclass(frozen=True)
class BoardView:
    """How the manager looks at the board: one stage, one city, a least fit, and an order."""

    stage: str = ""
    city: int | None = None
    min_score: int | None = None
    sort: str = "applied"  # "applied" (oldest first), "score" or "years" (highest first)

    @property
    def filtered(self) -> bool:
        return bool(self.stage or self.city or self.min_score is not None)


BOARD_SORTS = {
    "applied": lambda application: (application.created_at, application.pk),
    "score": lambda application: (-(application.fit if application.fit is not None else -1), application.created_at, application.pk),
    "years": lambda application: (-application.volunteer.years_of_experience, application.created_at, application.pk),
}


def _board_card(application: Application, opportunity: Opportunity, questions: dict) -> None:
    """What the card shows, set on the application."""
    application.question_answers = [(questions[key].text, text) for key, text in application.answers.items() if key in questions]
    application.latest_interview = next(iter(application.interviews.all()), None)
    application.actions = board_actions(application)
    application.deadline = response_deadline(application) if application.first_response_at is None else None
    application.meets_experience = application.volunteer.years_of_experience >= opportunity.min_years_experience
    application.pass_reason_label = PassReason(application.pass_reason).label if application.pass_reason in PassReason.values else ""


def _agreement_steps(opportunity: Opportunity, accepted: list[Application]) -> None:
    """For each accepted applicant, the agreement they must now accept (or have accepted)."""
    from khibra.agreements.selectors import agreement_gate

    for application in accepted:
        application.gate = agreement_gate(user=application.volunteer.user, opportunity=opportunity)


def board(opportunity: Opportunity, view: BoardView | None = None) -> dict:
    """The selection board of one opportunity: its applications (with what the card shows, the fit
    included) in columns by stage, filtered and sorted as `view` asks, stages with nobody listed
    apart, with counts. A fixed number of queries, whatever the number of applicants."""
    view = view or BoardView()
    questions = {str(question.pk): question for question in opportunity.screening_questions.all()}
    everyone = list(
        Application.objects.filter(opportunity=opportunity)
        .select_related("volunteer__user", "volunteer__city", "volunteer__profession", "source__referred_by")
        .prefetch_related(Prefetch("interviews", queryset=Interview.objects.order_by("-scheduled_at", "-pk")), "volunteer__fields")
        .order_by("created_at", "pk")
    )
    fits = hooks.applicant_fits.first(opportunity, [application.volunteer_id for application in everyone], default={})
    # A volunteer's employer shows only when they allowed non-profits to see it (issue 7).
    employers = hooks.employers.first({a.volunteer.user_id for a in everyone}, opportunity.organization, default={})
    for application in everyone:
        _board_card(application, opportunity, questions)
        application.fit = fits.get(application.volunteer_id)
        application.employer = employers.get(application.volunteer.user_id)
    _agreement_steps(opportunity, [a for a in everyone if a.status == ApplicationStatus.ACCEPTED])
    applications = [
        application
        for application in everyone
        if (not view.stage or application.status == view.stage)
        and (not view.city or application.volunteer.city_id == view.city)
        and (view.min_score is None or (application.fit or 0) >= view.min_score)
    ]
    applications.sort(key=BOARD_SORTS.get(view.sort, BOARD_SORTS["applied"]))
    sections = [
        (status, label, [application for application in applications if application.status == status])
        for status, label in ApplicationStatus.choices
    ]
    cities = {a.volunteer.city_id: a.volunteer.city for a in everyone if a.volunteer.city_id}
    return {
        "applications": applications,
        "everyone_count": len(everyone),
        "sections": sections,
        "columns": [section for section in sections if section[2]],
        "empty_stages": [(status, label) for status, label, items in sections if not items],
        "counts": {status: len(items) for status, _label, items in sections},
        "seats_left": max(opportunity.seats - opportunity.seats_filled, 0),
        "accepted": [a for a in everyone if a.status == ApplicationStatus.ACCEPTED],
        "questions": list(questions.values()),
        "cities": sorted(cities.values(), key=lambda city: city.name),
        "view": view,
        "inactivity": InactivityNotice.objects.filter(opportunity=opportunity, closed_at__isnull=True).first(),
    }


def applicant_cities(opportunity: Opportunity) -> list:
    """The cities the opportunity's applicants live in, for the board's filter."""
    from khibra.reference.models import City

    return sorted(City.objects.filter(pk__in=Application.objects.filter(opportunity=opportunity).values("volunteer__city")), key=lambda city: city.name)


def compared(opportunity: Opportunity, ids) -> list[Application]:
    """Two or three of the opportunity's applications, side by side, with what their cards show;
    ids of other opportunities' applications are not found (the caller answers 404)."""
    everyone = board(opportunity)["applications"]
    wanted = {int(pk) for pk in ids}
    return [application for application in everyone if application.pk in wanted]


def interview_event(interview: Interview) -> CalendarEvent:
    """The interview for a calendar (.ics), in the active language. One UID per application, so a
    new date replaces the old one in the volunteer's calendar."""
    application = interview.application
    opportunity = application.opportunity
    where = interview.location if interview.mode == Interview.Mode.IN_PERSON else interview.meeting_link
    return CalendarEvent(
        uid=uid_for("interview", application.pk),
        summary=_("Interview for “%(title)s”") % {"title": opportunity.title},
        start=interview.scheduled_at,
        description=_("%(organization)s: interview for “%(title)s” (%(how)s).")
        % {"organization": opportunity.organization.name, "title": opportunity.title, "how": interview.get_mode_display()},
        location=where,
        url=interview.meeting_link if interview.mode == Interview.Mode.ONLINE else "",
        sequence=application.interviews.filter(pk__lt=interview.pk).count() if interview.pk else 0,
    )


@dataclass(frozen=True)
class Responsiveness:
    received: int  # applications in the window, not withdrawn before an answer
    answered: int
    answered_in_time: int
    median_hours: float | None

    @property
    def rate(self) -> int | None:
        """Share of applications answered, in percent."""
        return round(100 * self.answered / self.received) if self.received else None

    @property
    def in_time_rate(self) -> int | None:
        return round(100 * self.answered_in_time / self.received) if self.received else None

    @property
    def median_days(self) -> float | None:
        return None if self.median_hours is None else round(self.median_hours / 24, 1)


def responsiveness(organization: Organization, *, now: dt.datetime | None = None) -> Responsiveness:
    """How the organization answers applications: the share answered (and answered within the
    working-day deadline) and the median time to the first answer, over the last year."""
    now = now or timezone.now()
    rows = (
        Application.objects.filter(opportunity__organization=organization, created_at__gte=now - RESPONSIVENESS_WINDOW)
        .exclude(status=ApplicationStatus.WITHDRAWN, first_response_at__isnull=True)
        .values_list("created_at", "first_response_at")
    )
    received = answered = in_time = 0
    waits: list[float] = []
    for created_at, first_response_at in rows:
        received += 1
        if first_response_at is None:
            continue
        answered += 1
        waits.append((first_response_at - created_at).total_seconds() / 3600)
        deadline = add_working_days(timezone.localtime(created_at).date(), settings.APPLICATION_RESPONSE_DAYS)
        if timezone.localtime(first_response_at).date() <= deadline:
            in_time += 1
    return Responsiveness(
        received=received, answered=answered, answered_in_time=in_time, median_hours=round(median(waits), 1) if waits else None
    )


def organization_page_context(organization: Organization) -> dict:
    """What an organization's pages show from recruitment (organizations.hooks.organization_page_context)."""
    return {"responsiveness": responsiveness(organization)}
