"""The library of opportunity templates (step 2): browse them, preview one, and copy it into a
draft with a start date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khibra.core.forms import add_service_errors
from khibra.organizations.access import get_organization_for_member

from . import access, selectors, services
from .forms import UseTemplateForm
from .models import OpportunityTemplate
from .service_models import SERVICE_MODELS
from .views import _language  # the one "which language are we in" of the pages


def _template_card(template: OpportunityTemplate, language: str) -> dict:
    return {
        "template": template,
        "title": selectors.template_text(template, "title", language),
        "summary": selectors.template_text(template, "summary", language),
    }


@login_required
@require_GET
def template_library(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug)
    language = _language()
    templates = OpportunityTemplate.objects.filter(is_active=True).prefetch_related("fields").order_by("sort_order", "code")
    return render(
        request,
        "opportunities/template_library.html",
        {
            "organization": organization,
            "membership": membership,
            "cards": [_template_card(template, language) for template in templates],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    """Preview a template; managers copy it ("use this template") with a start date."""
    organization, membership, template = access.get_template_for_member(
        request.user, org_slug, code, manage=request.method == "POST"
    )
    language = _language()
    form = UseTemplateForm(request.POST or None, organization=organization)
    if form.is_bound and form.is_valid():
        try:
            opportunity = services.create_from_template(
                template=template,
                organization=organization,
                by=request.user,
                program=form.cleaned_data["program"],
                language=language,
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("A draft is made from the template. Adapt it to your organization."))
            return redirect("opportunities:edit", org_slug=organization.slug, pk=opportunity.pk)
    tasks = [{"day": task.get("day", 0), "title": selectors.template_task_title(task, language)} for task in template.tasks]
    return render(
        request,
        "opportunities/template_detail.html",
        {
            "organization": organization,
            "membership": membership,
            "template": template,
            "card": _template_card(template, language),
            "text": {
                name: selectors.template_text(template, name, language)
                for name in ("description", "deliverables", "responsibilities", "requirements")
            },
            "tasks": tasks,
            "service_model": SERVICE_MODELS.get(template.service_model),
            "total_hours": template.duration_days * template.hours_per_day,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
