"""Selectors of what waits for an organization's managers in recruitment: applications still
unanswered (with their answer deadline) and interviews coming. Reads only; the home assembles
them (site.selectors). Every read is scoped to the organizations given."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core.inbox import Waiting, with_bdi

from .models import PENDING_STATUSES, Application, ApplicationStatus, Interview
from .selectors import response_deadline

LIMIT = 30


def _unanswered(organizations):
    return Application.objects.filter(
        opportunity__organization__in=organizations, status__in=PENDING_STATUSES, first_response_at__isnull=True
    )


def _coming_interviews(organizations):
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Interview.objects.filter(
        application__opportunity__organization__in=organizations,
        application__status=ApplicationStatus.INTERVIEW,
        scheduled_at__gte=start_of_today,
    )


def waiting_counts(organizations) -> dict[str, int]:
    """One count query per kind."""
    return {"applications": _unanswered(organizations).count(), "interviews": _coming_interviews(organizations).count()}


def waiting_for_manager(organizations) -> list[Waiting]:
    """Unanswered applications (oldest first: their deadline comes soonest) and coming interviews."""
    items = []
    applications = (
        _unanswered(organizations)
        .select_related("volunteer__user", "opportunity__organization")
        .order_by("created_at", "pk")[:LIMIT]
    )
    for application in applications:
        opportunity = application.opportunity
        items.append(Waiting(
            kind="applications",
            title=with_bdi(_("Answer the application for “%(title)s”"), title=opportunity.title),
            subject=application.volunteer.user.full_name,
            url=reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk]) + f"#application-{application.pk}",
            due=response_deadline(application),
            organization=opportunity.organization.name,
            key=f"application-{application.pk}",
        ))
    interviews = (
        _coming_interviews(organizations)
        .select_related("application__volunteer__user", "application__opportunity__organization")
        .order_by("scheduled_at", "pk")[:LIMIT]
    )
    for interview in interviews:
        opportunity = interview.application.opportunity
        items.append(Waiting(
            kind="interviews",
            title=with_bdi(_("Interview for “%(title)s” at %(time)s"), title=opportunity.title, time=timezone.localtime(interview.scheduled_at).strftime("%H:%M"),),
            subject=interview.application.volunteer.user.full_name,
            url=reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk]) + f"#application-{interview.application_id}",
            due=timezone.localtime(interview.scheduled_at).date(),
            organization=opportunity.organization.name,
            key=f"interview-{interview.pk}",
        ))
    return items
