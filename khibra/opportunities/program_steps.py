"""Steps 2 (opportunity design) and 3 (service model) as pages of one program: its opportunities,
how far each is designed and how each is delivered."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from khibra.programs.step_pages import render_step_page

from .models import OpportunityStatus, ServiceModel


def _rows(program, reads) -> dict:
    statuses, models = dict(OpportunityStatus.choices), dict(ServiceModel.choices)
    rows = [
        {**row, "status_label": statuses.get(row["status"], ""), "model_label": models.get(row["service_model"], "")}
        for row in reads["opportunities"]
    ]
    return {"rows": rows}


@login_required
@require_GET
def design(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return render_step_page(request, org_slug, pk, number=2, template="opportunities/program_design.html", extra=_rows)


@login_required
@require_GET
def service_models(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return render_step_page(request, org_slug, pk, number=3, template="opportunities/program_service_models.html", extra=_rows)


def patterns(program: str) -> list:
    return [
        path(program + "opportunities/", design, name="design"),
        path(program + "service-models/", service_models, name="service_models"),
    ]
