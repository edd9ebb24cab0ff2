"""The volunteer's engagements and the agreement each one asks them to accept."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from khibra.agreements.models import AgreementAcceptance
from khibra.agreements.services import current_agreement
from khibra.recruitment.access import get_volunteer_profile

from .models import Engagement


@login_required
@require_GET
def my_engagements(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    engagements = list(
        Engagement.objects.filter(volunteer=profile)
        .select_related("opportunity__organization", "agreement")
        .order_by("-created_at", "-pk")
    )
    for engagement in engagements:
        # The latest version is the one to accept: the agreement may have changed since acceptance.
        engagement.current_agreement = current_agreement(engagement.opportunity) if engagement.agreement_id else None
    accepted = set(
        AgreementAcceptance.objects.filter(
            volunteer=request.user, agreement__in=[e.current_agreement.pk for e in engagements if e.current_agreement]
        ).values_list("agreement_id", flat=True)
    )
    for engagement in engagements:
        engagement.agreement_accepted = engagement.current_agreement is not None and engagement.current_agreement.pk in accepted
    return render(request, "engagements/my_engagements.html", {"engagements": engagements})
