"""Providers offer work through a beneficiary organization (propose → adopt).

A company, government body or university never publishes an opportunity in its own name. Its
coordinators and admins propose one to a registered (verified) non-profit; that organization's
admins and volunteer managers adopt it as a draft in one of their programs, where it goes through
the same design, readiness and publishing as any of their opportunities, or decline it with a
reason. Each step is audited and the other side is told.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.notify import tell
from khibra.organizations.access import require_manager
from khibra.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from khibra.programs.models import Program

from ..models import Nature, Opportunity, OpportunityProposal, ProposalStatus
from ..rules import MAX_HOURS_PER_WEEK
from .editing import create_opportunity

PROPOSAL_FIELDS = frozenset(
    {"title", "description", "deliverables", "requirements", "seats", "nature", "duration_days", "hours_per_day", "message"}
)


def _require_provider(provider: Organization, by) -> None:
    require_manager(provider, by)
    if not provider.is_provider:
        raise ValidationError(
            _("Only a company, government body or university proposes opportunities; your organization designs its own."),
            code="not_a_provider",
        )


def _require_beneficiary(beneficiary: Organization | None) -> Organization:
    if beneficiary is None or beneficiary.kind != OrganizationKind.NONPROFIT or not beneficiary.is_verified:
        message = _("Choose a registered beneficiary organization (a verified non-profit).")
        raise ValidationError({"beneficiary": ValidationError(message, code="not_a_beneficiary")})
    return beneficiary


def _tell_managers(organization: Organization, *, kind: str, title, body, url: str) -> None:
    roles = (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER, MembershipRole.COORDINATOR)
    people = Membership.objects.active().filter(organization=organization, role__in=roles, user__is_active=True)
    for membership in people.select_related("user").order_by("pk"):
        tell(membership.user, kind=kind, title=title, body=body, url=url)


def _received_url(proposal: OpportunityProposal) -> str:
    return reverse("opportunities:proposal", args=[proposal.beneficiary.slug, proposal.pk])


def _sent_url(proposal: OpportunityProposal) -> str:
    return reverse("opportunities:proposal", args=[proposal.provider.slug, proposal.pk])


def _tell_beneficiary(proposal: OpportunityProposal) -> None:
    provider, title = proposal.provider, proposal.title
    _tell_managers(
        proposal.beneficiary,
        kind="proposal.received",
        title=lambda: _("%(provider)s proposes an opportunity: “%(title)s”") % {"provider": provider.name, "title": title},
        body=lambda: _("Adopt it as a draft in one of your programs, or decline it."),
        url=_received_url(proposal),
    )


@transaction.atomic
def propose_opportunity(
    *, provider: Organization, by, beneficiary: Organization | None, fields: Iterable = (), **values
) -> OpportunityProposal:
    """The provider proposes an opportunity to a beneficiary organization (which is told)."""
    _require_provider(provider, by)
    beneficiary = _require_beneficiary(beneficiary)
    unknown = set(values) - PROPOSAL_FIELDS
    if unknown:
        raise TypeError(f"a proposal cannot take {sorted(unknown)}")
    proposal = OpportunityProposal(provider=provider, beneficiary=beneficiary, created_by=by, status=ProposalStatus.PROPOSED)
    for name, value in values.items():
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    if not proposal.title or not proposal.description:
        raise ValidationError(
            {name: _("This field is required.") for name in ("title", "description") if not getattr(proposal, name)}, code="required"
        )
    proposal.full_clean()
    proposal.save()
    proposal.fields.set(list(fields))
    audit.record(actor=by, verb="proposal.sent", target=proposal, organization=provider, beneficiary=beneficiary.pk)
    _tell_beneficiary(proposal)
    return proposal


def _locked(proposal: OpportunityProposal) -> OpportunityProposal:
    return OpportunityProposal.objects.select_for_update(of=("self",)).select_related("provider", "beneficiary").get(pk=proposal.pk)


@transaction.atomic
def send_proposal(*, proposal: OpportunityProposal, by, beneficiary: Organization | None) -> OpportunityProposal:
    """Send an unsent proposal (kept from an opportunity the provider had designed itself)."""
    _require_provider(proposal.provider, by)
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.UNSENT:
        raise ValidationError(_("This proposal was already sent."), code="wrong_status")
    proposal.beneficiary = _require_beneficiary(beneficiary)
    proposal.status = ProposalStatus.PROPOSED
    proposal.full_clean()
    proposal.save(update_fields=["beneficiary", "status", "updated_at"])
    audit.record(actor=by, verb="proposal.sent", target=proposal, organization=proposal.provider, beneficiary=beneficiary.pk)
    _tell_beneficiary(proposal)
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: OpportunityProposal, by) -> OpportunityProposal:
    _require_provider(proposal.provider, by)
    proposal = _locked(proposal)
    if proposal.status not in (ProposalStatus.UNSENT, ProposalStatus.PROPOSED):
        raise ValidationError(_("Only a proposal still waiting can be withdrawn."), code="wrong_status")
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, verb="proposal.withdrawn", target=proposal, organization=proposal.provider)
    return proposal


def _decide(proposal: OpportunityProposal, by) -> OpportunityProposal:
    """The proposal, locked, once `by` may decide for its beneficiary and it still waits."""
    if proposal.beneficiary is None:
        raise PermissionDenied
    require_manager(proposal.beneficiary, by)
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(
            _("This proposal is “%(status)s”: there is nothing left to decide.") % {"status": proposal.get_status_display()},
            code="wrong_status",
        )
    return proposal


@transaction.atomic
def adopt_proposal(*, proposal: OpportunityProposal, by, program: Program | None = None) -> Opportunity:
    """The beneficiary adopts the proposal: a draft of its own, in `program` (or its only
    program), for it to complete, check for readiness and publish. The provider is told."""
    proposal = _decide(proposal, by)
    per_day = proposal.hours_per_day
    opportunity = create_opportunity(
        organization=proposal.beneficiary,
        by=by,
        program=program,
        title=proposal.title,
        description=proposal.description,
        deliverables=proposal.deliverables,
        requirements=proposal.requirements,
        fields=list(proposal.fields.values_list("pk", flat=True)),
        seats=proposal.seats,
        nature=proposal.nature,
        # Work done in person takes place in the organization's city until it changes it.
        city=proposal.beneficiary.city if proposal.nature != Nature.REMOTE else None,
        duration_days=proposal.duration_days,
        hours_per_day=per_day,
        hours_per_week=min(per_day * 5, Decimal(MAX_HOURS_PER_WEEK)),
    )
    proposal.status = ProposalStatus.ADOPTED
    proposal.opportunity = opportunity
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "opportunity", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=by, verb="proposal.adopted", target=proposal, organization=proposal.beneficiary,
        provider=proposal.provider_id, opportunity=opportunity.pk,
    )
    beneficiary, title = proposal.beneficiary, proposal.title
    _tell_managers(
        proposal.provider,
        kind="proposal.adopted",
        title=lambda: _("%(organization)s adopted your proposal “%(title)s”") % {"organization": beneficiary.name, "title": title},
        body=lambda: _("It is now a draft of theirs. Once they publish it, offer your volunteers or a team to it."),
        url=_sent_url(proposal),
    )
    return opportunity


@transaction.atomic
def decline_proposal(*, proposal: OpportunityProposal, by, reason: str = "") -> OpportunityProposal:
    proposal = _decide(proposal, by)
    proposal.status = ProposalStatus.DECLINED
    proposal.decline_reason = (reason or "").strip()
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    audit.record(actor=by, verb="proposal.declined", target=proposal, organization=proposal.beneficiary, reason=proposal.decline_reason)
    beneficiary, title, why = proposal.beneficiary, proposal.title, proposal.decline_reason
    _tell_managers(
        proposal.provider,
        kind="proposal.declined",
        title=lambda: _("%(organization)s declined your proposal “%(title)s”") % {"organization": beneficiary.name, "title": title},
        body=lambda: why,
        url=_sent_url(proposal),
    )
    return proposal
