"""The public privacy page and the person's own data: download, consents, erasure.

Every page but the public one works on the signed-in person only; there are no ids to guess.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khibra.core.pdf import render_template_pdf

from . import selectors, services
from .forms import ConsentForm, ErasureForm
from .models import Purpose


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    context = {"rules": services.retention_table(), "purposes": list(Purpose)}
    return render(request, "privacy/page.html", context)


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    context = {
        "overview": selectors.consent_overview(request.user),
        "blockers": selectors.erasure_blockers(request.user),
    }
    return render(request, "privacy/my_data.html", context)


def _filename(extension: str) -> str:
    return f"khibra-my-data-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    data = selectors.export_personal_data(request.user)
    services.record_export(user=request.user, format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_html(request: HttpRequest) -> HttpResponse:
    sections = selectors.readable_personal_data(request.user)
    services.record_export(user=request.user, format="html")
    response = render(request, "privacy/export.html", {"sections": sections, "generated_at": timezone.now()})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    language = "en" if (get_language() or "ar").startswith("en") else "ar"
    context = {"sections": selectors.readable_personal_data(request.user), "generated_at": timezone.now()}
    pdf = render_template_pdf("privacy/pdf/my_data.html", context, language=language)
    services.record_export(user=request.user, format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            purpose = form.cleaned_data["purpose"]
            if form.cleaned_data["decision"] == ConsentForm.GIVE:
                services.give_consent(user=request.user, purpose=purpose, request=request)
                messages.success(request, _("Your consent is recorded."))
            else:
                services.withdraw_consent(user=request.user, purpose=purpose)
                message = _("Your consent is withdrawn. We have stopped using your data for this purpose.")
                messages.success(request, message)
            return redirect("privacy:consents")
        messages.error(request, _("Choose a purpose and a decision."))
    context = {"overview": selectors.consent_overview(request.user)}
    return render(request, "privacy/consents.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    blockers = selectors.erasure_blockers(request.user)
    form = ErasureForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.erase_account(user=request.user, by=request.user)
        except ValidationError as error:
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, _("Your account is anonymised. Thank you for the time you gave."))
            return redirect("privacy:page")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/erase.html", {"form": form, "blockers": blockers}, status=status)
