"""Who may see or do what with opportunities.

Management pages belong to the organization: outsiders (members of other organizations and
platform staff included) get 404, as if the opportunity did not exist; supervisors read; admins
and volunteer managers change. The public page shows only published opportunities of verified
organizations.
"""

from functools import cache

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import get_organization_for_member
from khibra.organizations.models import Membership, Organization
from khibra.programs.models import Need

from . import hooks
from .models import Opportunity, OpportunityTemplate


def get_opportunity_for_member(
    user, org_slug: str, pk: int, *, manage: bool = False
) -> tuple[Organization, Membership, Opportunity]:
    organization, membership = get_organization_for_member(user, org_slug, manage=manage)
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("organization", "program", "need", "city", "supervisor", "template"),
        organization=organization,
        pk=pk,
    )
    return organization, membership, opportunity


def get_template_for_member(user, org_slug: str, code: str, *, manage: bool = False) -> tuple[Organization, Membership, OpportunityTemplate]:
    organization, membership = get_organization_for_member(user, org_slug, manage=manage)
    template = get_object_or_404(OpportunityTemplate.objects.filter(is_active=True), code=code)
    return organization, membership, template


def get_need_for_manager(user, org_slug: str, need_pk: int) -> tuple[Organization, Membership, Need]:
    organization, membership = get_organization_for_member(user, org_slug, manage=True)
    need = get_object_or_404(Need.objects.select_related("program__organization", "field"), program__organization=organization, pk=need_pk)
    return organization, membership, need


@cache
def _public_annotations() -> dict:
    """What the apps above add to the read (hooks.public_annotations); built once per process
    (annotate() works on a copy)."""
    annotations: dict = {}
    for columns in hooks.public_annotations():
        annotations.update(columns)
    return annotations


def get_public_opportunity(pk: int) -> Opportunity:
    """A published opportunity of a verified organization, or 404 for anything else, with the
    columns the apps above add (training: `requires_courses`, whether any course is required
    before applying; most opportunities require none, and then their page need not look for them)."""
    opportunity = (
        Opportunity.objects.public()
        .select_related("organization", "city")
        .annotate(**_public_annotations())
        .filter(pk=pk)
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity
