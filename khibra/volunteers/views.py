"""The volunteer's own pages, the public charter and privacy pages, and staff identity review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khibra.accounts import selectors as account_selectors, services as account_services
from khibra.accounts.models import PolicyKind
from khibra.core.http import local_next

from . import access, hooks, selectors, services
from .forms import (
    GuardianConsentForm,
    IdentityForm,
    IdentityReviewForm,
    PhoneCodeForm,
    ProfileForm,
    QualificationForm,
    add_service_errors,
)
from .levels import derive_level
from .models import DayPart, IdentityStatus, VolunteerProfile, Weekday


def _profile_context(profile: VolunteerProfile, qualification_form: QualificationForm) -> dict:
    level, reasons = derive_level(profile)
    return {
        "profile": profile,
        "level": level,
        "level_label": VolunteerProfile.Level(level).label,
        "level_reasons": reasons,
        "qualifications": list(profile.qualifications.all()),
        "qualification_form": qualification_form,
        "standing": selectors.profile_standing(profile),
        "blockers": services.engagement_blockers(profile),
    }


def _qualifications_response(request: HttpRequest, profile: VolunteerProfile, form: QualificationForm) -> HttpResponse:
    """The qualifications section alone (level and checklist swapped out of band) for htmx."""
    context = {**_profile_context(profile, form), "oob": True}
    return render(request, "volunteers/profile.html#qualifications_htmx", context)


def _render_profile(request: HttpRequest, profile: VolunteerProfile, form: QualificationForm) -> HttpResponse:
    context = _profile_context(profile, form)
    context["day_labels"] = [Weekday(value).label for value in profile.day_values]
    context["time_labels"] = [DayPart(value).label for value in profile.time_values]
    return render(request, "volunteers/profile.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    if profile is None:
        # A newcomer sent here from an application comes back to it once the profile is saved.
        next_url = local_next(request)
        return redirect(reverse("volunteers:profile_edit") + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    return _render_profile(request, profile, QualificationForm())


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    form = ProfileForm(request.POST or None, user=request.user, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_full_name(user=request.user, full_name=form.cleaned_data["full_name"])
                services.save_profile(user=request.user, **form.service_arguments())
        except ValidationError as error:
            request.user.refresh_from_db(fields=["full_name"])
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your volunteer profile is saved."))
            # Back to the application the newcomer had started, when they came from one.
            return redirect(local_next(request, reverse("volunteers:profile")))
    return render(request, "volunteers/profile_edit.html", {"form": form, "profile": profile, "next_url": local_next(request)})


@login_required
@require_POST
def qualification_add(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    if profile is None:
        return redirect("volunteers:profile_edit")
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            services.add_qualification(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("The qualification is added."))
                return redirect(reverse("volunteers:profile") + "#qualifications")
            form = QualificationForm()
    if request.htmx:
        return _qualifications_response(request, profile, form)
    return _render_profile(request, profile, form)


@login_required
@require_POST
def qualification_delete(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = access.get_own_qualification(request.user, pk)
    profile = qualification.profile
    services.remove_qualification(qualification=qualification, by=request.user)
    if request.htmx:
        profile.refresh_from_db()
        return _qualifications_response(request, profile, QualificationForm())
    messages.success(request, _("The qualification is removed."))
    return redirect(reverse("volunteers:profile") + "#qualifications")


def _policy_page(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    status = selectors.policy_status(request.user, kind)
    if status.policy is None:
        raise Http404
    has_profile = request.user.is_authenticated and access.own_profile(request.user) is not None
    return render(request, template, {"status": status, "policy": status.policy, "has_profile": has_profile})


def charter(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyKind.CHARTER, "volunteers/charter.html")


def _accept_policy(request: HttpRequest, kind: str, page: str) -> HttpResponse:
    policy = account_selectors.current_policy(kind)
    if policy is None:
        raise Http404
    if request.POST.get("version") != str(policy.version):
        # A newer version was published while the page was open: show it before accepting.
        messages.warning(
            request, _("This text has changed since you opened the page. Please read the current version.")
        )
        return redirect(page)
    if kind == PolicyKind.CHARTER:
        services.accept_charter(user=request.user, request=request)
    else:
        account_services.accept_privacy(user=request.user, request=request)
    messages.success(request, _("Thank you. Your acceptance is recorded."))
    if access.own_profile(request.user) is not None:
        return redirect("volunteers:profile")
    return redirect(page)


@login_required
@require_POST
def charter_accept(request: HttpRequest) -> HttpResponse:
    return _accept_policy(request, PolicyKind.CHARTER, "volunteers:charter")


def privacy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyKind.PRIVACY, "volunteers/privacy.html")


@login_required
@require_POST
def privacy_accept(request: HttpRequest) -> HttpResponse:
    return _accept_policy(request, PolicyKind.PRIVACY, "volunteers:privacy")


@login_required
def identity(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    if profile is None:
        return redirect("volunteers:profile_edit")
    can_submit = profile.identity_status != IdentityStatus.VERIFIED
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and can_submit and form.is_valid():
        try:
            services.submit_identity(profile=profile, national_id=form.cleaned_data["national_id"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your ID number is submitted."))
            return redirect("volunteers:profile")
    national_sso_url = account_selectors.national_sso_login_url(
        request, process="connect", next=reverse("volunteers:identity")
    )
    context = {"profile": profile, "form": form, "can_submit": can_submit, "national_sso_url": national_sso_url}
    return render(request, "volunteers/identity.html", context)


@login_required
def phone(request: HttpRequest) -> HttpResponse:
    """Prove the mobile number: send a code by SMS, then type it back."""
    profile = access.own_profile(request.user)
    if profile is None:
        return redirect("volunteers:profile_edit")
    action = request.POST.get("action") if request.method == "POST" else None
    form = PhoneCodeForm(request.POST if action == "confirm" else None)
    send_errors: list[str] = []
    status = 200
    if action == "send":
        try:
            services.send_phone_code(profile=profile, by=request.user, request=request)
        except ValidationError as error:
            send_errors, status = error.messages, 429 if error.code == "throttled" else 400
        else:
            request.session["phone_code_sent_to"] = profile.phone
            messages.success(request, _("We sent a code by text message to your mobile number."))
            return redirect("volunteers:phone")
    elif action == "confirm" and form.is_valid():
        try:
            services.confirm_phone(profile=profile, code=form.cleaned_data["code"], by=request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop("phone_code_sent_to", None)
            messages.success(request, _("Your mobile number is verified."))
            return redirect("volunteers:profile")
    sent = request.session.get("phone_code_sent_to") == profile.phone
    context = {"profile": profile, "form": form, "sent": sent, "send_errors": send_errors}
    return render(request, "volunteers/phone.html", context, status=status)


@login_required
def guardian(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    if profile is None:
        return redirect("volunteers:profile_edit")
    consent = getattr(profile, "guardian_consent", None)
    form = GuardianConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "confirm"}
        try:
            services.record_guardian_consent(profile=profile, by=request.user, request=request, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your guardian's consent is recorded."))
            return redirect("volunteers:profile")
    context = {"profile": profile, "form": form, "consent": consent, "is_minor": profile.is_minor()}
    return render(request, "volunteers/guardian.html", context)


@login_required
def identity_queue(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    pending = (
        VolunteerProfile.objects.filter(identity_status=IdentityStatus.PENDING)
        .select_related("user", "city")
        .order_by("updated_at")
    )
    return render(request, "volunteers/identity_queue.html", {"pending": pending})


@login_required
def identity_review(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.get_profile_for_identity_review(request.user, pk)
    is_pending = profile.identity_status == IdentityStatus.PENDING
    form = IdentityReviewForm(request.POST or None)
    if request.method == "POST" and is_pending and form.is_valid():
        try:
            services.review_identity(
                profile=profile, by=request.user, approve=form.approve, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded and the volunteer is told by e-mail."))
            return redirect("volunteers:identity_queue")
    if request.method == "GET":
        services.record_identity_viewed(profile=profile, by=request.user)
        hooks.personal_data_viewed(staff=request.user, volunteer=profile, purpose="identity_review")
    return render(
        request, "volunteers/identity_review.html", {"profile": profile, "form": form, "is_pending": is_pending}
    )
