"""Reads for selection pages and responsiveness figures. Nothing here writes."""

from dataclasses import dataclass
import datetime as dt
from statistics import median

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from khibra.core.workdays import add_working_days
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization

from .models import Application, ApplicationStatus, InactivityNotice, Interview

# How far back the responsiveness figures look.
RESPONSIVENESS_WINDOW = dt.timedelta(days=365)


def response_deadline(application: Application) -> dt.date:
    """The last day (local) the organization has to answer: N working days after it arrived."""
    received = timezone.localtime(application.created_at).date()
    return add_working_days(received, settings.APPLICATION_RESPONSE_DAYS)


def board(opportunity: Opportunity) -> dict:
    """The selection board of one opportunity: its applications (with what the card shows) in
    sections by status, with counts. A fixed number of queries, whatever the number of applicants."""
    questions = {str(question.pk): question for question in opportunity.screening_questions.all()}
    applications = list(
        Application.objects.filter(opportunity=opportunity)
        .select_related("volunteer__user", "volunteer__city", "volunteer__profession", "source__referred_by")
        .prefetch_related(
            Prefetch("interviews", queryset=Interview.objects.order_by("-scheduled_at", "-pk")),
            "volunteer__fields",
        )
        .order_by("created_at", "pk")
    )
    from .services.applications import PassReason, board_actions

    for application in applications:
        application.question_answers = [
            (questions[key].text, text) for key, text in application.answers.items() if key in questions
        ]
        application.latest_interview = next(iter(application.interviews.all()), None)
        application.actions = board_actions(application)
        application.deadline = response_deadline(application) if application.first_response_at is None else None
        required = opportunity.min_years_experience
        application.meets_experience = application.volunteer.years_of_experience >= required
        application.pass_reason_label = PassReason(application.pass_reason).label if application.pass_reason in PassReason.values else ""
    # A volunteer's employer shows only when they allowed non-profits to see it (issue 7).
    from khibra.providers.selectors import visible_providers

    employers = visible_providers({application.volunteer.user_id for application in applications}, opportunity.organization)
    for application in applications:
        application.employer = employers.get(application.volunteer.user_id)
    sections = [
        (status, label, [application for application in applications if application.status == status])
        for status, label in ApplicationStatus.choices
    ]
    return {
        "applications": applications,
        "sections": sections,
        "counts": {status: len(items) for status, _label, items in sections},
        "seats_left": max(opportunity.seats - opportunity.seats_filled, 0),
        "questions": list(questions.values()),
        "inactivity": InactivityNotice.objects.filter(opportunity=opportunity, closed_at__isnull=True).first(),
    }


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
