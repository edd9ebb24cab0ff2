"""Pages of step 2 (designing opportunities) and step 3 (choosing the service model), plus the
public page of a published opportunity. Each view: access → form → service → render."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.actions import save_form
from khibra.core.arabic import to_latin_digits
from khibra.core.forms import add_service_errors, decimal_text
from khibra.organizations.access import get_organization_for_member
from khibra.organizations.hooks import organization_page_extras
from khibra.programs import access as program_access
from khibra.programs.forms import ReadinessForm
from khibra.programs.models import Need, Program, Suitability

from . import access, rules, search, selectors, service_model_chooser, services
from .forms import (
    CancelForm,
    OpportunityForm,
    QuickProgramForm,
    ReadinessOverrideForm,
    SearchForm,
    ServiceModelForm,
    task_formset,
    validate_design,
)
from .hooks import public_page_extras
from .models import MarketingChannel, Opportunity, OpportunityStatus
from .service_models import SERVICE_MODELS

# The buttons of the status panel: action → (service, button label, style).
TRANSITIONS = {
    "mark_ready": services.mark_ready,
    "return_to_draft": services.return_to_draft,
    "close": services.close_opportunity,
    "complete": services.complete_opportunity,
    "cancel": services.cancel_opportunity,
}


def _language() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _total_hours(form: OpportunityForm) -> str:
    """Days × hours per day as typed (the page's script updates it live); empty if not numbers."""
    try:
        days = Decimal(to_latin_digits(str(form["duration_days"].value() or "")).strip())
        per_day = Decimal(decimal_text(str(form["hours_per_day"].value() or "")))
    except InvalidOperation:
        return ""
    return rules.hours_text(days * per_day)


# --- the organization's list --------------------------------------------------------------------


@login_required
@require_GET
def opportunity_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug)
    opportunities = list(
        Opportunity.objects.for_organization(organization).select_related("program").order_by("-updated_at", "-pk")
    )
    groups = [
        (status, label, [opportunity for opportunity in opportunities if opportunity.status == status])
        for status, label in OpportunityStatus.choices
    ]
    return render(
        request,
        "opportunities/list.html",
        {
            "organization": organization,
            "membership": membership,
            "groups": groups,
            "count": len(opportunities),
            **organization_page_extras(organization),
        },
    )


# --- creating -----------------------------------------------------------------------------------


