"""Hours pages: the volunteer logs and corrects; reviewers approve or return, one or many.

Access first, then form, then service. Queue actions answer htmx with the queue fragment and plain
posts with a redirect, so every action works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from khibra.agreements.selectors import agreement_gate
from khibra.core.actions import run_action, save_form
from khibra.core.forms import add_service_errors, form_status

from . import access, selectors, services
from .forms import HourEntryForm, ReviewForm
from .models import HourEntry, HourStatus


@login_required
@require_http_methods(["GET", "POST"])
def engagement_hours(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, is_volunteer, membership = access.get_engagement_for_hours(request.user, pk)
    form = None
    if is_volunteer:
        form = HourEntryForm(request.POST or None, engagement=engagement)
        if request.method == "POST":
            saved = save_form(
                request,
                form,
                _asking_over_plan(form, lambda values: services.log_hours(engagement=engagement, by=request.user, **values)),
                done=_("Your hours are logged and wait for the supervisor's approval."),
                then=lambda _entry: redirect("hours:engagement", pk=engagement.pk),
            )
            if saved:
                return saved
    elif request.method == "POST":
        raise PermissionDenied
    entries = list(HourEntry.objects.filter(engagement=engagement).select_related("task", "reviewed_by"))
    context = {
        "engagement": engagement,
        "opportunity": engagement.opportunity,
        "organization": engagement.opportunity.organization,
        "is_volunteer": is_volunteer,
        "entries": entries,
        "form": form,
        "gate": agreement_gate(user=engagement.volunteer.user, opportunity=engagement.opportunity),
        "approved": sum((e.hours for e in entries if e.status == HourStatus.APPROVED), selectors.ZERO),
        "pending": sum((e.hours for e in entries if e.status == HourStatus.SUBMITTED), selectors.ZERO),
    }
    return render(request, "hours/engagement.html", context, status=form_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_volunteer(request.user, pk)
    if not entry.is_editable:
        messages.error(request, _("These hours are approved and final."))
        return redirect("hours:engagement", pk=entry.engagement_id)
    form = HourEntryForm(request.POST or None, engagement=entry.engagement, entry=entry)
    saved = save_form(
        request,
        form,
        _asking_over_plan(form, lambda values: services.update_hours(entry=entry, by=request.user, **values)),
        done=_("Your hours are corrected and wait for the supervisor's approval."),
        then=lambda _entry: redirect("hours:engagement", pk=entry.engagement_id),
    )
    if saved:
        return saved
    return render(request, "hours/edit.html", {"entry": entry, "form": form, "engagement": entry.engagement}, status=form_status(request, form))


@login_required
@require_POST
def delete_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_volunteer(request.user, pk)
    run_action(request, lambda: services.delete_hours(entry=entry, by=request.user), _("The hours entry is deleted."))
    return redirect("hours:engagement", pk=entry.engagement_id)


@login_required
@require_http_methods(["GET"])
def queue(request: HttpRequest, org_slug: str, pk: int | None = None) -> HttpResponse:
    organization, membership = access.get_organization_for_reviewer(request.user, org_slug)
    engagement = access.get_engagement_in_queue(request.user, membership, pk)
    form = ReviewForm(queryset=_pending(request.user, membership, engagement))
    return _render_queue(request, organization, membership, engagement, form)


@login_required
@require_POST
def review_selected(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = access.get_organization_for_reviewer(request.user, org_slug)
    engagement = access.get_engagement_in_queue(request.user, membership, _int(request.POST.get("engagement")))
    form = ReviewForm(request.POST, queryset=_pending(request.user, membership, engagement))
    action = request.POST.get("action")
    if form.is_valid():
        entries = list(form.cleaned_data["entries"])
        if not entries:
            form.add_error("entries", _("Choose at least one entry."))
        elif action == ReviewForm.RETURN:
            _apply(request, form, lambda: services.return_many(entries=entries, by=request.user, reason=form.cleaned_data["reason"]), action, len(entries))
        elif action == ReviewForm.APPROVE:
            _apply(request, form, lambda: services.approve_many(entries=entries, by=request.user), action, len(entries))
        else:
            form.add_error(None, _("Choose to approve or to return the hours."))
    return _after_review(request, organization, membership, engagement, form)


@login_required
@require_POST
def approve_entry(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    entry, membership = access.get_entry_for_reviewer(request.user, pk, slug=org_slug)
    engagement = access.get_engagement_in_queue(request.user, membership, _int(request.POST.get("engagement")))
    form = ReviewForm({}, queryset=_pending(request.user, membership, engagement))
    form.is_valid()
    _apply(request, form, lambda: services.approve_hours(entry=entry, by=request.user), ReviewForm.APPROVE, 1)
    return _after_review(request, membership.organization, membership, engagement, form)


@login_required
@require_POST
def return_entry(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    entry, membership = access.get_entry_for_reviewer(request.user, pk, slug=org_slug)
    engagement = access.get_engagement_in_queue(request.user, membership, _int(request.POST.get("engagement")))
    form = ReviewForm({"reason": request.POST.get("reason", "")}, queryset=_pending(request.user, membership, engagement))
    form.is_valid()
    _apply(request, form, lambda: services.return_hours(entry=entry, by=request.user, reason=request.POST.get("reason", "")), ReviewForm.RETURN, 1)
    return _after_review(request, membership.organization, membership, engagement, form)


# --- helpers ----------------------------------------------------------------------------------


def _asking_over_plan(form: HourEntryForm, save):
    """`save(values)` for save_form: the form's service values in; when the hours go over the
    plan, the form asks for the confirmation."""

    def call(_data: dict):
        try:
            return save(form.service_values())
        except ValidationError as error:
            form.needs_confirmation = _is_over_plan(error)
            raise

    return call


def _is_over_plan(error: ValidationError) -> bool:
    return any(getattr(e, "code", None) == "over_plan" for e in getattr(error, "error_dict", {}).get("hours", []))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _pending(user, membership, engagement):
    entries = access.reviewable_entries(user, membership).filter(status=HourStatus.SUBMITTED)
    if engagement is not None:
        entries = entries.filter(engagement=engagement)
    return entries


def _apply(request, form, action, verb: str, count: int) -> None:
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("You cannot review these hours."))
    else:
        if verb == ReviewForm.APPROVE:
            text = ngettext("%(counter)s hours entry approved.", "%(counter)s hours entries approved.", count)
        else:
            text = ngettext("%(counter)s hours entry returned to the volunteer.", "%(counter)s hours entries returned to the volunteer.", count)
        messages.success(request, text % {"counter": count})


def _after_review(request, organization, membership, engagement, form) -> HttpResponse:
    failed = bool(form.errors)
    if not failed and not request.htmx:
        if engagement is not None:
            return redirect("hours:engagement_queue", org_slug=organization.slug, pk=engagement.pk)
        return redirect("hours:queue", org_slug=organization.slug)
    if not failed:
        form = ReviewForm(queryset=_pending(request.user, membership, engagement))
    return _render_queue(request, organization, membership, engagement, form, status=form_status(request, form))


def _render_queue(request, organization, membership, engagement, form, status: int = 200) -> HttpResponse:
    entries = list(
        form.fields["entries"].queryset.select_related("volunteer__user", "opportunity", "task").order_by("date", "pk")
    )
    checked = {str(value) for value in (form.data.getlist("entries") if hasattr(form.data, "getlist") else [])}
    context = {
        "organization": organization,
        "membership": membership,
        "engagement": engagement,
        "entries": entries,
        "form": form,
        "checked": checked,
        "action_url": reverse("hours:review", args=[organization.slug]),
    }
    template = "hours/queue.html#approval-queue" if request.htmx else "hours/queue.html"
    return render(request, template, context, status=status)
