"""Step 6, selection: applying, the organization's decisions, seats and the waiting list.

Each function is one use case: it checks who may act (`PermissionDenied`), the rules
(`ValidationError` with translated messages and a `code`), writes, and records an audit row in the
same transaction. Notifications are rendered in the recipient's language.

Seats are never over-filled, even when two managers accept at the same moment: one conditional
`UPDATE … SET seats_filled = seats_filled + 1 WHERE seats_filled < seats` takes a seat or takes
nothing, and the check constraint `opportunity_seats_not_overfilled` backs it up
(`select_for_update` does nothing on SQLite, so the code does not rely on it).
"""

from collections.abc import Callable, Mapping
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy

from khibra.core import audit, ics
from khibra.core.dates import format_dual
from khibra.core.notify import notify
from khibra.opportunities.models import Opportunity, OpportunityStatus
from khibra.organizations.access import require_manager
from khibra.volunteers.models import VolunteerProfile

from .. import hooks
from ..models import ALLOWED_FROM, Application, ApplicationStatus, Interview, InterviewMode, PassReason
from ..selectors import apply_blockers, clean_answers, interview_event, link_for_ref, opportunity_managers

# --- helpers -----------------------------------------------------------------------------------


def _check_allowed(application: Application, action: str) -> None:
    if application.status not in ALLOWED_FROM[action]:
        raise ValidationError(
            _("This cannot be done while the application is “%(status)s”.") % {"status": application.get_status_display()},
            code="wrong_status",
        )


def _fresh(application: Application) -> Application:
    return Application.objects.select_related("opportunity__organization", "volunteer__user").get(pk=application.pk)


def _managed(application: Application, by, action: str) -> Application:
    """The application read again, once `by` manages its organization and its status allows `action`."""
    application = _fresh(application)
    require_manager(application.opportunity.organization, by)
    _check_allowed(application, action)
    return application


def _move(application: Application, *, action: str, to: str, by, **values) -> Application:
    """Change the status with one conditional UPDATE (the status must still be one the action
    starts from), so that two people acting at once cannot both pass; record the organization's
    first response."""
    now = timezone.now()
    updated = Application.objects.filter(pk=application.pk, status__in=ALLOWED_FROM[action]).update(
        status=to, first_response_at=Coalesce(F("first_response_at"), now), updated_at=now, **values
    )
    if not updated:
        raise ValidationError(_("The application changed meanwhile. Reload the page and try again."), code="changed")
    application.refresh_from_db()
    return application


def _noted(note: str) -> dict:
    """The manager's note on a decision, for its audit row (none when empty)."""
    note = (note or "").strip()[:2000]
    return {"note": note} if note else {}


