"""Provider program pages (its admins and coordinators), the volunteer's employers page and the
non-profit's view of suggestions. Access first, then form, then the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khibra.core.forms import add_service_errors, form_status
from khibra.organizations.models import Organization

from . import access, selectors, services
from .forms import (
    ApproveForm,
    DomainForm,
    InviteMemberForm,
    JoinForm,
    MemberFilterForm,
    MemberProgramForm,
    NoteForm,
    ProgramForm,
    SuggestForm,
)
from .models import MemberStatus, ParticipationStatus, ProviderDomain, ProviderMember, ProviderProgram

PAGE_SIZE = 25


def _message(error: ValidationError) -> str:
    return " ".join(error.messages) or _("The change could not be saved.")


# --- the provider's side ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = access.get_provider_for_staff(request.user, slug)
    return render(
        request,
        "providers/overview.html",
        {
            "organization": provider,
            "membership": membership,
            "summary": selectors.provider_summary(provider),
            "programs": ProviderProgram.objects.filter(provider=provider),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programs(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = access.get_provider_for_staff(request.user, slug, admin=request.method == "POST")
    form = ProgramForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.create_program(provider=provider, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The program is created."))
            return redirect("providers:programs", provider.slug)
    return render(
        request,
        "providers/programs.html",
        {"organization": provider, "membership": membership, "form": form, "programs": ProviderProgram.objects.filter(provider=provider)},
        status=form_status(request, form),
    )


@login_required
@require_POST
def close_program(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug, admin=True)
    program = get_object_or_404(ProviderProgram, pk=pk, provider=provider)
    try:
        services.close_program(program=program, by=request.user)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The program is closed."))
    return redirect("providers:programs", provider.slug)


@login_required
@require_http_methods(["GET"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = access.get_provider_for_staff(request.user, slug)
    filters = MemberFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.members_of(
        provider, status=values.get("status") or "", field=values.get("field"), skill=(values.get("skill") or "").strip()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/members.html",
        {"organization": provider, "membership": membership, "filters": filters, "page": page},
        status=400 if filters.is_bound and filters.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The verification queue and the invitations (POST invites)."""
    provider, membership = access.get_provider_for_staff(request.user, slug)
    form = InviteMemberForm(request.POST or None, provider=provider)
    if form.is_bound and form.is_valid():
        try:
            member = services.invite_member(provider=provider, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": member.invited_email})
            return redirect("providers:requests", provider.slug)
    pending = selectors.members_of(provider, status=MemberStatus.PENDING)
    return render(
        request,
        "providers/requests.html",
        {
            "organization": provider, "membership": membership, "form": form, "pending": pending,
            "invitations": selectors.open_invitations(provider), "note_form": NoteForm(),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def verify_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug)
    member = access.get_member_for_staff(request.user, pk, provider=provider)
    try:
        services.verify_member(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The member is verified."))
    return redirect("providers:requests", provider.slug)


@login_required
@require_POST
def decline_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug)
    member = access.get_member_for_staff(request.user, pk, provider=provider)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the note under 500 characters."))
        return redirect("providers:requests", provider.slug)
    try:
        services.decline_member(member=member, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The request is declined."))
    return redirect("providers:requests", provider.slug)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug)
    member = access.get_member_for_staff(request.user, pk, provider=provider)
    try:
        services.revoke_invitation(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("providers:requests", provider.slug)


@login_required
@require_http_methods(["GET", "POST"])
def domains(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = access.get_provider_for_staff(request.user, slug, admin=request.method == "POST")
    form = DomainForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.add_domain(provider=provider, by=request.user, domain=form.cleaned_data["domain"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The domain is added."))
            return redirect("providers:domains", provider.slug)
    return render(
        request,
        "providers/domains.html",
        {"organization": provider, "membership": membership, "form": form, "domains": ProviderDomain.objects.filter(provider=provider)},
        status=form_status(request, form),
    )


@login_required
@require_POST
def remove_domain(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug, admin=True)
    domain = get_object_or_404(ProviderDomain, pk=pk, provider=provider)
    services.remove_domain(domain=domain, by=request.user)
    messages.success(request, _("The domain is removed. Members who joined through it stay verified."))
    return redirect("providers:domains", provider.slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One verified member: their program engagements, hours and certificates; suggest them."""
    provider, membership = access.get_provider_for_staff(request.user, slug)
    member = access.get_verified_member_for_staff(request.user, pk, provider=provider)
    form = SuggestForm(request.POST or None, provider=provider)
    if form.is_bound and form.is_valid():
        try:
            services.suggest_member(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The suggestion is sent to the member and the non-profit."))
            return redirect("providers:member", provider.slug, member.pk)
    return render(
        request,
        "providers/member.html",
        {
            "organization": provider, "membership": membership, "member": member, "form": form,
            "profile": getattr(member.user, "volunteer_profile", None),
            "record": selectors.member_record(member),
            "program_form": MemberProgramForm(initial={"program": member.program_id}, provider=provider),
            "suggestions": member.suggestions.select_related("opportunity__organization"),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def set_member_program(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug)
    member = access.get_verified_member_for_staff(request.user, pk, provider=provider)
    form = MemberProgramForm(request.POST, provider=provider)
    if not form.is_valid():
        messages.error(request, _("Choose one of the provider's active programs."))
    else:
        try:
            services.set_member_program(member=member, by=request.user, program=form.cleaned_data["program"])
        except ValidationError as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("The member's program is saved."))
    return redirect("providers:member", provider.slug, member.pk)


@login_required
@require_http_methods(["GET"])
def participations(request: HttpRequest, slug: str) -> HttpResponse:
    provider, membership = access.get_provider_for_staff(request.user, slug)
    status = request.GET.get("status", ParticipationStatus.PENDING)
    if status not in ParticipationStatus.values:
        status = ""
    rows = Paginator(selectors.participations_of(provider, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/participations.html",
        {"organization": provider, "membership": membership, "page": rows, "status": status,
         "statuses": ParticipationStatus.choices, "form": ApproveForm()},
    )


@login_required
@require_POST
def decide_participation(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    provider, _membership = access.get_provider_for_staff(request.user, slug)
    participation = access.get_participation_for_staff(request.user, pk, provider=provider)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the note under 500 characters."))
        return redirect("providers:participations", provider.slug)
    try:
        if decision == "approve":
            services.approve_participation(participation=participation, by=request.user, **form.cleaned_data)
        else:
            services.decline_participation(participation=participation, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The decision is saved."))
    return redirect("providers:participations", provider.slug)


# --- the non-profit's side ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def nonprofit_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access.get_nonprofit_for_manager(request.user, slug)
    rows = Paginator(selectors.suggestions_for_nonprofit(organization), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "providers/nonprofit_suggestions.html", {"organization": organization, "membership": membership, "page": rows})


# --- the volunteer's side -----------------------------------------------------------------------


def _employers_context(request, **forms) -> dict:
    user = request.user
    mine = ProviderMember.objects.filter(user=user).exclude(status=MemberStatus.INVITED).select_related("provider", "program")
    addresses = selectors.verified_domains_of(user)
    from allauth.account.models import EmailAddress

    emails = list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    invitations = [
        m for m in ProviderMember.objects.filter(status=MemberStatus.INVITED, invited_email__in=[e.lower() for e in emails]).select_related("provider")
        if m.invitation_is_open
    ]
    domain_providers = selectors.providers_by_domain(user).exclude(provider_members__user=user, provider_members__status=MemberStatus.VERIFIED)
    all_providers = Organization.objects.providers().verified().order_by("name_ar")
    return {
        "memberships": mine,
        "invitations": invitations,
        "domain_form": forms.get("domain_form") or JoinForm(providers=domain_providers, prefix="domain"),
        "has_domain_providers": domain_providers.exists(),
        "request_form": forms.get("request_form") or JoinForm(providers=all_providers, prefix="request"),
        "domains": sorted(addresses),
    }


@login_required
@require_http_methods(["GET", "POST"])
def employers(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "domain":
            form = JoinForm(request.POST, providers=selectors.providers_by_domain(request.user), prefix="domain")
            service, key = services.join_by_domain, "domain_form"
        else:
            form = JoinForm(request.POST, providers=Organization.objects.providers().verified(), prefix="request")
            service, key = services.request_to_join, "request_form"
        if form.is_valid():
            try:
                service(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("You joined the program.") if key == "domain_form" else _("Your request is sent to the provider."))
                return redirect("providers:employers")
        context[key] = form
        return render(request, "providers/employers.html", _employers_context(request, **context), status=400)
    return render(request, "providers/employers.html", _employers_context(request))


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_own_member(request.user, pk)
    try:
        services.set_sharing(member=member, by=request.user, share=request.POST.get("share") == "1")
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Your choice is saved."))
    return redirect("providers:employers")


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_own_member(request.user, pk)
    try:
        services.leave(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("You left the program."))
    return redirect("providers:employers")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the invitation e-mail: whoever holds it sees it; the invited address accepts."""
    member = get_object_or_404(ProviderMember.objects.select_related("provider"), token=token, status=MemberStatus.INVITED)
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(member=member, user=request.user)
        except ValidationError as exc:
            error = _message(exc)
        else:
            messages.success(request, _("Welcome to the program of %(provider)s.") % {"provider": member.provider.name})
            return redirect("providers:employers")
    return render(request, "providers/invitation.html", {"member": member, "provider": member.provider, "error": error},
                  status=400 if error else 200)
