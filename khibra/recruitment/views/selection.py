"""Pages of selection on the volunteer's side: applying and the volunteer's applications (the
organization's board is views/board.py). Access first, then form, then service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core import ics
from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_public_opportunity
from khibra.recruitment import selectors

from .. import access
from ..forms.applications import ApplyForm, WithdrawForm
from ..models import ALLOWED_FROM, Application
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




@login_required
@require_GET
def interview_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """"Add to calendar": the interview as an .ics file."""
    interview = access.get_interview_for_user(request.user, pk)
    return ics.ics_response(selectors.interview_event(interview), f"interview-{interview.application_id}.ics")


__all__ = ["apply", "interview_calendar", "my_applications", "withdraw"]
