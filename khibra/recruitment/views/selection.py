"""Pages of selection: applying, the volunteer's applications and the organization's board.
Access first, then form, then service; board actions answer htmx with the card's fragment and a
plain POST with a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member, get_public_opportunity
from khibra.recruitment import selectors

from .. import access
from ..forms.applications import ApplyForm, InterviewForm, RejectForm, WithdrawForm
from ..models import ALLOWED_FROM, Application, ApplicationStatus, Interview, PassReason
from ..services import applications as services

# --- the volunteer's side ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_public_opportunity(pk)
    profile = access.get_volunteer_profile(request.user) if hasattr(request.user, "volunteer_profile") else None
    questions = list(opportunity.screening_questions.all())
    form = ApplyForm(request.POST or None, questions=questions)
    # The share link the volunteer came through: in the address, or kept by /r/<code>/ in the session.
    source_code = (
        request.POST.get("ref") or request.GET.get("ref") or request.session.get(f"recruitment_ref:{opportunity.pk}") or ""
    )
    # A full listing offers its waiting list instead (the button on its page says so).
    waiting_list = opportunity.is_full and (request.POST.get("waiting_list") or request.GET.get("waiting_list")) == "1"
    blockers = selectors.apply_blockers(opportunity=opportunity, volunteer=profile, waiting_list=waiting_list) if profile else []
    if profile is not None and request.method == "POST" and form.is_valid():
        try:
            services.apply(
                opportunity=opportunity,
                volunteer=profile,
                motivation=form.cleaned_data["motivation"],
                answers=form.answers(),
                availability_confirmed=form.cleaned_data["availability_confirmed"],
                source_code=source_code[:20] or None,
                request=request,
                waiting_list=waiting_list,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if waiting_list:
                messages.success(request, _("You are on the waiting list. If a seat frees up, the first on the list is offered it."))
            else:
                messages.success(request, _("Your application is sent. The organization answers within a few working days."))
            return redirect("recruitment:my_applications")
    status = 400 if form.errors or (request.method == "POST" and profile is None) else 200
    return render(
        request,
        "recruitment/application_form.html",
        {
            "opportunity": opportunity,
            "organization": opportunity.organization,
            "form": form,
            "profile": profile,
            "blockers": [error.messages[0] for error in blockers],
            "waiting_list": waiting_list,
            "offer_waiting_list": opportunity.is_full and not waiting_list and not opportunity.is_past_deadline(),
            "ref": source_code[:20],
        },
        status=status,
    )


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    profile = access.get_volunteer_profile(request.user)
    applications = list(
        Application.objects.filter(volunteer=profile)
        .select_related("opportunity__organization")
        .prefetch_related("interviews")
        .order_by("-created_at", "-pk")
    )
    for application in applications:
        interviews = list(application.interviews.all())  # ordered by date: the last is the latest
        application.latest_interview = interviews[-1] if interviews else None
    return render(
        request,
        "recruitment/my_applications.html",
        {"applications": applications, "withdrawable": ALLOWED_FROM["withdraw"], "form": WithdrawForm()},
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_application_for_volunteer(request.user, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_application(application=application, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("recruitment:my_applications")


# --- the organization's board --------------------------------------------------------------------


def _board_context(organization, membership, opportunity, **extra) -> dict:
    return {
        "organization": organization,
        "membership": membership,
        "opportunity": opportunity,
        **selectors.board(opportunity),
        "pass_reasons": PassReason.choices,
        "interview_modes": Interview.Mode.choices,
        "export_filters": {"opportunity": opportunity.pk},
        **extra,
    }


@login_required
@require_GET
def board(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug)
    return render(request, "recruitment/board.html", _board_context(organization, membership, opportunity))


ACTIONS = ("screening", "interview", "accept", "waitlist", "reject")


@login_required
@require_POST
def decide(request: HttpRequest, org_slug: str, pk: int, action: str) -> HttpResponse:
    organization, membership, application = access.get_application_for_manager(request.user, pk, slug=org_slug)
    if action not in ACTIONS:
        return HttpResponse(status=404)
    opportunity = application.opportunity
    form = None
    error_message = ""
    try:
        if action == "screening":
            services.move_to_screening(application=application, by=request.user)
        elif action == "accept":
            services.accept_application(application=application, by=request.user)
        elif action == "waitlist":
            services.waitlist_application(application=application, by=request.user)
        elif action == "reject":
            form = RejectForm(request.POST)
            if form.is_valid():
                services.reject_application(application=application, by=request.user, **form.cleaned_data)
        elif action == "interview":
            form = InterviewForm(request.POST)
            if form.is_valid():
                services.schedule_interview(application=application, by=request.user, **form.interview())
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            error_message = error.messages[0]
    failed = bool(error_message or (form is not None and form.errors))
    if failed and not error_message:
        error_message = "; ".join(str(message) for errors in form.errors.values() for message in errors)
    if request.htmx:
        # Accepting (or anything that frees a place) changed the seats in the database, not this copy.
        opportunity.refresh_from_db(fields=["seats", "seats_filled", "status"])
        context = _board_context(organization, membership, opportunity)
        context["board_error"] = error_message
        return render(request, "recruitment/board.html#board-content", context, status=400 if failed else 200)
    if failed:
        messages.error(request, error_message)
    else:
        messages.success(request, _("The application is updated."))
    return redirect(f"{_board_path(organization, opportunity)}#application-{application.pk}")


def _board_path(organization, opportunity) -> str:
    from django.urls import reverse

    return reverse("recruitment:board", args=[organization.slug, opportunity.pk])


__all__ = ["ApplicationStatus", "apply", "board", "decide", "my_applications", "withdraw"]