def _listed_needs(organization):
    return (
        Need.objects.on_list()
        .filter(program__organization=organization)
        .exclude(suitability=Suitability.PAID_STAFF)
        .select_related("program")
        .order_by("program__name", "priority", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A blank opportunity; the page also offers the templates library and the needs list. An
    organization without a program creates its first one here too, readiness questions included."""
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    if organization.is_provider:
        return provider_refusal(request, organization, membership)
    form = OpportunityForm(request.POST or None, organization=organization)
    formset = task_formset(request.POST or None)
    quick = None
    if not Program.objects.for_organization(organization).exists():
        quick = (QuickProgramForm(request.POST or None, organization=organization), ReadinessForm(request.POST or None, prefix="readiness"))
    valid = request.method == "POST" and validate_design(form, formset)
    if quick is not None and request.method == "POST":
        valid = quick[0].is_valid() & quick[1].is_valid() and valid
    if valid:
        new_program = quick[0].new_program(quick[1]) if quick is not None else None
        saved = save_form(
            request,
            form,
            lambda _data: services.create_opportunity(
                organization=organization, by=request.user, tasks=formset.tasks(), new_program=new_program, **form.changes()
            ),
            done=_("The opportunity is saved as a draft."),
            then=lambda opportunity: _after_save(request, organization, opportunity),
        )
        if saved:
            return saved
    return _edit_page(request, organization, membership, None, form, formset, needs=_listed_needs(organization), quick=quick)


def provider_refusal(request: HttpRequest, organization, membership) -> HttpResponse:
    """Providers do not design opportunities in their own name: say so, and show the two ways."""
    return render(
        request,
        "opportunities/provider_refusal.html",
        {"organization": organization, "membership": membership, "message": services.PROVIDER_REFUSAL},
        status=403,
    )


def _edit_page(request: HttpRequest, organization, membership, opportunity, form, formset, **extra) -> HttpResponse:
    """The opportunity's design page (a new one when `opportunity` is None), with its errors."""
    steps = form.steps(formset)
    return render(
        request,
        "opportunities/edit.html",
        {
            "organization": organization,
            "membership": membership,
            "opportunity": opportunity,
            "form": form,
            "formset": formset,
            "total_hours": _total_hours(form),
            "steps": steps,
            "steps_done": sum(1 for step in steps if step["done"]),
            **extra,
        },
        status=400 if form.errors or any(formset.errors) or any(part.errors for part in extra.get("quick") or ()) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def from_need(request: HttpRequest, org_slug: str, need_pk: int) -> HttpResponse:
    organization, membership, need = access.get_need_for_manager(request.user, need_pk, slug=org_slug)
    error = ""
    if request.method == "POST":
        try:
            opportunity = services.create_from_need(need=need, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("A draft is made from the need. Complete it below."))
            return redirect("opportunities:edit", org_slug=organization.slug, pk=opportunity.pk)
    return render(
        request,
        "opportunities/from_need.html",
        {"organization": organization, "membership": membership, "need": need, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def start_from_program_need(request: HttpRequest, org_slug: str, pk: int, need_pk: int) -> HttpResponse:
    """Step 1 → step 2 from the program's needs table (programs:need_start_opportunity): a draft
    opportunity from a suitable need, then its edit page; a refusal goes back to the need."""
    organization, _membership, program, need = program_access.get_need_for_manager(request.user, need_pk, slug=org_slug, program_pk=pk)
    try:
        opportunity = services.create_from_need(need=need, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        needs_url = reverse("programs:needs", kwargs={"org_slug": organization.slug, "pk": program.pk})
        return redirect(f"{needs_url}#need-{need.pk}")
    return redirect("opportunities:edit", org_slug=organization.slug, pk=opportunity.pk)


# --- one opportunity ----------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = access.get_opportunity_for_member(request.user, pk, slug=org_slug)
    checklist = selectors.publish_checklist(opportunity)
    status = opportunity.status
    actions = [action for action in TRANSITIONS if status in services.ALLOWED_FROM[action]]
    return render(
        request,
        "opportunities/detail.html",
        {
            "organization": organization,
            "membership": membership,
            "opportunity": opportunity,
            "tasks": opportunity.tasks.all(),
            "fields": opportunity.fields.all(),
            "professions": opportunity.required_professions.all(),
            "checklist": checklist,
            "complete": all(item.done for item in checklist),
            "actions": actions,
            "can_publish": status in services.ALLOWED_FROM["publish"],
            "can_edit": status in services.EDITABLE_STATUSES,
            "service_model": SERVICE_MODELS.get(opportunity.service_model),
            "channels": [MarketingChannel(code).label for code in opportunity.marketing_channels if code in MarketingChannel.values],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = access.get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    if opportunity.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("A completed or cancelled opportunity can no longer be changed."))
        return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)
    form = OpportunityForm(request.POST or None, organization=organization, opportunity=opportunity)
    formset = task_formset(request.POST or None, opportunity=opportunity)
    if request.method == "POST" and validate_design(form, formset):
        saved = save_form(
            request,
            form,
            lambda _data: services.update_opportunity(
                opportunity=opportunity, by=request.user, tasks=formset.tasks(), **form.changes()
            ),
            done=_("Your changes are saved."),
            then=lambda _saved: _after_save(request, organization, opportunity),
        )
        if saved:
            return saved
    return _edit_page(request, organization, membership, opportunity, form, formset)


def _after_save(request: HttpRequest, organization, opportunity) -> HttpResponse:
    """"Save and continue" (a section's button names the next section) comes back to the form at
    that section; the last Save goes to the opportunity's page."""
    section = request.POST.get("continue", "")
    if section in {key for key, _label, _names in OpportunityForm.SECTIONS} | {"tasks"}:
        url = reverse("opportunities:edit", kwargs={"org_slug": organization.slug, "pk": opportunity.pk})
        return redirect(f"{url}#section-{section}")
    return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)


@login_required
@require_POST
def transition(request: HttpRequest, org_slug: str, pk: int, action: str) -> HttpResponse:
    organization, membership, opportunity = access.get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    service = TRANSITIONS.get(action)
    if service is None:
        messages.error(request, _("This action does not exist."))
        return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)
    extra = {}
    if action == "cancel":
        form = CancelForm(request.POST)
        extra["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        opportunity = service(opportunity=opportunity, by=request.user, **extra)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The opportunity is now “%(status)s”.") % {"status": opportunity.get_status_display()}
        )
    return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)


@login_required
@require_http_methods(["GET", "POST"])
def service_model(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Step 3: the seven models side by side, the recommended ones first, and the choice."""
    organization, membership, opportunity = access.get_opportunity_for_member(
        request.user, pk, slug=org_slug, manage=request.method == "POST"
    )
    recommendations = service_model_chooser.recommend_service_models(opportunity)
    initial = {"model": opportunity.service_model or recommendations[0].model, "reasoning": opportunity.service_model_reasoning}
    form = ServiceModelForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            opportunity = services.choose_service_model(
                opportunity=opportunity, by=request.user, model=form.cleaned_data["model"], reasoning=form.cleaned_data["reasoning"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if service_model_chooser.skips_agreements(opportunity):
                messages.success(
                    request,
                    _("The service model is recorded. With free commercial services there is no agreement to write: go on to readiness (step 5)."),
                )
            else:
                messages.success(request, _("The service model is recorded."))
            return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)
    recommended = {recommendation.model: recommendation for recommendation in recommendations}
    rows = [{"info": info, "recommendation": recommended.get(code)} for code, info in SERVICE_MODELS.items()]
    return render(
        request,
        "opportunities/service_model.html",
        {
            "organization": organization,
            "membership": membership,
            "opportunity": opportunity,
            "recommendations": recommendations,
            "rows": rows,
            "form": form,
            "chosen": SERVICE_MODELS.get(opportunity.service_model),
            "can_choose": membership.can_manage and opportunity.status in services.ALLOWED_FROM["choose_service_model"],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = access.get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.publish_opportunity(opportunity=opportunity, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The opportunity is published."))
            return redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk)
    return _publish_page(request, organization, membership, opportunity, errors=errors, override_form=ReadinessOverrideForm())


def _publish_page(request, organization, membership, opportunity, *, errors, override_form) -> HttpResponse:
    checklist = selectors.publish_checklist(opportunity)
    needs_override = selectors.needs_readiness_override(opportunity)
    return render(
        request,
        "opportunities/publish.html",
        {
            "organization": organization,
            "membership": membership,
            "opportunity": opportunity,
            "errors": errors,
            "override_form": override_form,
            "checklist": checklist,
            "complete": all(item.done for item in checklist),
            "allowed": opportunity.status in services.ALLOWED_FROM["publish"],
            "needs_override": needs_override,
            "override_lets_me_publish": selectors.readiness_override_valid_for(opportunity, request.user),
            # Four eyes: an admin who did not design it approves; someone else then publishes.
            "can_override": needs_override and membership.is_admin and opportunity.created_by_id != request.user.pk,
        },
        status=400 if errors or override_form.errors else 200,
    )


@login_required
@require_POST
def override_readiness(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """An admin approves publishing before the program is ready, with the reason."""
    organization, membership, opportunity = access.get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    form = ReadinessOverrideForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.override_readiness(opportunity=opportunity, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Publishing before readiness is approved. Another admin or manager can now publish it."))
            return redirect("opportunities:publish", org_slug=organization.slug, pk=opportunity.pk)
    return _publish_page(request, organization, membership, opportunity, errors=errors, override_form=form)


# --- public -------------------------------------------------------------------------------------


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = access.get_public_opportunity(pk)
    return render(
        request,
        "opportunities/public_detail.html",
        {
            "opportunity": opportunity,
            "organization": opportunity.organization,
            "tasks": opportunity.tasks.all(),
            "fields": opportunity.fields.all(),
            **public_page_extras(opportunity),
            # The canonical address: without the query string people or campaigns add when sharing.
            "page_url": request.build_absolute_uri(reverse("opportunities:public_detail", args=[opportunity.pk])),
        },
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Browse and search public opportunities, no account needed. An htmx request (the form
    changing, a page link) gets only the results fragment; without JavaScript the form is a plain GET."""
    partial = request.htmx and not request.htmx.history_restore_request
    # The fragment does not show the form: its organization list (thousands) is not read then.
    lists = selectors.search_form_lists(every_organization=not partial, organization_slug=request.GET.get("organization", ""))
    form = SearchForm(request.GET or None, **lists)
    filters = form.filters()
    page = search.search_opportunities(**filters, page=request.GET.get("page") or 1)
    context = {"form": form, "page": page, "searching": bool(search.query_terms(filters.get("query", "")))}
    response = render(request, "opportunities/search.html#search-results" if partial else "opportunities/search.html", context)
    # The same address answers with a fragment or a page: caches and the back button must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