def tell(
    user, *, kind: str, render: Callable[[], tuple[str, str]], url: Callable[[], str] | None = None, dedupe_key=None,
    attachments: Callable[[], list] | None = None,
) -> None:
    """Notify `user` in their own language: `render`, `url` and `attachments` are called with it active."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        title, body = render()
        notify(
            user=user, kind=kind, title=str(title), body=str(body), url=url() if url else "", dedupe_key=dedupe_key,
            attachments=attachments() if attachments else None,
        )


def _board_url(opportunity: Opportunity) -> Callable[[], str]:
    return lambda: reverse("recruitment:board", args=[opportunity.organization.slug, opportunity.pk])


def _my_applications_url() -> str:
    return reverse("recruitment:my_applications")


def _tell_applicant(user, opportunity: Opportunity, *, kind: str, title, body) -> None:
    """Tell an applicant about their application to `opportunity`, in their language: `title` (a
    lazy string with "%(title)s", the opportunity's) and `body` are translated as it is sent."""
    tell(
        user,
        kind=kind,
        render=lambda: (str(title) % {"title": opportunity.title}, str(body)),
        url=_my_applications_url,
    )


# --- applying ----------------------------------------------------------------------------------


@transaction.atomic
def apply(
    *,
    opportunity: Opportunity,
    volunteer: VolunteerProfile,
    motivation: str,
    answers: Mapping,
    availability_confirmed: bool,
    source_code: str | None = None,
    request: HttpRequest | None = None,
    waiting_list: bool = False,
) -> Application:
    """The volunteer applies: motivation, answers to the screening questions, availability.

    With `waiting_list`, on a listing whose seats are all taken, the application goes straight to
    the waiting list: the first one there is offered the next seat that frees up (release_seat)."""
    # One volunteer applying twice at once: lock the profile so the cap and the one-per-opportunity
    # rule are checked one request at a time (IMMEDIATE transactions do the same on SQLite).
    volunteer = VolunteerProfile.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
    opportunity = Opportunity.objects.select_related("organization").get(pk=opportunity.pk)
    waiting_list = waiting_list and opportunity.is_full
    blockers = apply_blockers(opportunity=opportunity, volunteer=volunteer, waiting_list=waiting_list)
    if blockers:
        raise ValidationError(blockers)
    field_errors: dict[str, list] = {}
    motivation = (motivation or "").strip()
    if not motivation:
        field_errors["motivation"] = [ValidationError(_("Tell the organization why you fit this role."), code="required")]
    kept, answer_errors = clean_answers(opportunity, answers or {})
    for key, message in answer_errors.items():
        field_errors[f"answer_{key}"] = [ValidationError(message, code="answer")]
    if not availability_confirmed:
        field_errors["availability_confirmed"] = [
            ValidationError(_("Confirm that you can give the hours and dates this opportunity asks for."), code="availability")
        ]
    if field_errors:
        raise ValidationError(field_errors)
    source = link_for_ref(opportunity, source_code)
    application = Application(
        opportunity=opportunity,
        volunteer=volunteer,
        motivation=motivation,
        answers=kept,
        availability_confirmed=True,
        source=source,
        status=ApplicationStatus.WAITLISTED if waiting_list else ApplicationStatus.APPLIED,
    )
    try:
        application.full_clean()
    except ValidationError as error:
        # The database constraint application_once_per_volunteer, said in words.
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError(_("You have already applied to this opportunity."), code="already_applied") from None
        raise
    application.save()
    audit.record(
        actor=volunteer.user,
        verb="application.submitted",
        target=application,
        organization=opportunity.organization,
        opportunity=opportunity.pk,
        source=source.channel if source else "",
        waiting_list=waiting_list,
    )
    name = volunteer.user.full_name
    for person in opportunity_managers(opportunity):
        tell(
            person,
            kind="application.submitted",
            render=lambda: (
                _("New application for “%(title)s”") % {"title": opportunity.title},
                _("%(name)s applied. Please answer within %(days)s working days.")
                % {"name": name, "days": settings.APPLICATION_RESPONSE_DAYS},
            ),
            url=_board_url(opportunity),
        )
    return application


# --- the organization's decisions ----------------------------------------------------------------


@transaction.atomic
def move_to_screening(*, application: Application, by, note: str = "") -> Application:
    application = _managed(application, by, "screening")
    application = _move(application, action="screening", to=ApplicationStatus.SCREENING, by=by)
    audit.record(
        actor=by, verb="application.screening", target=application, organization=application.opportunity.organization, **_noted(note)
    )
    return application


@transaction.atomic
def schedule_interview(
    *, application: Application, scheduled_at: dt.datetime, mode: str, location: str = "", meeting_link: str = "", by
) -> Interview:
    """Set the interview (again, when the date changes) and tell the volunteer the date in Hijri and Gregorian."""
    application = _managed(application, by, "interview")
    location, meeting_link = (location or "").strip(), (meeting_link or "").strip()
    errors: dict[str, str] = {}
    if mode not in InterviewMode.values:
        errors["mode"] = _("Choose in person or an online meeting.")
    elif mode == InterviewMode.ONLINE and not meeting_link:
        errors["meeting_link"] = _("Add the meeting link.")
    elif mode == InterviewMode.IN_PERSON and not location:
        errors["location"] = _("Write where the interview takes place.")
    if scheduled_at is None:
        errors["scheduled_at"] = _("Choose the date and time.")
    elif scheduled_at < timezone.now():
        errors["scheduled_at"] = _("The interview cannot be in the past.")
    if errors:
        raise ValidationError(errors, code="interview")
    interview = Interview(
        application=application,
        scheduled_at=scheduled_at,
        mode=mode,
        location=location if mode == InterviewMode.IN_PERSON else "",
        meeting_link=meeting_link if mode == InterviewMode.ONLINE else "",
        created_by=by,
    )
    interview.full_clean()
    if application.status != ApplicationStatus.INTERVIEW:
        application = _move(application, action="interview", to=ApplicationStatus.INTERVIEW, by=by)
    else:
        Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    interview.save()
    audit.record(
        actor=by,
        verb="application.interview_scheduled",
        target=application,
        organization=application.opportunity.organization,
        interview=interview.pk,
        scheduled_at=scheduled_at.isoformat(),
        mode=mode,
    )
    opportunity = application.opportunity

    def render():
        local = timezone.localtime(scheduled_at)
        when = _("%(date)s at %(time)s") % {"date": format_dual(local.date()), "time": local.strftime("%H:%M")}
        where = location if mode == InterviewMode.IN_PERSON else meeting_link
        return (
            _("Interview for “%(title)s”") % {"title": opportunity.title},
            _("Your interview is on %(when)s (%(how)s): %(where)s")
            % {"when": when, "how": InterviewMode(mode).label, "where": where},
        )

    tell(
        application.volunteer.user, kind="application.interview", render=render, url=_my_applications_url,
        attachments=lambda: [ics.attachment(interview_event(interview), "interview.ics")],
    )
    return interview


@transaction.atomic
def accept_application(*, application: Application, by, note: str = ""):
    """Accept: take a seat (never over the number of seats), start the engagement and ask the
    volunteer to accept the agreement (hooks.application_accepted). Returns the Engagement."""
    application = _managed(application, by, "accept")
    opportunity = application.opportunity
    now = timezone.now()
    application = _move(application, action="accept", to=ApplicationStatus.ACCEPTED, by=by, decided_at=now, decided_by=by)
    taken = Opportunity.objects.filter(pk=opportunity.pk, seats_filled__lt=F("seats")).update(
        seats_filled=F("seats_filled") + 1, updated_at=now
    )
    if not taken:
        # Raising rolls back the status change above with the rest of the transaction.
        raise ValidationError(_("All seats of this opportunity are taken."), code="no_seats")
    engagement = hooks.application_accepted.first(application=application, by=by)
    audit.record(
        actor=by, verb="application.accepted", target=application, organization=opportunity.organization,
        engagement=engagement.pk if engagement else None, **_noted(note),
    )
    return engagement


@transaction.atomic
def waitlist_application(*, application: Application, by, note: str = "") -> Application:
    application = _managed(application, by, "waitlist")
    application = _move(
        application, action="waitlist", to=ApplicationStatus.WAITLISTED, by=by, decided_at=timezone.now(), decided_by=by
    )
    audit.record(
        actor=by, verb="application.waitlisted", target=application, organization=application.opportunity.organization, **_noted(note)
    )
    _tell_applicant(
        application.volunteer.user,
        application.opportunity,
        kind="application.waitlisted",
        title=gettext_lazy("You are on the waiting list of “%(title)s”"),
        body=gettext_lazy("The organization will offer you a seat if one frees up."),
    )
    return application


@transaction.atomic
def reject_application(*, application: Application, by, reason_code: str, note: str = "") -> Application:
    """Pass on an applicant. The reason is kept for the organization and for matching; the
    volunteer is told only that they were not selected."""
    application = _fresh(application)
    require_manager(application.opportunity.organization, by)
    if reason_code not in PassReason.values:
        raise ValidationError({"reason_code": _("Choose a reason.")}, code="reason_required")
    _check_allowed(application, "reject")
    note = (note or "").strip()[:2000]
    application = _move(
        application,
        action="reject",
        to=ApplicationStatus.REJECTED,
        by=by,
        decided_at=timezone.now(),
        decided_by=by,
        pass_reason=reason_code,
        pass_note=note,
    )
    audit.record(
        actor=by, verb="application.rejected", target=application, organization=application.opportunity.organization, reason=reason_code
    )
    _tell_applicant(
        application.volunteer.user,
        application.opportunity,
        kind="application.rejected",
        title=gettext_lazy("Your application for “%(title)s”"),
        body=gettext_lazy("Thank you for applying. The organization chose other applicants this time."),
    )
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by, reason: str = "") -> Application:
    """The volunteer steps back. Withdrawing after acceptance ends the engagement and frees the
    seat, which is offered to the waiting list (hooks.accepted_application_withdrawn)."""
    application = _fresh(application)
    if getattr(by, "pk", None) != application.volunteer.user_id:
        raise PermissionDenied(_("Only the volunteer can withdraw their application."))
    _check_allowed(application, "withdraw")
    reason = (reason or "").strip()[:500]
    was_accepted = application.status == ApplicationStatus.ACCEPTED
    if was_accepted and hooks.accepted_application_withdrawn.first(application=application, by=by, reason=reason):
        return _fresh(application)
    now = timezone.now()
    updated = Application.objects.filter(pk=application.pk, status__in=ALLOWED_FROM["withdraw"]).update(
        status=ApplicationStatus.WITHDRAWN, withdrawn_reason=reason, updated_at=now
    )
    if not updated:
        raise ValidationError(_("The application changed meanwhile. Reload the page and try again."), code="changed")
    application.refresh_from_db()
    audit.record(actor=by, verb="application.withdrawn", target=application, organization=application.opportunity.organization)
    if was_accepted:
        release_seat(opportunity=application.opportunity, by=by)
    return application


