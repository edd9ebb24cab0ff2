"""Proposals: a provider (company, government body, university) proposes an opportunity to a
beneficiary organization, which adopts it as a draft of its own or declines it. The same access
rules (opportunities.access.proposal_of), forms and services as the web pages.

Scopes for organization API keys: opportunities:read to list and read, opportunities:write to
propose, send, withdraw, adopt and decline.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from khibra.api.access import organization_for_member
from khibra.api.errors import ERRORS
from khibra.api.forms import validated
from khibra.api.pagination import Page, PageQuery, paginate
from khibra.api.schemas import Ref, display, ref, resolver
from khibra.opportunities import access, services
from khibra.opportunities.models import OpportunityProposal
from khibra.opportunities.proposal_forms import AdoptProposalForm, DeclineProposalForm, ProposalForm, SendProposalForm

from .opportunity_inputs import stable_error

router = Router(tags=["proposals"])

READ = "opportunities:read"
WRITE = "opportunities:write"
MAX_ID = 2_147_483_647


class ProposalOut(Schema):
    id: int
    status: str
    status_display: str
    provider: Ref
    beneficiary: Ref | None
    title: str
    description: str
    deliverables: str
    requirements: str
    fields: list[Ref]
    seats: int
    nature: str
    duration_days: int
    hours_per_day: float
    message: str
    decline_reason: str
    opportunity: int | None = Field(..., description="The beneficiary's opportunity, once adopted.")
    created_at: dt.datetime
    decided_at: dt.datetime | None

    resolve_status_display = display("status")
    resolve_provider = resolver("provider", lambda row, _context: ref(row.provider))
    resolve_beneficiary = resolver("beneficiary", lambda row, _context: ref(row.beneficiary) if row.beneficiary else None)
    resolve_fields = resolver("fields", lambda row, _context: [ref(item) for item in row.fields.all()])
    resolve_opportunity = resolver("opportunity", lambda row, _context: row.opportunity_id)


class ProposalIn(Schema):
    beneficiary: int = Field(..., ge=1, le=MAX_ID, description="A verified non-profit organization's id.")
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=6000)
    deliverables: str = Field("", max_length=4000)
    requirements: str = Field("", max_length=4000)
    fields: list[int] = Field(default_factory=list, max_length=50, description="Field ids (GET /reference/fields/).")
    seats: int = Field(1, ge=0, le=10_000)
    nature: str = Field("remote", max_length=20, description="in_person, remote or both.")
    duration_days: int = Field(10, ge=0, le=100_000)
    hours_per_day: float = Field(2, ge=0, le=1000)
    message: str = Field("", max_length=2000)


class SendIn(Schema):
    beneficiary: int = Field(..., ge=1, le=MAX_ID)


class AdoptIn(Schema):
    program: int = Field(..., ge=1, le=MAX_ID, description="One of the organization's programs.")


class DeclineIn(Schema):
    reason: str = Field("", max_length=1000)


def _out(proposal: OpportunityProposal) -> ProposalOut:
    proposal = OpportunityProposal.objects.select_related("provider", "beneficiary").prefetch_related("fields").get(pk=proposal.pk)
    return ProposalOut.from_orm(proposal)


def _act(service, **kwargs):
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise stable_error(error) or error from None


@router.get(
    "/organizations/{organization_id}/proposals/",
    response={200: Page[ProposalOut], **ERRORS},
    summary="A provider's proposals sent, or a beneficiary organization's proposals received",
)
def list_proposals(request, organization_id: int, query: Query[PageQuery]):
    organization, _membership = organization_for_member(request, organization_id, scope=READ)
    side = {"provider": organization} if organization.is_provider else {"beneficiary": organization}
    rows = (
        OpportunityProposal.objects.filter(**side)
        .select_related("provider", "beneficiary")
        .prefetch_related("fields")
        .order_by("-created_at", "-pk")
    )
    return paginate(rows, query, ProposalOut.from_orm)


@router.get(
    "/organizations/{organization_id}/proposals/{proposal_id}/",
    response={200: ProposalOut, **ERRORS},
    summary="One proposal, seen from the provider's or the beneficiary's side",
)
def get_proposal(request, organization_id: int, proposal_id: int):
    organization, _membership = organization_for_member(request, organization_id, scope=READ)
    return _out(access.proposal_of(organization, proposal_id))


@router.post(
    "/organizations/{organization_id}/proposals/",
    response={201: ProposalOut, **ERRORS},
    summary="Propose an opportunity to a beneficiary organization (a provider's coordinators and admins)",
    description="Codes: `not_a_provider` (the caller's organization is a non-profit), `not_a_beneficiary`.",
)
def propose(request, organization_id: int, payload: ProposalIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    data = {name: value for name, value in payload.dict().items() if name != "fields"}
    data["fields"] = [str(pk) for pk in payload.fields]
    form = ProposalForm(data=data)
    cleaned = validated(form)
    proposal = _act(
        services.propose_opportunity,
        provider=organization, by=request.user, beneficiary=cleaned["beneficiary"], fields=cleaned["fields"], **form.values(),
    )
    return Status(201, _out(proposal))


@router.post(
    "/organizations/{organization_id}/proposals/{proposal_id}/send/",
    response={200: ProposalOut, **ERRORS},
    summary="Send an unsent proposal to a beneficiary organization",
)
def send(request, organization_id: int, proposal_id: int, payload: SendIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    proposal = access.proposal_of(organization, proposal_id)
    cleaned = validated(SendProposalForm(data={"beneficiary": payload.beneficiary}))
    return _out(_act(services.send_proposal, proposal=proposal, by=request.user, beneficiary=cleaned["beneficiary"]))


@router.post(
    "/organizations/{organization_id}/proposals/{proposal_id}/withdraw/",
    response={200: ProposalOut, **ERRORS},
    summary="Withdraw a proposal still waiting (the provider)",
)
def withdraw(request, organization_id: int, proposal_id: int):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    proposal = access.proposal_of(organization, proposal_id)
    return _out(_act(services.withdraw_proposal, proposal=proposal, by=request.user))


@router.post(
    "/organizations/{organization_id}/proposals/{proposal_id}/adopt/",
    response={201: dict, **ERRORS},
    summary="Adopt a proposal as a draft opportunity in one of the organization's programs",
    description="Answers the new draft's id: `{\"opportunity\": id}` (GET /opportunities/{id}/).",
)
def adopt(request, organization_id: int, proposal_id: int, payload: AdoptIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    proposal = access.proposal_of(organization, proposal_id)
    cleaned = validated(AdoptProposalForm(data={"program": payload.program}, organization=organization))
    opportunity = _act(services.adopt_proposal, proposal=proposal, by=request.user, program=cleaned["program"])
    return Status(201, {"opportunity": opportunity.pk, "proposal": proposal.pk})


@router.post(
    "/organizations/{organization_id}/proposals/{proposal_id}/decline/",
    response={200: ProposalOut, **ERRORS},
    summary="Decline a proposal, with a reason the provider reads",
)
def decline(request, organization_id: int, proposal_id: int, payload: DeclineIn):
    organization, _membership = organization_for_member(request, organization_id, manage=True, scope=WRITE)
    proposal = access.proposal_of(organization, proposal_id)
    cleaned = validated(DeclineProposalForm(data=payload.dict()))
    return _out(_act(services.decline_proposal, proposal=proposal, by=request.user, reason=cleaned["reason"]))
