from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from khibra.core.forms import add_service_errors

from . import access, hooks, services
from .forms import DirectoryFilterForm, InviteForm, OrganizationForm, RejectionForm, RoleForm
from .models import Invitation, Membership, Organization, VerificationStatus, roles_for

PAGE_SIZE = 20
RECENT_DECISIONS = 20


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("The change could not be saved.")


# --- public ------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    organizations = form.filter(Organization.objects.verified().select_related("city__region").order_by("name_ar", "pk"))
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/directory.html", {"form": form, "page": page})


@require_http_methods(["GET"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_viewer(request.user, slug)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "membership": membership,
            "fields": organization.fields.all(),
            **hooks.organization_page_extras(organization),
        },
    )


# --- registration and profile ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            organization = services.register_organization(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your organization is registered. Platform staff will review it; it appears in the directory once verified."),
            )
            return redirect("organizations:detail", organization.slug)
    return render(request, "organizations/register.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_member(request.user, slug, admin=True)
    form = OrganizationForm(request.POST or None, request.FILES or None, organization=organization)
    if form.is_bound and form.is_valid():
        was_verified = organization.is_verified
        try:
            organization = services.update_organization(organization=organization, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if was_verified and not organization.is_verified:
                messages.warning(request, _("Your changes are saved. The organization will be reviewed again because its name or registration number changed."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("organizations:detail", organization.slug)
    return render(
        request,
        "organizations/edit.html",
        {"form": form, "organization": organization, "membership": membership},
        status=400 if form.errors else 200,
    )


# --- members -----------------------------------------------------------------------------------


def _members_context(organization: Organization, membership: Membership, **extra) -> dict:
    members = (
        organization.memberships.active().select_related("user").order_by("role", "user__full_name", "pk")
    )
    invitations = (
        organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")
    )
    return {
        "organization": organization,
        "membership": membership,
        "members": members,
        "invitations": invitations,
        "role_choices": [(role.value, role.label) for role in roles_for(organization.kind)],
        "invitation_days": settings.INVITATION_VALID_DAYS,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Admins and volunteer managers see the team; only admins invite and change it (POST)."""
    organization, membership = access.get_organization_for_member(
        request.user, slug, manage=True, admin=request.method == "POST"
    )
    form = InviteForm(request.POST or None, organization=organization)
    if form.is_bound and form.is_valid():
        try:
            invitation = services.invite_member(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
            return redirect("organizations:members", organization.slug)
    context = _members_context(organization, membership, form=form)
    return render(request, "organizations/members.html", context, status=400 if form.errors else 200)


def _row_response(request: HttpRequest, organization, own: Membership, target: Membership, error: str = "") -> HttpResponse:
    context = _members_context(organization, own, member=target, row_error=error)
    return render(request, "organizations/members.html#member-row", context)


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, own, target = access.get_membership_for_admin(request.user, pk, slug=slug)
    form = RoleForm(request.POST, organization=organization)
    error = ""
    if form.is_valid():
        try:
            target = services.change_role(membership=target, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as exc:
            error = _first_message(exc)
    else:
        error = _("Choose one of the roles in the list.")
    demoted_self = not error and target.pk == own.pk and target.role != own.role
    if request.htmx:
        if demoted_self:
            return HttpResponseClientRedirect(reverse("organizations:detail", args=[organization.slug]))
        return _row_response(request, organization, own, target, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The role is changed."))
    if demoted_self:
        return redirect("organizations:detail", organization.slug)
    return redirect("organizations:members", organization.slug)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, own, target = access.get_membership_for_admin(request.user, pk, slug=slug)
    try:
        services.remove_member(membership=target, by=request.user)
    except ValidationError as exc:
        if request.htmx:
            return _row_response(request, organization, own, target, _first_message(exc))
        messages.error(request, _first_message(exc))
        return redirect("organizations:members", organization.slug)
    left = target.pk == own.pk
    if request.htmx:
        if left:
            return HttpResponseClientRedirect(reverse("core:dashboard"))
        return HttpResponse("")  # the row is swapped for nothing
    messages.success(request, _("The member is removed from the organization."))
    if left:
        return redirect("core:dashboard")
    return redirect("organizations:members", organization.slug)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, invitation = access.get_invitation_for_admin(request.user, pk, slug=slug)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, _first_message(exc))
        if request.htmx:  # reload the page, where the message is shown
            return HttpResponseClientRedirect(reverse("organizations:members", args=[organization.slug]))
    else:
        if request.htmx:
            return HttpResponse("")
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("organizations:members", organization.slug)


# --- invitations -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Whoever holds the link sees the invitation; only the invited address can accept it."""
    invitation = get_object_or_404(Invitation.objects.select_related("organization", "invited_by"), token=token)
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = _first_message(exc)
        else:
            messages.success(
                request, _("Welcome to %(organization)s.") % {"organization": invitation.organization.name}
            )
            return redirect("organizations:detail", invitation.organization.slug)
    email_matches = request.user.is_authenticated and request.user.email.lower() == invitation.email.lower()
    already_member = (
        request.user.is_authenticated
        and Membership.objects.active().filter(organization=invitation.organization, user=request.user).exists()
    )
    return render(
        request,
        "organizations/invitation.html",
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "email_matches": email_matches,
            "already_member": already_member,
            "error": error,
        },
        status=400 if error else 200,
    )


# --- verification by platform staff ------------------------------------------------------------


@require_http_methods(["GET"])
def review_queue(request: HttpRequest) -> HttpResponse:
    access.require_staff(request.user)
    pending = (
        Organization.objects.filter(verification_status=VerificationStatus.PENDING)
        .select_related("city__region")
        .order_by("created_at", "pk")
    )
    decided = (
        Organization.objects.exclude(verification_status=VerificationStatus.PENDING)
        .filter(verified_at__isnull=False)
        .select_related("city", "verified_by")
        .order_by("-verified_at")[:RECENT_DECISIONS]
    )
    return render(request, "organizations/review_queue.html", {"pending": pending, "decided": decided})


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff(request.user)
    organization = get_object_or_404(Organization.objects.select_related("city__region", "verified_by"), pk=pk)
    action = request.POST.get("action")
    form = RejectionForm(request.POST if action == "reject" else None)
    if action == "verify":
        try:
            services.verify_organization(organization=organization, by=request.user)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
            return redirect("organizations:review", organization.pk)
        messages.success(request, _("The organization is verified and its admins are told."))
        return redirect("organizations:review_queue")
    if action == "reject" and form.is_valid():
        try:
            services.reject_organization(organization=organization, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization is rejected and its admins are told why."))
            return redirect("organizations:review_queue")
    admins = organization.memberships.active().filter(role=Membership.Role.ADMIN).select_related("user")
    return render(
        request,
        "organizations/review.html",
        {"organization": organization, "form": form, "admins": admins, "fields": organization.fields.all()},
        status=400 if form.errors else 200,
    )
