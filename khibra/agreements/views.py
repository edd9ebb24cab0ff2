"""Pages of step 4: the agreement of an opportunity (organization side), one version of it
(volunteer side), partnership agreements and the shortlists. Access first, then form, then service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.accounts.selectors import has_accepted_current
from khibra.core import pdf as pdf_output
from khibra.core.actions import save_form
from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_manager
from khibra.opportunities.models import Opportunity, ServiceModel
from khibra.organizations.models import OrganizationKind

from . import access, content, documents, selectors, services
from .forms import PartnerAgreementForm, ShortlistEntryForm
from .models import AgreementAcceptance, PartnerAgreement, ShortlistEntry, ShortlistKind, VolunteerAgreement


def _language(request: HttpRequest, *, allow_query: bool = False) -> str:
    """The language of a document: the page's language, or ?lang=ar|en for a PDF."""
    if allow_query and request.GET.get("lang") in content.LANGUAGES:
        return request.GET["lang"]
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("The change could not be saved.")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the organization's side: the agreement of an opportunity ------------------------------------


def _opportunity_context(request: HttpRequest, organization, membership, opportunity: Opportunity, **extra) -> dict:
    language = _language(request)
    versions = list(
        VolunteerAgreement.objects.filter(opportunity=opportunity)
        .select_related("generated_by")
        .annotate(acceptance_count=Count("acceptances"))
        .order_by("-version")
    )
    current = versions[0] if versions else None
    skipped = opportunity.service_model == ServiceModel.FREE_COMMERCIAL
    changed = bool(current) and not skipped and (
        content.fingerprint(content.build_volunteer_agreement(opportunity)) != current.content_hash
    )
    entries = list(opportunity.shortlist.select_related("provider").order_by("kind", "created_at", "pk"))
    return {
        "organization": organization,
        "membership": membership,
        "opportunity": opportunity,
        "versions": versions,
        "current": current,
        "document": current.content[language] if current else None,
        "skipped": skipped,
        "changed_since": changed,
        "acceptances": AgreementAcceptance.objects.filter(agreement__opportunity=opportunity)
        .select_related("volunteer", "agreement")
        .order_by("-accepted_at", "-pk"),
        "partner_agreements": PartnerAgreement.objects.filter(opportunity=opportunity)
        .select_related("partner")
        .order_by("-created_at"),
        "companies": [entry for entry in entries if entry.kind == ShortlistKind.COMPANIES],
        "job_titles": [entry for entry in entries if entry.kind == ShortlistKind.JOB_TITLES],
        "shortlist_status": selectors.shortlist_status(opportunity),
        "shortlist_form": extra.pop("shortlist_form", None) or ShortlistEntryForm(),
        **extra,
    }


