"""Who may see or do what in evaluation. Outsiders learn nothing (404); members without the
role get 403; a volunteer reaches only their own surveys and engagements."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import (
    get_organization_for_member_by_id,
    get_organization_for_viewer,
    is_staff,
)

from .models import MisconductReport, VolunteerSurvey


def get_survey_for_volunteer(user, pk: int) -> VolunteerSurvey:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        VolunteerSurvey.objects.select_related("organization", "program", "engagement__opportunity"), pk=pk, volunteer__user=user
    )


def get_engagement_for_volunteer(user, pk: int):
    from khibra.engagements.models import Engagement

    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Engagement.objects.select_related("opportunity__organization", "volunteer__user"), pk=pk, volunteer__user=user
    )


def get_engagement_for_manager(user, pk: int):
    from khibra.engagements.models import Engagement

    engagement = get_object_or_404(Engagement.objects.select_related("opportunity__organization", "volunteer__user"), pk=pk)
    _organization, membership = get_organization_for_member_by_id(user, engagement.opportunity.organization_id, manage=True)
    return engagement, membership


def get_report_for_staff(user, pk: int) -> MisconductReport:
    if not is_staff(user):
        raise Http404
    return get_object_or_404(MisconductReport, pk=pk)


def get_reportable_organization(user, slug: str):
    if not getattr(user, "is_authenticated", False):
        raise Http404
    organization, _membership = get_organization_for_viewer(user, slug)
    return organization


def get_reportable_volunteer(user, pk: int):
    """Only people who worked with the volunteer (members of an organization they were engaged
    with) or staff may report them; everyone else gets 404."""
    from khibra.engagements.models import Engagement
    from khibra.organizations.models import Membership
    from khibra.volunteers.models import VolunteerProfile

    if not getattr(user, "is_authenticated", False):
        raise Http404
    profile = get_object_or_404(VolunteerProfile.objects.select_related("user"), pk=pk)
    if is_staff(user):
        return profile
    org_ids = Engagement.objects.filter(volunteer=profile).values("opportunity__organization")
    if not Membership.objects.active().filter(user=user, organization__in=org_ids).exists():
        raise Http404
    return profile


def get_organization_for_stakeholders(user, slug: str):
    """Any active member of the organization answers its internal stakeholder survey."""
    from khibra.organizations.access import get_organization_for_member

    return get_organization_for_member(user, slug)


def get_organization_for_relationships(user, slug: str):
    from khibra.organizations.access import get_organization_for_member

    return get_organization_for_member(user, slug, manage=True)
