"""Pages of step 8 (surveys, reviews, reports, program evaluation) and step 9 (lessons, impact
page, plan again, relationships)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.actions import save_form
from khibra.core.forms import add_service_errors, form_status
from khibra.organizations.access import require_staff
from khibra.programs.access import can_run_programs, get_program_for_member
from khibra.programs.forms import ProgramForm
from khibra.programs.models import Program

from . import access, reports, selectors, services
from .forms import (
    CloseReportForm,
    EvaluationForm,
    EventInviteForm,
    LessonsForm,
    MarketRateForm,
    NationalRateForm,
    OrganizationReviewForm,
    ReportForm,
    StakeholderForm,
    SurveyForm,
    VolunteerReviewForm,
)
from .models import (
    HourlyValue,
    MarketRate,
    MisconductReport,
    OrganizationReview,
    ProgramEvaluation,
    ProgramLessons,
    StakeholderResponse,
    VolunteerReview,
)

# --- volunteer survey -------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for_volunteer(request.user, pk)
    form = None
    if survey.answered_at is None:
        form = SurveyForm(request.POST or None, kind=survey.kind, questions=services.asked_questions(survey.organization))
    saved = save_form(
        request, form, lambda _data: services.answer_survey(survey=survey, by=request.user, **form.answers()),
        done=_("Thank you: your answers are saved."), then=lambda _saved: redirect("evaluation:survey", pk=survey.pk),
    )
    if saved:
        return saved
    return render(request, "evaluation/survey.html", {"survey": survey, "form": form}, status=form_status(request, form))


# --- two-way reviews --------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def review_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, membership = access.get_engagement_for_manager(request.user, pk)
    form = VolunteerReviewForm(request.POST or None)
    saved = save_form(
        request, form, lambda data: services.review_volunteer(engagement=engagement, by=request.user, **data),
        done=_("Your review is saved."), then=lambda _saved: redirect("evaluation:review_volunteer", pk=engagement.pk),
    )
    if saved:
        return saved
    review = VolunteerReview.objects.filter(engagement=engagement).first()
    context = {"engagement": engagement, "form": form, "review": review, "kind": "volunteer"}
    return render(request, "evaluation/review.html", context, status=form_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def review_organization(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = access.get_engagement_for_volunteer(request.user, pk)
    form = OrganizationReviewForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.review_organization(engagement=engagement, by=request.user, **data),
        done=_("Thank you: your review is saved."),
        then=lambda _saved: redirect("evaluation:review_organization", pk=engagement.pk),
    )
    if saved:
        return saved
    review = OrganizationReview.objects.filter(engagement=engagement).first()
    context = {"engagement": engagement, "form": form, "review": review, "kind": "organization"}
    return render(request, "evaluation/review.html", context, status=form_status(request, form))


# --- misconduct -------------------------------------------------------------------------------

def _report(request: HttpRequest, *, volunteer=None, organization=None) -> HttpResponse:
    form = ReportForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.report_misconduct(
            by=request.user, volunteer=volunteer, organization=organization, **data
        ),
        done=_("Your report reached the platform team. They will look into it in confidence."),
        then=lambda _saved: redirect("core:dashboard"),
    )
    if saved:
        return saved
    context = {"form": form, "volunteer": volunteer, "organization": organization}
    return render(request, "evaluation/report.html", context, status=form_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def report_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = access.get_reportable_volunteer(request.user, pk)
    return _report(request, volunteer=volunteer)


@login_required
@require_http_methods(["GET", "POST"])
def report_organization(request: HttpRequest, slug: str) -> HttpResponse:
    organization = access.get_reportable_organization(request.user, slug)
    return _report(request, organization=organization)


@login_required
@require_GET
def report_queue(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    reports = MisconductReport.objects.select_related("reporter", "volunteer__user", "organization").order_by("status", "-created_at")[:200]
    return render(request, "evaluation/report_queue.html", {"reports": reports, "close_form": CloseReportForm()})


@login_required
@require_POST
def report_close(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_staff(request.user, pk)
    form = CloseReportForm(request.POST)
    if form.is_valid():
        try:
            services.close_report(report=report, by=request.user, resolution=form.cleaned_data["resolution"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The report is marked as reviewed."))
    return redirect("evaluation:report_queue")


# --- internal stakeholder survey --------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_survey(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership = access.get_organization_for_stakeholders(request.user, org_slug)
    program = get_object_or_404(Program.objects.for_organization(organization), pk=pk)
    answered = StakeholderResponse.objects.filter(program=program, respondent=request.user).first()
    form = StakeholderForm(request.POST or None) if answered is None else None
    saved = save_form(
        request,
        form,
        lambda data: services.answer_stakeholder_survey(program=program, by=request.user, **data),
        done=_("Thank you: your answers are saved."),
        then=lambda _saved: redirect("evaluation:stakeholder_survey", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    context = {"organization": organization, "program": program, "form": form, "answered": answered}
    return render(request, "evaluation/stakeholder_survey.html", context, status=form_status(request, form))


# --- program evaluation (step 8) --------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def program_evaluation(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = get_program_for_member(request.user, pk, slug=org_slug)
    manages = can_run_programs(organization, membership)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    instance = ProgramEvaluation.objects.filter(program=program).first() or ProgramEvaluation(program=program)
    form = EvaluationForm(request.POST or None, instance=instance) if manages else None
    saved = save_form(
        request,
        form,
        lambda data: services.save_program_evaluation(
            program=program, by=request.user, complete="complete" in request.POST, **data
        ),
        done=_("The evaluation is saved."),
        then=lambda _saved: redirect("evaluation:program", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    context = {
        "organization": organization,
        "membership": membership,
        "manages": manages,
        "program": program,
        "figures": selectors.program_evaluation(program),
        "form": form,
    }
    return render(request, "evaluation/program.html", context, status=form_status(request, form))


# --- lessons, impact page, plan again, relationships (step 9) ---------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def lessons(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = get_program_for_member(request.user, pk, slug=org_slug)
    manages = can_run_programs(organization, membership)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    instance = ProgramLessons.objects.filter(program=program).first() or ProgramLessons(program=program)
    form = LessonsForm(request.POST or None, instance=instance) if manages else None
    saved = save_form(
        request,
        form,
        lambda data: services.save_lessons(program=program, by=request.user, publish="publish" in request.POST, **data),
        done=_("The lessons are saved."),
        then=lambda _saved: redirect("evaluation:lessons", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    next_form = ProgramForm(initial={"name": program.name, "goal": program.goal}) if manages else None
    context = {
        "organization": organization,
        "manages": manages,
        "program": program,
        "lessons": instance,
        "form": form,
        "next_form": next_form,
        "next_cycles": program.next_cycles.order_by("-starts_on"),
    }
    return render(request, "evaluation/lessons.html", context, status=form_status(request, form))


@login_required
@require_POST
def public_impact_toggle(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    public = request.POST.get("public") == "1"
    try:
        services.set_public_impact(program=program, by=request.user, public=public)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The impact page is public.") if public else _("The impact page is private."))
    return redirect("evaluation:lessons", org_slug=organization.slug, pk=program.pk)


@require_GET
def public_impact(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("organization", "lessons"), pk=pk, lessons__public_impact=True
    )
    if not program.organization.is_verified:
        raise Http404
    # Distributions of very few answers could reveal one person's ratings: hide them below the threshold.
    figures = selectors.program_evaluation(program)
    lessons = program.lessons
    context = {"program": program, "organization": program.organization, "lessons": lessons, "figures": figures,
               "hide_charts": figures.surveys_answered < settings.MIN_REVIEWS_TO_SHOW,
               "numbers": reports.impact_sections(figures, lessons)}
    return render(request, "evaluation/impact.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_again(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    form = ProgramForm(request.POST or None, initial={"name": program.name, "goal": program.goal})
    saved = save_form(
        request,
        form,
        lambda data: services.plan_again(program=program, by=request.user, name=data["name"], goal=data["goal"],
                                         starts_on=data["starts_on"], ends_on=data["ends_on"]),
        done=_("The next cycle is ready: go through the previous cycle's lessons, then its needs and draft opportunities."),
        then=lambda new: redirect("evaluation:previous_cycle", org_slug=organization.slug, pk=new.pk),
    )
    if saved:
        return saved
    context = {"organization": organization, "program": program, "form": form}
    return render(request, "evaluation/plan_again.html", context, status=form_status(request, form))


@login_required
@require_GET
def relationships(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_relationships(request.user, org_slug)
    return render(request, "evaluation/relationships.html", _relationships_context(organization, selectors.relationships(organization)))


def _relationships_context(organization, people, failed_form=None, failed_pk=None) -> dict:
    """One invitation form per person, with its own element ids; the failed one keeps its errors."""
    rows = [
        (person, failed_form if person.user.pk == failed_pk else EventInviteForm(auto_id=f"invite-{person.user.pk}-%s"))
        for person in people
    ]
    return {"organization": organization, "people": people, "rows": rows}


@login_required
@require_POST
def relationship_invite(request: HttpRequest, org_slug: str, user_pk: int) -> HttpResponse:
    organization, membership = access.get_organization_for_relationships(request.user, org_slug)
    people = {person.user.pk: person for person in selectors.relationships(organization)}
    if user_pk not in people:
        raise Http404
    form = EventInviteForm(request.POST, auto_id=f"invite-{user_pk}-%s")
    if form.is_valid():
        try:
            services.invite_to_event(organization=organization, by=request.user, user=people[user_pk].user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        context = _relationships_context(organization, list(people.values()), form, user_pk)
        return render(request, "evaluation/relationships.html", context, status=400)
    messages.success(request, _("The invitation is sent."))
    return redirect("evaluation:relationships", org_slug=organization.slug)


# --- the value of an hour: national values and market rates (platform staff) --------------------

@login_required
@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    kind = request.POST.get("kind") if request.method == "POST" else None
    national_form = NationalRateForm(request.POST if kind == "national" else None, prefix="national")
    market_form = MarketRateForm(request.POST if kind == "market" else None, prefix="market")
    form = national_form if kind == "national" else market_form if kind == "market" else None
    save_rate = services.set_national_rate if kind == "national" else services.set_market_rate
    saved = save_form(
        request, form, lambda data: save_rate(by=request.user, **data),
        done=_("The rate is saved."), then=lambda _rate: redirect("evaluation:rates"),
    )
    if saved:
        return saved
    context = {
        "national_rates": HourlyValue.objects.select_related("field").order_by("-year", "field__sort_order"),
        "market_rates": MarketRate.objects.select_related("field", "profession").order_by("-year", "profession__sort_order", "field__sort_order"),
        "national_form": national_form,
        "market_form": market_form,
    }
    return render(request, "evaluation/rates.html", context, status=form_status(request, national_form, market_form))


@login_required
@require_POST
def rate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    rate = get_object_or_404(MarketRate, pk=pk)
    services.delete_market_rate(by=request.user, rate=rate)
    messages.success(request, _("The market rate is deleted."))
    return redirect("evaluation:rates")
