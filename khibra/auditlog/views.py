"""The audit log pages: an organization's own trail for its admins, the whole platform's for staff."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from khibra.core.models import AuditEvent

from . import access, selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _render(request: HttpRequest, *, form: AuditFilterForm, organization, scope: str) -> HttpResponse:
    filters = form.filters()
    if filters is None:
        queryset = AuditEvent.objects.none()
        export_params = {}
    else:
        queryset = selectors.events(organization=organization, filters=filters)
        export_params = filters.as_params()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "organization": organization,
        "platform": scope == selectors.PLATFORM,
        "page": page,
        "rows": selectors.rows(page.object_list, scope=scope),
        "export_kind": "platform_audit_log" if scope == selectors.PLATFORM else "audit_log",
        "export_params": export_params,
    }
    return render(request, "auditlog/log.html", context)


@login_required
@require_GET
def organization_log(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = access.get_organization_for_audit(request.user, slug)
    form = AuditFilterForm(request.GET or None)
    return _render(request, form=form, organization=organization, scope=selectors.ORGANIZATION)


@login_required
@require_GET
def platform_log(request: HttpRequest) -> HttpResponse:
    access.require_platform_audit(request.user)
    form = AuditFilterForm(request.GET or None, platform=True)
    return _render(request, form=form, organization=None, scope=selectors.PLATFORM)
