"""Certificates: public verification and lookup, the volunteer's certificates and portfolio, the
organization's recognition page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.http import client_ip
from khibra.recruitment.access import get_volunteer_profile

from . import access, selectors, services
from .forms import CreditForm, LookupForm, RevokeForm, ThanksForm
from .models import Certificate, Credit, Portfolio, Thanks
from .pdf import LANGUAGES, certificate_pdf, filename, qr_data_uri

# Misses (unknown codes) allowed per address in the window; a person mistyping a code never gets
# near it, a script walking codes does.
LOOKUP_MISSES_LIMIT = 30
LOOKUP_WINDOW_SECONDS = 15 * 60


def _too_many_misses(request: HttpRequest) -> bool:
    return cache.get(f"certificates:miss:{client_ip(request)}", 0) >= LOOKUP_MISSES_LIMIT


def _count_miss(request: HttpRequest) -> None:
    key = f"certificates:miss:{client_ip(request)}"
    if not cache.add(key, 1, LOOKUP_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, LOOKUP_WINDOW_SECONDS)


def _not_found(request: HttpRequest, *, status: int = 404) -> HttpResponse:
    return render(request, "certificates/not_found.html", {"form": LookupForm(), "throttled": status == 429}, status=status)


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """Anyone types a code. Malformed and unknown codes get the same answer: no hints."""
    form = LookupForm(request.GET or None)
    if form.is_valid():
        if _too_many_misses(request):
            return _not_found(request, status=429)
        certificate = services.verify(form.cleaned_data["code"])
        if certificate is not None:
            return redirect("certificates:verify", certificate.code)
        _count_miss(request)
        form.add_error("code", _("No certificate has this code. Check it against the certificate and try again."))
    return render(request, "certificates/lookup.html", {"form": form})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if _too_many_misses(request):
        return _not_found(request, status=429)
    certificate = services.verify(code)
    if certificate is None:
        _count_miss(request)
        return _not_found(request)
    if certificate.code != code:
        return redirect("certificates:verify", certificate.code)
    url = certificate.verification_url()
    context = {"certificate": certificate, "qr": qr_data_uri(url), "verification_url": url}
    response = render(request, "certificates/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    certificates = Certificate.objects.filter(volunteer=profile).select_related("organization")
    return render(request, "certificates/my_certificates.html", {"certificates": certificates, "languages": LANGUAGES})


def _pdf_response(certificate: Certificate, language: str) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(certificate, language)}"'
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    certificate = access.get_certificate_for_volunteer(request.user, pk)
    return _pdf_response(certificate, language)


@login_required
@require_GET
def org_download(request: HttpRequest, org_slug: str, pk: int, language: str) -> HttpResponse:
    certificate = access.get_certificate_for_manager(request.user, pk, slug=org_slug)
    return _pdf_response(certificate, language)


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    settings_row = services.portfolio_of(profile)
    context = {
        "profile": profile, "portfolio": selectors.portfolio(profile, public=False), "settings_row": settings_row,
        "public_url": request.build_absolute_uri(settings_row.get_absolute_url()),
    }
    return render(request, "certificates/portfolio.html", context)


@login_required
@require_POST
def portfolio_toggle(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    public = request.POST.get("public") == "1"
    services.set_portfolio_public(profile=profile, by=request.user, public=public)
    messages.success(request, _("Your portfolio is now public.") if public else _("Your portfolio is now private."))
    return redirect("certificates:portfolio")


@login_required
@require_POST
def thanks_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    thanks = get_object_or_404(Thanks.objects.select_related("volunteer"), volunteer__user=request.user, pk=pk)
    services.set_thanks_public(thanks=thanks, by=request.user, shown=request.POST.get("shown") == "1")
    return redirect("certificates:portfolio")


@require_GET
def portfolio_public(request: HttpRequest, slug: str) -> HttpResponse:
    row = get_object_or_404(Portfolio.objects.select_related("volunteer__user"), slug=slug, is_public=True)
    context = {"profile": row.volunteer, "portfolio": selectors.portfolio(row.volunteer, public=True)}
    response = render(request, "certificates/portfolio_public.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def recognition(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The organization's page for one engagement: thank, credit, see and issue certificates."""
    engagement = access.get_engagement_for_recogniser(request.user, pk, slug=org_slug)
    credit = Credit.objects.filter(engagement=engagement).first()
    action = request.POST.get("action")
    thanks_form = ThanksForm(request.POST if action == "thanks" else None)
    credit_form = CreditForm(request.POST if action == "credit" else None, initial={"text": credit.text if credit else ""})
    if request.method == "POST":
        try:
            if action == "thanks" and thanks_form.is_valid():
                services.thank_volunteer(engagement=engagement, by=request.user, message=thanks_form.cleaned_data["message"])
                messages.success(request, _("Your thanks were sent to the volunteer."))
                return redirect("certificates:recognition", org_slug, engagement.pk)
            if action == "credit" and credit_form.is_valid():
                services.credit_volunteer(engagement=engagement, by=request.user, text=credit_form.cleaned_data["text"])
                messages.success(request, _("The credit line is saved."))
                return redirect("certificates:recognition", org_slug, engagement.pk)
            if action == "issue":
                services.issue_certificate(engagement=engagement, kind=request.POST.get("kind", ""), by=request.user)
                messages.success(request, _("The certificate is issued."))
                return redirect("certificates:recognition", org_slug, engagement.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = {
        "engagement": engagement,
        "organization": engagement.opportunity.organization,
        "certificates": Certificate.objects.filter(engagement=engagement),
        "thanks": Thanks.objects.filter(engagement=engagement),
        "credit": credit,
        "thanks_form": thanks_form,
        "credit_form": credit_form,
        "revoke_form": RevokeForm(),
        "kinds": Certificate.Kind.choices,
    }
    return render(request, "certificates/recognition.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    certificate = access.get_certificate_for_manager(request.user, pk, slug=org_slug)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The certificate is revoked."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("certificates:recognition", org_slug, certificate.engagement_id)