@login_required
@require_GET
def opportunity_agreement(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    context = _opportunity_context(request, organization, membership, opportunity)
    return render(request, "agreements/opportunity.html", context)


@login_required
@require_POST
def generate(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    previous = selectors.current_agreement(opportunity)
    try:
        agreement = services.generate_volunteer_agreement(opportunity=opportunity, by=request.user)
    except ValidationError as error:
        context = _opportunity_context(request, organization, membership, opportunity, error=_first_message(error))
        return render(request, "agreements/opportunity.html", context, status=400)
    if previous is not None and agreement.pk == previous.pk:
        messages.info(request, _("Nothing changed since version %(version)d; it stays current.") % {"version": agreement.version})
    else:
        messages.success(request, _("Version %(version)d of the agreement is ready.") % {"version": agreement.version})
    return redirect("agreements:opportunity", organization.slug, opportunity.pk)


@login_required
@require_GET
def opportunity_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, _membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    agreements = VolunteerAgreement.objects.filter(opportunity=opportunity).order_by("-version")
    version = request.GET.get("version", "")
    agreement = (agreements.filter(version=version) if version.isdigit() else agreements).first()
    if agreement is None:
        raise Http404
    return _volunteer_pdf(request, agreement)


def _volunteer_pdf(request: HttpRequest, agreement: VolunteerAgreement, *, volunteer=None) -> HttpResponse:
    language = _language(request, allow_query=True)
    return _pdf_response(*documents.volunteer_pdf(agreement, language, volunteer=volunteer))


@login_required
@require_GET
def statements_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The signed statements for the partner: every acceptance (who, version, when) and the
    text of each version accepted."""
    organization, _membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    language = _language(request, allow_query=True)
    acceptances = list(
        AgreementAcceptance.objects.filter(agreement__opportunity=opportunity)
        .select_related("volunteer", "agreement")
        .order_by("agreement__version", "accepted_at", "pk")
    )
    versions = {acceptance.agreement.pk: acceptance.agreement for acceptance in acceptances}
    data = pdf_output.render_template_pdf(
        "agreements/pdf/statements.html",
        {
            "organization": organization,
            "opportunity": opportunity,
            "acceptances": acceptances,
            "documents": [(agreement, agreement.content[language]) for agreement in versions.values()],
        },
        language=language,
    )
    return _pdf_response(data, f"volunteer-statements-{opportunity.pk}-{language}.pdf")


# --- shortlists --------------------------------------------------------------------------------


@login_required
@require_POST
def shortlist_add(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    form = ShortlistEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_shortlist_entry(opportunity=opportunity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if request.htmx:
        context = _opportunity_context(
            request, organization, membership, opportunity, shortlist_form=form if form.errors else None
        )
        return render(request, "agreements/opportunity.html#shortlist", context)
    if form.errors:
        context = _opportunity_context(request, organization, membership, opportunity, shortlist_form=form)
        return render(request, "agreements/opportunity.html", context, status=400)
    messages.success(request, _("Added to the shortlist."))
    return redirect("agreements:opportunity", organization.slug, opportunity.pk)


@login_required
@require_POST
def shortlist_remove(request: HttpRequest, org_slug: str, pk: int, entry_pk: int) -> HttpResponse:
    organization, membership, opportunity = get_opportunity_for_manager(request.user, pk, slug=org_slug)
    entry = get_object_or_404(ShortlistEntry.objects.select_related("opportunity__organization"), opportunity=opportunity, pk=entry_pk)
    services.remove_shortlist_entry(entry=entry, by=request.user)
    if request.htmx:
        context = _opportunity_context(request, organization, membership, opportunity)
        return render(request, "agreements/opportunity.html#shortlist", context)
    messages.success(request, _("Removed from the shortlist."))
    return redirect("agreements:opportunity", organization.slug, opportunity.pk)


# --- the volunteer's side ----------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_viewer(request.user, pk)
    return render(request, "agreements/detail.html", _detail_context(request, agreement))


def _detail_context(request: HttpRequest, agreement: VolunteerAgreement, **extra) -> dict:
    user = request.user
    latest = selectors.current_agreement(agreement.opportunity)
    return {
        "agreement": agreement,
        "opportunity": agreement.opportunity,
        "document": agreement.content[_language(request)],
        "latest": latest,
        "is_latest": latest is not None and latest.pk == agreement.pk,
        "acceptance": AgreementAcceptance.objects.filter(agreement=agreement, volunteer=user).first(),
        "can_accept": access.can_accept(user, agreement),
        "charter_accepted": has_accepted_current(user, "charter"),
        **extra,
    }


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_viewer(request.user, pk)
    try:
        services.accept_volunteer_agreement(agreement=agreement, volunteer=request.user, request=request)
    except ValidationError as error:
        context = _detail_context(request, agreement, error=_first_message(error))
        return render(request, "agreements/detail.html", context, status=400)
    messages.success(request, _("You accepted the agreement. Thank you for volunteering your expertise."))
    return redirect("agreements:detail", agreement.pk)


@login_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement_for_viewer(request.user, pk)
    # The signature block names only the reader's own acceptance: the organization's copy with
    # everyone's is the opportunity's PDF (managers only, `opportunity_pdf`).
    return _volunteer_pdf(request, agreement, volunteer=request.user)


# --- partnership agreements --------------------------------------------------------------------


@login_required
@require_GET
def partner_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_member(request.user, org_slug)
    agreements = (
        access.partner_agreements_of(organization)
        .select_related("organization", "partner", "opportunity")
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "agreements/partner_list.html",
        {
            "organization": organization,
            "membership": membership,
            "agreements": agreements,
            "can_create": membership.can_manage and organization.kind == OrganizationKind.NONPROFIT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_nonprofit_for_partnerships(request.user, org_slug)
    initial = {}
    if request.GET.get("opportunity", "").isdigit():
        initial["opportunity"] = request.GET["opportunity"]
    form = PartnerAgreementForm(request.POST or None, organization=organization, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.create_partner_agreement(
            organization=organization,
            partner=data["partner"],
            opportunity=data["opportunity"],
            by=request.user,
            **form.terms(),
        ),
        done=_("The draft agreement is saved. Send it to the partner when it is ready."),
        then=lambda agreement: redirect("agreements:partner_detail", organization.slug, agreement.pk),
    )
    return saved or _partner_form_page(request, organization, membership, form, agreement=None)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, agreement = access.get_partner_agreement_for_member(request.user, org_slug, pk)
    if agreement.organization_id != organization.pk:
        raise PermissionDenied  # the partner reads and accepts; the non-profit writes
    access.require_manager(membership)
    form = PartnerAgreementForm(request.POST or None, organization=organization, agreement=agreement)
    if form.is_bound and form.is_valid():
        try:
            updated = services.update_partner_agreement(agreement=agreement, by=request.user, **form.terms())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if updated.version != agreement.version:
                messages.warning(
                    request,
                    _("The changes make version %(version)d; the partner is asked to accept it again.")
                    % {"version": updated.version},
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("agreements:partner_detail", organization.slug, agreement.pk)
    return _partner_form_page(request, organization, membership, form, agreement=agreement)


def _partner_form_page(request: HttpRequest, organization, membership, form, *, agreement) -> HttpResponse:
    """The partnership agreement's form (a new one when `agreement` is None), with its errors."""
    return render(
        request,
        "agreements/partner_form.html",
        {"organization": organization, "membership": membership, "form": form, "agreement": agreement},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def partner_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, agreement = access.get_partner_agreement_for_member(request.user, org_slug, pk)
    document, annex, annex_version = documents.partner_document(agreement, _language(request))
    sides = access.sides_of(agreement, request.user)
    return render(
        request,
        "agreements/partner_detail.html",
        {
            "organization": organization,
            "membership": membership,
            "agreement": agreement,
            "document": document,
            "annex": annex,
            "annex_version": annex_version,
            "is_nonprofit_side": agreement.organization_id == organization.pk,
            "can_accept_for_organization": "organization" in sides and agreement.organization_accepted_at is None,
            "can_accept_for_partner": "partner" in sides and agreement.partner_accepted_at is None,
            "can_manage": membership.can_manage,
        },
    )


def _partner_action(request: HttpRequest, org_slug: str, pk: int, action, success: str) -> HttpResponse:
    organization, membership, agreement = access.get_partner_agreement_for_member(request.user, org_slug, pk)
    access.require_manager(membership)
    try:
        action(agreement=agreement, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, success)
    return redirect("agreements:partner_detail", organization.slug, agreement.pk)


@login_required
@require_POST
def partner_propose(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _partner_action(
        request, org_slug, pk, services.propose_partner_agreement, _("The agreement is sent to the partner for acceptance.")
    )


@login_required
@require_POST
def partner_accept(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _partner_action(request, org_slug, pk, services.accept_partner_agreement, _("Your acceptance is recorded."))


@login_required
@require_POST
def partner_withdraw(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _partner_action(request, org_slug, pk, services.withdraw_partner_agreement, _("The agreement is withdrawn."))


@login_required
@require_GET
def partner_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    _organization, _membership, agreement = access.get_partner_agreement_for_member(request.user, org_slug, pk)
    return _pdf_response(*documents.partner_pdf(agreement, _language(request, allow_query=True)))
