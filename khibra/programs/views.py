"""Pages of a volunteering program: the nine-step tracker, the action plan (Table 1), the needs
assessment (Table 2) and the readiness check (step 5). Every view starts with an access call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import retarget

from khibra.core.actions import save_form
from khibra.core.forms import add_service_errors, form_status

from . import access, readiness, selectors, services
from .forms import MergeForm, NeedForm, NeedOrderForm, PlanStepForm, ProgramForm, QuestionsForm, ReadinessForm
from .models import ActionPlanStep, Need, NeedsAssessment, NeedStatus, Program, Suitability
from .steps import step_states

# --- programs ----------------------------------------------------------------------------------


@login_required
@require_GET
def program_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_programs(request.user, org_slug)
    manages = access.can_run_programs(organization, membership)
    programs = (
        access.visible_programs(organization, membership, request.user)
        .annotate(
            listed_needs=Count("needs", filter=Q(needs__status=NeedStatus.ACCEPTED), distinct=True),
            opportunity_count=Count("opportunities", distinct=True),
        )
        .order_by("-starts_on", "name", "pk")
    )
    # Departments raise needs for any program of their organization, even one they do not run.
    submittable = [] if manages else list(Program.objects.for_organization(organization).order_by("-starts_on", "name", "pk"))
    context = {
        "organization": organization,
        "membership": membership,
        "manages": manages,
        "programs": programs,
        "submittable": submittable,
    }
    return render(request, "programs/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_programs(request.user, org_slug, manage=True)
    form = ProgramForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.create_program(organization=organization, by=request.user, **data),
        done=_("The program is created. Start with the needs assessment."),
        then=lambda program: redirect("programs:detail", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    context = {"organization": organization, "membership": membership, "form": form, "program": None}
    return render(request, "programs/program_form.html", context, status=form_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    form = ProgramForm(request.POST or None, program=program)
    saved = save_form(
        request,
        form,
        lambda data: services.update_program(program=program, by=request.user, **data),
        done=_("Your changes are saved."),
        then=lambda _saved: redirect("programs:detail", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    context = {"organization": organization, "membership": membership, "form": form, "program": program}
    return render(request, "programs/program_form.html", context, status=form_status(request, form))


@login_required
@require_GET
def program_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug)
    context = {
        "organization": organization,
        "membership": membership,
        "manages": access.can_run_programs(organization, membership),
        "program": program,
        "steps": step_states(program, org_slug=organization.slug),
    }
    return render(request, "programs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_step(request: HttpRequest, org_slug: str, pk: int, step: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    row = ActionPlanStep.objects.filter(program=program, step=step).select_related("responsible_user").first()
    if row is None:
        raise Http404
    form = PlanStepForm(request.POST or None, step=row, organization=organization)
    saved = save_form(
        request,
        form,
        lambda data: services.update_plan_step(step=row, by=request.user, **data),
        done=_("The action plan is updated."),
        then=lambda _saved: redirect(
            reverse("programs:detail", kwargs={"org_slug": organization.slug, "pk": program.pk}) + "#action-plan"
        ),
    )
    if saved:
        return saved
    state = next(state for state in step_states(program, org_slug=organization.slug) if state.number == step)
    context = {"organization": organization, "membership": membership, "program": program, "form": form, "state": state}
    return render(request, "programs/plan_step.html", context, status=form_status(request, form))


# --- step 1: needs -------------------------------------------------------------------------------


def _needs_context(request: HttpRequest, organization, membership, program: Program, **extra) -> dict:
    assessment = NeedsAssessment.objects.filter(program=program).first()
    needs = list(
        Need.objects.filter(program=program, status__in=[NeedStatus.ACCEPTED, NeedStatus.SUBMITTED])
        .select_related("field")
        .annotate(opportunity_count=Count("opportunities"))
        .order_by("priority", "created_at", "pk")
    )
    listed = [need for need in needs if need.status == NeedStatus.ACCEPTED]
    inbox = [need for need in needs if need.status == NeedStatus.SUBMITTED]
    undecided = sum(1 for need in listed if need.suitability == Suitability.UNDECIDED)
    manages = access.can_run_programs(organization, membership)
    context = {
        "organization": organization,
        "membership": membership,
        "manages": manages,
        "program": program,
        "assessment": assessment,
        "listed": listed,
        "inbox": inbox,
        "gaps": [] if assessment and assessment.completed_at else selectors.assessment_gaps(
            assessment=assessment, listed=len(listed), undecided=undecided
        ),
        "suitable": Suitability.VOLUNTEER,
        "paid_staff": Suitability.PAID_STAFF,
    }
    if manages:
        context.setdefault("questions_form", QuestionsForm(assessment=assessment))
        context.setdefault("need_form", NeedForm(auto_id="need_%s"))
    context.update(extra)
    return context


def _needs_url(organization, program, anchor: str = "") -> str:
    url = reverse("programs:needs", kwargs={"org_slug": organization.slug, "pk": program.pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def needs(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The needs page; a POST saves the four guiding questions."""
    organization, membership, program = access.get_program_for_member(
        request.user, pk, slug=org_slug, manage=request.method == "POST"
    )
    questions_form = None
    if request.method == "POST":
        questions_form = QuestionsForm(request.POST)
        if questions_form.is_valid():
            try:
                services.save_needs_assessment(program=program, by=request.user, **questions_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(questions_form, error)
            else:
                messages.success(request, _("Your answers are saved."))
                return redirect(_needs_url(organization, program, "questions"))
    extra = {"questions_form": questions_form} if questions_form is not None else {}
    context = _needs_context(request, organization, membership, program, **extra)
    return render(request, "programs/needs.html", context, status=form_status(request, questions_form))


@login_required
@require_http_methods(["GET", "POST"])
def need_add(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    form = NeedForm(request.POST or None, auto_id="need_%s")
    if form.is_bound and form.is_valid():
        try:
            need = services.add_need(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                # A fresh form in place, and the list (with its new row) swapped out of band.
                context = _needs_context(request, organization, membership, program, need_form=NeedForm(auto_id="need_%s"), oob=True)
                return HttpResponse(
                    render_to_string("programs/needs.html#need-form-panel", context, request=request)
                    + render_to_string("programs/needs.html#needs-section", context, request=request)
                )
            messages.success(request, _("The need is added to the list."))
            return redirect(_needs_url(organization, program, f"need-{need.pk}"))
    if request.htmx:
        context = _needs_context(request, organization, membership, program, need_form=form)
        return render(request, "programs/needs.html#need-form-panel", context)
    context = {"organization": organization, "membership": membership, "program": program, "form": form, "need": None}
    return render(request, "programs/need_form.html", context, status=form_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, org_slug: str, pk: int, need_pk: int) -> HttpResponse:
    organization, membership, program, need = access.get_need_for_manager(request.user, need_pk, slug=org_slug, program_pk=pk)
    if need.status not in (NeedStatus.ACCEPTED, NeedStatus.SUBMITTED):
        raise Http404
    form = NeedForm(request.POST or None, need=need, auto_id=f"need_{need.pk}_%s")
    if form.is_bound and form.is_valid():
        try:
            services.update_need(need=need, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                context = _needs_context(request, organization, membership, program)
                return render(request, "programs/needs.html#needs-section", context)
            messages.success(request, _("Your changes are saved."))
            return redirect(_needs_url(organization, program, f"need-{need.pk}"))
    if request.htmx:
        context = {"organization": organization, "program": program, "need": need, "edit_form": form}
        response = render(request, "programs/needs.html#need-edit-row", context)
        return retarget(response, f"#need-{need.pk}") if form.is_bound else response
    context = {"organization": organization, "membership": membership, "program": program, "form": form, "need": need}
    return render(request, "programs/need_form.html", context, status=form_status(request, form))


@login_required
@require_POST
def needs_reorder(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    listed = list(Need.objects.on_list().filter(program=program).order_by("priority", "created_at", "pk"))
    form = NeedOrderForm(request.POST, needs=listed)
    if form.is_valid():
        try:
            services.reorder_needs(program=program, ordered_ids=form.cleaned_data["ordered_ids"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        context = _needs_context(request, organization, membership, program, order_errors=_errors_of(form))
        if request.htmx:
            return render(request, "programs/needs.html#needs-section", context)
        return render(request, "programs/needs.html", context, status=400)
    if request.htmx:
        return render(request, "programs/needs.html#needs-section", _needs_context(request, organization, membership, program))
    messages.success(request, _("The priorities are saved."))
    return redirect(_needs_url(organization, program, "needs-table"))


def _errors_of(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


@login_required
@require_POST
def need_accept(request: HttpRequest, org_slug: str, pk: int, need_pk: int) -> HttpResponse:
    organization, membership, program, need = access.get_need_for_manager(request.user, need_pk, slug=org_slug, program_pk=pk)
    try:
        services.accept_need(need=need, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_needs_url(organization, program, "needs-inbox"))
    messages.success(request, _("The need is on the list, at the end. Set its priority and who should do it."))
    return redirect(_needs_url(organization, program, f"need-{need.pk}"))


@login_required
@require_POST
def need_merge(request: HttpRequest, org_slug: str, pk: int, need_pk: int) -> HttpResponse:
    organization, membership, program, need = access.get_need_for_manager(request.user, need_pk, slug=org_slug, program_pk=pk)
    form = MergeForm(request.POST, need=need, listed=Need.objects.on_list().filter(program=program))
    if form.is_valid():
        try:
            services.merge_need(need=need, into=form.cleaned_data["into"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        context = _needs_context(request, organization, membership, program, inbox_errors=_errors_of(form))
        return render(request, "programs/needs.html", context, status=400)
    messages.success(request, _("The need is merged."))
    return redirect(_needs_url(organization, program, "needs-inbox"))


@login_required
@require_POST
def need_decline(request: HttpRequest, org_slug: str, pk: int, need_pk: int) -> HttpResponse:
    organization, membership, program, need = access.get_need_for_manager(request.user, need_pk, slug=org_slug, program_pk=pk)
    try:
        services.decline_need(need=need, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The need is declined."))
    return redirect(_needs_url(organization, program, "needs-inbox"))


@login_required
@require_POST
def needs_complete(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(request.user, pk, slug=org_slug, manage=True)
    try:
        services.complete_needs_assessment(program=program, by=request.user)
    except ValidationError as error:
        context = _needs_context(request, organization, membership, program, completion_errors=error.messages)
        return render(request, "programs/needs.html", context, status=400)
    messages.success(request, _("The needs assessment is complete. Turn the suitable needs into opportunities."))
    return redirect(_needs_url(organization, program, "needs-table"))


@login_required
@require_http_methods(["GET", "POST"])
def need_submit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A department (supervisor or any member) raises a need for the volunteer manager."""
    organization, membership, program = access.get_program_for_submitter(request.user, pk, slug=org_slug)
    form = NeedForm(request.POST or None, submit=True, auto_id="need_%s")
    saved = save_form(
        request,
        form,
        lambda data: services.submit_need(program=program, by=request.user, **data),
        done=_("Thank you. The volunteer manager will review the need."),
        then=lambda _saved: redirect("programs:need_submit", org_slug=organization.slug, pk=program.pk),
    )
    if saved:
        return saved
    submitted = Need.objects.filter(program=program, submitted_by=request.user).order_by("-created_at")[:20]
    context = {"organization": organization, "membership": membership, "program": program, "form": form, "submitted": submitted}
    return render(request, "programs/need_submit.html", context, status=form_status(request, form))


# --- step 5: readiness ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def readiness_check(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, program = access.get_program_for_member(
        request.user, pk, slug=org_slug, manage=request.method == "POST"
    )
    answers = readiness.answers_of(program)
    form = ReadinessForm(request.POST or None, answers=answers)
    saved = save_form(
        request,
        form,
        lambda data: services.save_readiness(program=program, answers=form.answers(), by=request.user),
        done=_("Your answers are saved."),
        then=lambda _saved: redirect(
            reverse("programs:readiness", kwargs={"org_slug": organization.slug, "pk": program.pk}) + "#readiness-verdict"
        ),
    )
    if saved:
        return saved
    context = {
        "organization": organization,
        "membership": membership,
        "manages": access.can_run_programs(organization, membership),
        "program": program,
        "form": form,
        "verdict": readiness.verdict_from(answers),
        "criteria_rows": [(criterion, answers.get(criterion.code)) for criterion in readiness.CRITERIA],
        "ready_score": readiness.READY_SCORE,
    }
    return render(request, "programs/readiness.html", context, status=form_status(request, form))
