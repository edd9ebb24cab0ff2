"""Who may see or do what with agreements. Outsiders learn nothing (404); members of the right
organization without the right role get 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.opportunities.models import Opportunity
from khibra.organizations.access import (
    active_membership,
    get_organization_for_member,
    get_organization_for_member_by_id,
    require_role,
)
from khibra.organizations.models import Membership, Organization, OrganizationKind

from . import hooks
from .models import AgreementAcceptance, PartnerAgreement, VolunteerAgreement


def get_agreement_for_viewer(user, pk: int) -> VolunteerAgreement:
    """A volunteer agreement as a volunteer sees it.

    Visible to a logged-in user when its opportunity is public (published, verified organization);
    to anyone who accepted one of the opportunity's agreements (so a volunteer can always read
    what they accepted) or was selected for it (see `can_accept`); and to the admins and managers of the organization. Otherwise 404.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    agreement = get_object_or_404(
        VolunteerAgreement.objects.select_related("opportunity__organization"), pk=pk
    )
    opportunity = agreement.opportunity
    if Opportunity.objects.public().filter(pk=opportunity.pk).exists():
        return agreement
    if AgreementAcceptance.objects.filter(agreement__opportunity=opportunity, volunteer=user).exists():
        return agreement
    if _is_selected(user, opportunity.pk):
        return agreement
    membership = Membership.objects.active().filter(organization=opportunity.organization, user=user).first()
    if membership is not None and membership.can_manage:
        return agreement
    raise Http404


def can_accept(user, agreement: VolunteerAgreement) -> bool:
    """May this user accept this agreement? The one place that decides it.

    A logged-in volunteer whose application to the opportunity was accepted: they hold an active
    engagement on it (or, for a moment before it starts, an accepted application). Change it
    here and every caller (page, service, API) follows. The rules that do not depend on who the
    user is (latest version, ethics charter accepted) live in `services.accept_volunteer_agreement`.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not hasattr(user, "volunteer_profile"):
        return False
    return _is_selected(user, agreement.opportunity_id)


def _is_selected(user, opportunity_id: int) -> bool:
    """Selected for the opportunity: the apps above answer (hooks.volunteer_selected)."""
    return bool(hooks.volunteer_selected.first(user=user, opportunity_id=opportunity_id, default=False))


def sides_of(agreement: PartnerAgreement, user) -> set[str]:
    """Which parties `user` may accept for: "organization" (its admins and volunteer managers)
    and "partner" (its admins and coordinators)."""
    sides = set()
    for side, organization in (("organization", agreement.organization), ("partner", agreement.partner)):
        membership = active_membership(organization, user)
        if membership is not None and membership.can_manage:
            sides.add(side)
    return sides


def get_partner_agreement_for_member(user, org_slug: str, pk: int) -> tuple[Organization, Membership, PartnerAgreement]:
    """A partnership agreement seen from one of its two parties (`org_slug`).

    Members of either party may read it, except that a draft is the non-profit's own work: the
    partner sees it once it is proposed. Everybody else gets 404.
    """
    organization, membership = get_organization_for_member(user, org_slug)
    return organization, membership, _partner_agreement_of(organization, pk)


def get_partner_agreement_for_member_by_id(
    user, organization_id: int, pk: int
) -> tuple[Organization, Membership, PartnerAgreement]:
    """The same rule keyed by the party's id (the API's door)."""
    organization, membership = get_organization_for_member_by_id(user, organization_id)
    return organization, membership, _partner_agreement_of(organization, pk)


def partner_agreements_of(organization: Organization):
    """The partnership agreements one party sees: all of its own as the non-profit, and those
    proposed to it (not drafts) as the partner."""
    return PartnerAgreement.objects.filter(
        Q(organization=organization) | (Q(partner=organization) & ~Q(status=PartnerAgreement.Status.DRAFT))
    )


def _partner_agreement_of(organization: Organization, pk: int) -> PartnerAgreement:
    if not 0 < pk < 2**63:
        raise Http404
    return get_object_or_404(
        partner_agreements_of(organization).select_related(
            "organization", "partner", "opportunity", "organization_accepted_by", "partner_accepted_by"
        ),
        pk=pk,
    )


def require_manager(membership: Membership) -> None:
    require_role(membership, manage=True)


def get_nonprofit_for_partnerships(user, org_slug: str) -> tuple[Organization, Membership]:
    """A non-profit proposes partnership agreements: its admins and volunteer managers (other
    members and other kinds of organization 403, outsiders 404)."""
    organization, membership = get_organization_for_member(user, org_slug, manage=True)
    if organization.kind != OrganizationKind.NONPROFIT:
        raise PermissionDenied
    return organization, membership