def mark_withdrawn_after_engagement(*, application: Application, reason: str) -> None:
    """The engagement of an accepted application was withdrawn: the application follows."""
    Application.objects.filter(pk=application.pk, status=ApplicationStatus.ACCEPTED).update(
        status=ApplicationStatus.WITHDRAWN, withdrawn_reason=reason[:500], updated_at=timezone.now()
    )


def release_seat(*, opportunity: Opportunity, by) -> Application | None:
    """A seat frees up: give it back (a conditional UPDATE that never goes below zero) and offer
    it to the oldest applicant on the waiting list; nobody is accepted automatically. Returns the
    applicant told, if any. Call inside the caller's transaction."""
    Opportunity.objects.filter(pk=opportunity.pk, seats_filled__gt=0).update(
        seats_filled=F("seats_filled") - 1, updated_at=timezone.now()
    )
    waiting = (
        Application.objects.filter(opportunity=opportunity, status=ApplicationStatus.WAITLISTED)
        .select_related("volunteer__user", "opportunity__organization")
        .order_by("created_at", "pk")
        .first()
    )
    audit.record(
        actor=by, verb="opportunity.seat_freed", target=opportunity, organization=opportunity.organization,
        offered_to=waiting.pk if waiting else None,
    )
    if waiting is None:
        return None
    _tell_applicant(
        waiting.volunteer.user,
        opportunity,
        kind="application.seat_offered",
        title=gettext_lazy("A seat is free on “%(title)s”"),
        body=gettext_lazy("You are first on the waiting list. The organization will confirm shortly; withdraw if you are no longer available."),
    )
    name = waiting.volunteer.user.full_name
    for person in opportunity_managers(opportunity):
        tell(
            person,
            kind="application.seat_offered_manager",
            render=lambda: (
                _("A seat is free on “%(title)s”") % {"title": opportunity.title},
                _("%(name)s is first on the waiting list. Accept them from the selection board if they still fit.") % {"name": name},
            ),
            url=_board_url(opportunity),
        )
    return waiting


