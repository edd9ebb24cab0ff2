from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.http import require_GET

from khibra.core import forms
from khibra.core.steps import NINE_STEPS
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization
from khibra.volunteers.models import VolunteerProfile

from . import selectors


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
    """Where a person lands after logging in: one card per role they hold."""
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    context = {"profile": profile}
    if request.user.is_staff:
        context["pending_organizations"] = Organization.objects.filter(
            verification_status=Organization.Status.PENDING
        ).count()
        context["pending_identities"] = VolunteerProfile.objects.filter(
            identity_status=VolunteerProfile.IdentityStatus.PENDING
        ).count()
    return render(request, "site/dashboard.html", context)


@require_GET
def date_hint(request: HttpRequest) -> HttpResponse:
    """The hint under a date box: the typed date in both calendars, or why it is not one (htmx)."""
    typed = next(iter(request.GET.values()), "")[:40]
    return HttpResponse(escape(forms.date_hint(typed)), content_type="text/html; charset=utf-8")
