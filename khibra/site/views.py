from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khibra.accounts import services as account_services
from khibra.core import forms
from khibra.core.steps import NINE_STEPS
from khibra.hours.waiting import queue_url as hours_queue_url
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization
from khibra.volunteers.models import VolunteerProfile

from . import forms as forms_site, selectors


def home(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.verified().nonprofits().select_related("city").order_by("-verified_at")[:6]
    opportunities = Opportunity.objects.public().select_related("organization", "city").order_by("-published_at")[:6]
    return render(
        request,
        "site/home.html",
        {
            "figures": selectors.platform_figures(),
            "steps": NINE_STEPS,
            "organizations": organizations,
            "opportunities": opportunities,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a person lands after logging in: a home for each role they hold. Managers see one
    inbox of what waits for them, coordinators their approvals, volunteers their work."""
    profile = VolunteerProfile.objects.filter(user=request.user).select_related("user").first()
    managed = selectors.managed_nonprofits(request.user)
    providers = selectors.coordinated_providers(request.user)
    context = {
        "profile": profile,
        "inbox": selectors.manager_inbox(managed) if managed else None,
        "provider_inbox": selectors.coordinator_inbox(providers) if providers else None,
        "home": selectors.volunteer_home(profile) if profile else None,
        "several_organizations": len(managed) > 1,
        "hours_queues": [(organization, hours_queue_url(organization)) for organization in managed],
        "email_form": forms_site.ActivityEmailsForm(initial={"emails": request.user.emails_on_volunteer_work}),
    }
    # The navigation shows this page's own count instead of fetching it.
    context["home_waiting"] = (context["inbox"].total if context["inbox"] else 0) + (
        context["provider_inbox"].total if context["provider_inbox"] else 0
    ) if (managed or providers) else None
    if request.user.is_staff:
        context["staff"] = selectors.staff_queues()
    return render(request, "site/dashboard.html", context)


@login_required
@require_GET
def waiting_badge(request: HttpRequest) -> HttpResponse:
    """The navigation's count of what waits for a manager or coordinator, fetched after the page
    (htmx) so that no page pays for it: one count query per kind."""
    return render(request, "site/home/badge.html", {"waiting": selectors.waiting_count(request.user)})


@login_required
@require_POST
def activity_emails(request: HttpRequest) -> HttpResponse:
    """A manager chooses whether hours, work and reports that arrive also come by e-mail."""
    form = forms_site.ActivityEmailsForm(request.POST)
    if form.is_valid():
        account_services.set_activity_emails(user=request.user, on=form.cleaned_data["emails"])
        messages.success(request, _("Your notification settings are saved."))
    return redirect("core:dashboard")


@require_GET
def date_hint(request: HttpRequest) -> HttpResponse:
    """The hint under a date box: the typed date in both calendars, or why it is not one (htmx)."""
    typed = next(iter(request.GET.values()), "")[:40]
    return HttpResponse(escape(forms.date_hint(typed)), content_type="text/html; charset=utf-8")
