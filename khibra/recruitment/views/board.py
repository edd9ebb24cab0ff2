"""The organization's selection board: look (filter, sort, compare), decide one applicant or
several at once. Access first, then form, then service; every action is a plain form POST that
answers with a redirect (errors: the board again, status 400, the error at the form that was
used), and htmx swaps the board's content instead of reloading the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member

from .. import access, selectors
from ..forms.applications import BoardViewForm, BulkForm, CompareForm, InterviewForm, RejectForm
from ..models import Application, Interview, PassReason
from ..services import applications as services
from ..services.bulk import bulk_decide

ACTIONS = ("screening", "interview", "accept", "waitlist", "reject")


def _board_path(organization, opportunity) -> str:
    return reverse("recruitment:board", args=[organization.slug, opportunity.pk])


def _board_context(request, organization, membership, opportunity, *, bulk_form=None, **extra) -> dict:
    view_form = BoardViewForm(request.GET or None, cities=selectors.applicant_cities(opportunity))
    board = selectors.board(opportunity, view_form.view())
    return {
        "organization": organization,
        "membership": membership,
        "opportunity": opportunity,
        **board,
        "view_form": view_form,
        "bulk_form": bulk_form or BulkForm(),
        "query": request.GET.urlencode(),
        "pass_reasons": PassReason.choices,
        "interview_modes": Interview.Mode.choices,
        "export_filters": {"opportunity": opportunity.pk},
        **extra,
    }


@login_required
@require_GET
def board(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug)
    context = _board_context(request, organization, membership, opportunity)
    status = 400 if context["view_form"].errors else 200
    if request.htmx and request.GET.get("partial") == "content":
        return render(request, "recruitment/board.html#board-content", context, status=status)
    return render(request, "recruitment/board.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def compare(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Two or three applicants side by side: the board's ticks, sent with the "Compare" button of
    the board's form (a POST, so the form's other boxes stay out of the address), or a link."""
    organization, membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug)
    form = CompareForm(request.POST if request.method == "POST" else request.GET, applications=Application.objects.filter(opportunity=opportunity).only("pk"))
    if not form.is_valid():
        if "ids" in form.errors and any(e.code == "invalid_choice" for e in form.errors.as_data()["ids"]):
            raise Http404  # an applicant of another board: as if it did not exist
        messages.error(request, form.errors["ids"][0])
        return redirect(_board_path(organization, opportunity))
    applications = selectors.compared(opportunity, form.cleaned_data["ids"])
    answer_rows = [
        (question.text, [(a.volunteer.user.full_name, a.answers.get(str(question.pk), "")) for a in applications])
        for question in opportunity.screening_questions.all()
    ]
    return render(
        request,
        "recruitment/compare.html",
        {
            "organization": organization, "membership": membership, "opportunity": opportunity,
            "applications": applications, "answer_rows": answer_rows,
        },
    )


@login_required
@require_POST
def bulk(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """One decision for every ticked applicant, all or nothing."""
    organization, membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    form = BulkForm(request.POST, applications=Application.objects.filter(opportunity=opportunity).only("pk"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = bulk_decide(
                opportunity=opportunity, application_ids=data["ids"], action=data["action"], by=request.user,
                reason_code=data["reason_code"], note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s application is updated.", "%(count)s applications are updated.", len(done)) % {"count": len(done)},
            )
            return redirect(_board_path(organization, opportunity) + "#board-content")
    opportunity.refresh_from_db(fields=["seats", "seats_filled", "status"])
    context = _board_context(request, organization, membership, opportunity, bulk_form=form)
    template = "recruitment/board.html#board-content" if request.htmx else "recruitment/board.html"
    return render(request, template, context, status=400)


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
        context = _board_context(request, organization, membership, opportunity)
        context["board_error"] = error_message
        context["error_for"] = application.pk if failed else None
        return render(request, "recruitment/board.html#board-content", context, status=400 if failed else 200)
    if failed:
        messages.error(request, error_message)
    else:
        messages.success(request, _("The application is updated."))
    return redirect(f"{_board_path(organization, opportunity)}#application-{application.pk}")
