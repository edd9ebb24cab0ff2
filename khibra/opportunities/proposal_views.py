"""Pages of the propose → adopt flow. A provider proposes an opportunity to a beneficiary
organization; the beneficiary adopts it as a draft of its own or declines it. Each view starts
with an access call (access.get_proposal_for_member: outsiders get 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.actions import save_form
from khibra.organizations.access import get_organization_for_member

from . import access, services
from .models import OpportunityProposal, ProposalStatus
from .proposal_forms import AdoptProposalForm, DeclineProposalForm, ProposalForm, SendProposalForm


@login_required
@require_GET
def proposal_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A provider's proposals sent, or a beneficiary's proposals received."""
    organization, membership = get_organization_for_member(request.user, org_slug)
    side = {"provider": organization} if organization.is_provider else {"beneficiary": organization}
    proposals = OpportunityProposal.objects.filter(**side).select_related("provider", "beneficiary").order_by("-created_at", "-pk")
    return render(
        request,
        "opportunities/proposals.html",
        {"organization": organization, "membership": membership, "proposals": proposals[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization, membership = get_organization_for_member(request.user, org_slug, manage=True)
    form = ProposalForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.propose_opportunity(
            provider=organization, by=request.user, beneficiary=data["beneficiary"], fields=data["fields"], **form.values()
        ),
        done=_("The proposal is sent. The organization is told and decides whether to adopt it."),
        then=lambda proposal: redirect("opportunities:proposal", org_slug=organization.slug, pk=proposal.pk),
    )
    if saved:
        return saved
    return render(
        request,
        "opportunities/propose.html",
        {"organization": organization, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, proposal = access.get_proposal_for_member(request.user, pk, slug=org_slug)
    return _detail(request, organization, membership, proposal)


def _detail(request, organization, membership, proposal, **forms) -> HttpResponse:
    receiving = organization.pk == proposal.beneficiary_id
    waiting = proposal.status == ProposalStatus.PROPOSED
    context = {
        "organization": organization,
        "membership": membership,
        "proposal": proposal,
        "receiving": receiving,
        "can_decide": receiving and waiting and membership.can_manage,
        "can_send": not receiving and proposal.status == ProposalStatus.UNSENT and membership.can_manage,
        "can_withdraw": not receiving and proposal.status in (ProposalStatus.UNSENT, ProposalStatus.PROPOSED) and membership.can_manage,
        "adopt_form": forms.get("adopt_form") or AdoptProposalForm(organization=organization),
        "decline_form": forms.get("decline_form") or DeclineProposalForm(),
        "send_form": forms.get("send_form") or SendProposalForm(),
    }
    failed = any(form.errors for form in forms.values())
    return render(request, "opportunities/proposal_detail.html", context, status=400 if failed else 200)


@login_required
@require_POST
def adopt(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, proposal = access.get_proposal_for_member(request.user, pk, slug=org_slug, manage=True)
    form = AdoptProposalForm(request.POST, organization=organization)
    saved = save_form(
        request,
        form,
        lambda data: services.adopt_proposal(proposal=proposal, by=request.user, program=data["program"]),
        done=_("The proposal is adopted: it is now one of your drafts. Complete it, then publish it."),
        then=lambda opportunity: redirect("opportunities:detail", org_slug=organization.slug, pk=opportunity.pk),
    )
    return saved or _detail(request, organization, membership, proposal, adopt_form=form)


@login_required
@require_POST
def decline(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, proposal = access.get_proposal_for_member(request.user, pk, slug=org_slug, manage=True)
    form = DeclineProposalForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.decline_proposal(proposal=proposal, by=request.user, reason=data["reason"]),
        done=_("The proposal is declined. The provider is told."),
        then=lambda _proposal: redirect("opportunities:proposals", org_slug=organization.slug),
    )
    return saved or _detail(request, organization, membership, proposal, decline_form=form)


@login_required
@require_POST
def send(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, membership, proposal = access.get_proposal_for_member(request.user, pk, slug=org_slug, manage=True)
    form = SendProposalForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.send_proposal(proposal=proposal, by=request.user, beneficiary=data["beneficiary"]),
        done=_("The proposal is sent. The organization is told and decides whether to adopt it."),
        then=lambda _proposal: redirect("opportunities:proposal", org_slug=organization.slug, pk=proposal.pk),
    )
    return saved or _detail(request, organization, membership, proposal, send_form=form)


@login_required
@require_POST
def withdraw(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, _membership, proposal = access.get_proposal_for_member(request.user, pk, slug=org_slug, manage=True)
    try:
        services.withdraw_proposal(proposal=proposal, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect("opportunities:proposal", org_slug=organization.slug, pk=proposal.pk)
