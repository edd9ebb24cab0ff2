"""The national connectors' pages: the reconciliation of hours sent to the national record (platform
staff), and the open national figures (public). Each view: access first, then a selector or a
service, then the page."""

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khibra.exports.writers import BOM

from . import access, figures, selectors, services
from .models import RecordStatus

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _status(request: HttpRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in RecordStatus.values else ""


@login_required
@require_GET
def reconciliation(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    status = _status(request)
    page = Paginator(selectors.records(status), selectors.PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "national/reconciliation.html",
        {
            "counts": selectors.status_counts(),
            "waiting_for_identity": selectors.waiting_for_identity(),
            "status": status,
            "page": page,
            "statuses": RecordStatus.choices,
            "resendable": (RecordStatus.REJECTED, RecordStatus.FAILED),
        },
    )


@login_required
@require_GET
def export_hours(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_platform_staff(request.user)
    if fmt not in FORMATS:
        raise Http404
    status = _status(request) or RecordStatus.PENDING
    rows = selectors.export_rows(status)
    body = selectors.export_csv(rows) if fmt == "csv" else selectors.export_json(rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="national-hours-{status}-{timezone.localdate():%Y%m%d}.{fmt}"'
    )
    return response


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_record_for_staff(request.user, pk)
    try:
        services.resend(record=record, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The hours will be sent again with a new key."))
    return redirect(reverse("national:reconciliation") + "?status=" + RecordStatus.PENDING)


@require_GET
def open_figures(request: HttpRequest) -> HttpResponse:
    latest = figures.latest()
    data = latest.data if latest else None
    return render(
        request,
        "national/figures.html",
        {"figures": latest, "data": data, "tables": figures.merged(data) if data else None},
    )


@require_GET
def open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    latest = figures.latest()
    if latest is None:
        raise Http404
    if fmt == "json":
        body = json.dumps(latest.data, ensure_ascii=False, indent=1)
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=figures.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(figures.flat_rows(latest.data))
        body = BOM + out.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="khibra-open-figures-{latest.computed_at:%Y%m%d}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
