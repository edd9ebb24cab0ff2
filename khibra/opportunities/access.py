"""Who may see or do what with opportunities.

Management pages belong to the organization: outsiders (members of other organizations and
platform staff included) get 404, as if the opportunity did not exist; supervisors read; admins
and volunteer managers change. The public page shows only published opportunities of verified
organizations.
"""

from functools import cache

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import get_organization_for_member, get_organization_for_member_by_id
from khibra.organizations.models import Membership, Organization
from khibra.programs.models import Need

from . import hooks
from .models import Opportunity, OpportunityProposal, OpportunityTemplate


def get_opportunity_for_member(
    user, pk: int, *, slug: str | None = None, manage: bool = False
) -> tuple[Organization, Membership, Opportunity]:
    """The opportunity, found by its id, and the user's membership in its organization: members
    read, `manage` needs the admin or volunteer manager (403); anybody else gets 404, as for a
    missing one. A `slug` from the URL must name the opportunity's organization."""
    opportunity = (
        Opportunity.objects.select_related("organization", "program", "need", "city", "supervisor", "template")
        .filter(pk=pk)
        .first()
    )
    if opportunity is None:
        raise Http404
    organization, membership = get_organization_for_member_by_id(
        user, opportunity.organization_id, slug=slug, manage=manage
    )
    return organization, membership, opportunity


def get_opportunity_for_manager(user, pk: int, *, slug: str | None = None) -> tuple[Organization, Membership, Opportunity]:
    return get_opportunity_for_member(user, pk, slug=slug, manage=True)


def get_template_for_member(user, org_slug: str, code: str, *, manage: bool = False) -> tuple[Organization, Membership, OpportunityTemplate]:
    organization, membership = get_organization_for_member(user, org_slug, manage=manage)
    template = get_object_or_404(OpportunityTemplate.objects.filter(is_active=True), code=code)
    return organization, membership, template


def get_need_for_manager(user, need_pk: int, *, slug: str | None = None) -> tuple[Organization, Membership, Need]:
    """A need (to draft an opportunity from) by its id, for the managers of its organization."""
    need = Need.objects.select_related("program__organization", "field").filter(pk=need_pk).first()
    if need is None:
        raise Http404
    organization, membership = get_organization_for_member_by_id(
        user, need.program.organization_id, slug=slug, manage=True
    )
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


def get_proposal_for_member(user, pk: int, *, slug: str, manage: bool = False):
    """(organization, membership, proposal): a proposal seen from one of its two sides, the
    provider that made it or the beneficiary it is addressed to, named by `slug`. Members of
    that side read; `manage` needs its admin or manager (403). Anybody else gets 404."""
    organization, membership = get_organization_for_member(user, slug, manage=manage)
    return organization, membership, proposal_of(organization, pk)


def proposal_of(organization: Organization, pk: int) -> OpportunityProposal:
    """A proposal the organization made or received, else 404 (the same for missing ones)."""
    if not 0 < pk < 2**63:
        raise Http404
    proposal = (
        OpportunityProposal.objects.select_related("provider", "beneficiary", "opportunity", "created_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or organization.pk not in (proposal.provider_id, proposal.beneficiary_id):
        raise Http404
    return proposal