def close_for_inactivity(*, opportunity: Opportunity) -> int:
    """Close a published opportunity nobody acted on and tell its pending applicants. Returns how
    many applicants were told. Used by the housekeeping (responsiveness.py)."""
    Opportunity.objects.filter(pk=opportunity.pk, status=OpportunityStatus.PUBLISHED).update(
        status=OpportunityStatus.CLOSED, updated_at=timezone.now()
    )
    audit.record(actor=None, verb="opportunity.closed_for_inactivity", target=opportunity, organization=opportunity.organization)
    told = 0
    for application in Application.objects.filter(opportunity=opportunity).pending().select_related("volunteer__user"):
        _tell_applicant(
            application.volunteer.user,
            opportunity,
            kind="application.opportunity_closed",
            title=gettext_lazy("“%(title)s” is closed"),
            body=gettext_lazy("The organization closed this opportunity without a decision on your application. It no longer counts towards your limit."),
        )
        told += 1
    # Pending applications of a closed opportunity would block the volunteers' cap forever.
    Application.objects.filter(opportunity=opportunity).pending().update(
        status=ApplicationStatus.WITHDRAWN, withdrawn_reason="opportunity closed", updated_at=timezone.now()
    )
    return told


def tell_listing_closed(opportunity: Opportunity) -> int:
    """The listing closed itself at its deadline or end date (opportunities.hooks.listing_closed,
    fired once per listing): tell each pending applicant that applications are closed and their
    application is still being considered. Returns how many were told."""
    told = 0
    for application in Application.objects.filter(opportunity=opportunity).pending().select_related("volunteer__user"):
        tell(
            application.volunteer.user,
            kind="application.listing_closed",
            render=lambda: (
                _("Applications to “%(title)s” are closed") % {"title": opportunity.title},
                _("The last day to apply has passed. Your application is still being considered and the organization will tell you its decision."),
            ),
            url=_my_applications_url,
            dedupe_key=f"listing-closed:{application.pk}",
        )
        told += 1
    return told
