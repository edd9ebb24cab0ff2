"""Step 4: generating, accepting and signing agreements, and the partner shortlists.

Each function is one use case: it checks who may act (`PermissionDenied`) and the business rules
(`ValidationError` with a translated message), writes, and records an audit row in the same
transaction. Views, the API, commands and tests all go through here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from khibra.accounts.selectors import has_accepted_current
from khibra.core import audit
from khibra.core.http import client_ip, user_agent
from khibra.core.notify import tell
from khibra.opportunities.models import Opportunity, OpportunityStatus, ServiceModel
from khibra.organizations.access import require_manager
from khibra.organizations.models import Organization, OrganizationKind

from . import access, content
from .access import sides_of
from .models import (
    AgreementAcceptance,
    PartnerAgreement,
    PartnerAgreementStatus,
    ShortlistEntry,
    ShortlistKind,
    VolunteerAgreement,
)
from .selectors import SHORTLIST_RANGES, current_agreement

# The terms of a partnership agreement that its form edits (everything else is workflow state).
PARTNER_TERMS = frozenset(
    {
        "impact_preamble",
        "volunteers_count",
        "starts_on",
        "ends_on",
        "partner_obligations",
        "resources",
        "tools",
        "incentives",
        "communication_channels",
        "communication_frequency",
        "deliverables_follow_up",
        "outputs_ownership",
        "dispute_resolution",
        "termination_notice_days",
    }
)

# --- helpers ---------------------------------------------------------------------------------


def _skips_agreements(opportunity: Opportunity) -> bool:
    """Free commercial services skip step 4: the company delivers its service, nobody volunteers."""
    return opportunity.service_model == ServiceModel.FREE_COMMERCIAL


def _no_agreement_error() -> ValidationError:
    return ValidationError(
        _("This opportunity is a free commercial service: the agreements step is skipped, so it has no volunteer agreement."),
        code="free_commercial",
    )


# --- volunteer agreements --------------------------------------------------------------------


@transaction.atomic
def generate_volunteer_agreement(*, opportunity: Opportunity, by) -> VolunteerAgreement:
    """Freeze the opportunity's description as the next version of its agreement.

    A new version is made only when the text changed: the same fingerprint returns the current one.
    """
    opportunity = Opportunity.objects.select_for_update().select_related("organization").get(pk=opportunity.pk)
    require_manager(opportunity.organization, by)
    if _skips_agreements(opportunity):
        raise _no_agreement_error()
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError(_("This opportunity was cancelled; its agreement can no longer change."), code="cancelled")
    return _next_version(opportunity, by=by)


def _next_version(opportunity: Opportunity, *, by) -> VolunteerAgreement:
    """The current version when the text did not change, else a new version. Volunteers who
    accepted an earlier version are told to read and accept the new one: their hours and
    submissions wait until they do (selectors.agreement_gate)."""
    built = content.build_volunteer_agreement(opportunity)
    digest = content.fingerprint(built)
    current = current_agreement(opportunity)
    if current is not None and current.content_hash == digest:
        return current
    agreement = VolunteerAgreement(
        opportunity=opportunity,
        version=(current.version + 1) if current else 1,
        content=built,
        content_hash=digest,
        generated_by=by,
    )
    # An edit's new version has no generating manager (generated_by stays empty).
    agreement.full_clean(exclude=None if by is not None else ["generated_by"])
    agreement.save()
    audit.record(
        actor=by,
        verb="agreement.generated",
        target=agreement,
        organization=opportunity.organization,
        opportunity=opportunity.pk,
        version=agreement.version,
        fingerprint=digest,
    )
    if current is not None:
        _tell_new_version(agreement)
    return agreement


def _tell_new_version(agreement: VolunteerAgreement) -> None:
    """In-app and by e-mail (the outbox), in each volunteer's language."""
    from django.contrib.auth import get_user_model

    opportunity = agreement.opportunity
    accepted_before = AgreementAcceptance.objects.filter(agreement__opportunity=opportunity).exclude(agreement=agreement)
    people = get_user_model().objects.filter(pk__in=accepted_before.values("volunteer_id"), is_active=True).order_by("pk")
    for user in people:
        tell(
            user,
            kind="agreement.new_version",
            title=lambda: _("The agreement of “%(title)s” has changed") % {"title": opportunity.title},
            body=lambda: _(
                "Version %(version)d replaces the one you accepted. Read and accept it: logging hours and "
                "submitting work pause until you do."
            ) % {"version": agreement.version},
            url=reverse("agreements:detail", args=[agreement.pk]),
            dedupe_key=f"agreement.new_version:{agreement.pk}:{user.pk}",
        )


def on_opportunity_changed(opportunity: Opportunity) -> VolunteerAgreement | None:
    """The opportunity's description is its agreement: once a volunteer has accepted a version,
    an edit that changes the text makes a new version at once (answers
    opportunities.hooks.opportunity_changed, inside the edit's transaction)."""
    if _skips_agreements(opportunity) or opportunity.status == OpportunityStatus.CANCELLED:
        return None
    if not AgreementAcceptance.objects.filter(agreement__opportunity=opportunity).exists():
        return None  # nobody accepted yet: the manager regenerates when ready
    return _next_version(opportunity, by=None)  # the edit's own audit row says who edited


@transaction.atomic
def accept_volunteer_agreement(
    *, agreement: VolunteerAgreement, volunteer, request: HttpRequest | None = None
) -> AgreementAcceptance:
    """Record that `volunteer` accepts this version: who, when, which version, from where. Idempotent."""
    # Lock the opportunity so that no new version appears between the check and the write.
    opportunity = Opportunity.objects.select_for_update().select_related("organization").get(pk=agreement.opportunity_id)
    existing = AgreementAcceptance.objects.filter(agreement=agreement, volunteer=volunteer).first()
    if existing is not None:
        return existing
    if not access.can_accept(volunteer, agreement):
        raise PermissionDenied(_("You cannot accept this agreement."))
    latest = current_agreement(opportunity)
    if latest is None or latest.pk != agreement.pk:
        raise ValidationError(
            _("This version of the agreement has been replaced. Read and accept the latest version."), code="not_latest"
        )
    if not has_accepted_current(volunteer, "charter"):
        raise ValidationError(
            _("Accept the volunteer ethics charter before accepting an agreement."), code="charter_required"
        )
    acceptance = AgreementAcceptance(
        agreement=agreement,
        volunteer=volunteer,
        ip_address=client_ip(request) if request else None,
        user_agent=user_agent(request) if request else "",
    )
    acceptance.full_clean()
    acceptance.save()
    audit.record(
        actor=volunteer,
        verb="agreement.accepted",
        target=acceptance,
        organization=opportunity.organization,
        agreement=agreement.pk,
        version=agreement.version,
        fingerprint=agreement.content_hash,
    )
    return acceptance


# --- partnership agreements ------------------------------------------------------------------


def _check_terms(terms: dict) -> None:
    unknown = set(terms) - PARTNER_TERMS
    if unknown:
        raise TypeError(f"not partner agreement terms: {', '.join(sorted(unknown))}")


def _clean_partner(agreement: PartnerAgreement) -> None:
    """The model's rules with readable messages (the database constraints say the same)."""
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
    agreement.full_clean()


@transaction.atomic
def create_partner_agreement(
    *, organization: Organization, partner: Organization, opportunity: Opportunity, by, **terms
) -> PartnerAgreement:
    """A draft partnership between a non-profit and a verified volunteer provider for one opportunity."""
    _check_terms(terms)
    require_manager(organization, by)
    if organization.kind != OrganizationKind.NONPROFIT:
        raise ValidationError(_("Only a non-profit organization can propose a partnership agreement."), code="not_nonprofit")
    if partner.pk == organization.pk or not partner.is_provider or not partner.is_verified:
        raise ValidationError(
            {"partner": _("Choose a verified company, government body or university as the partner.")}, code="bad_partner"
        )
    if opportunity.organization_id != organization.pk:
        raise ValidationError({"opportunity": _("Choose one of your organization's opportunities.")}, code="bad_opportunity")
    if _skips_agreements(opportunity):
        raise _no_agreement_error()
    agreement = PartnerAgreement(
        organization=organization, partner=partner, opportunity=opportunity, created_by=by, **terms
    )
    _clean_partner(agreement)
    agreement.save()
    audit.record(
        actor=by, verb="partner_agreement.created", target=agreement, organization=organization, partner=partner.pk
    )
    return agreement


def _lock(agreement: PartnerAgreement) -> PartnerAgreement:
    return (
        PartnerAgreement.objects.select_for_update()
        .select_related("organization", "partner", "opportunity")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def update_partner_agreement(*, agreement: PartnerAgreement, by, **terms) -> PartnerAgreement:
    """Change the terms. A draft changes in place; once proposed, any change is a new version
    (version + 1) and both acceptances are cleared, so the partner is asked again.
    Signed and withdrawn agreements do not change."""
    _check_terms(terms)
    agreement = _lock(agreement)
    require_manager(agreement.organization, by)
    if agreement.status in (PartnerAgreementStatus.SIGNED, PartnerAgreementStatus.WITHDRAWN):
        raise ValidationError(_("A signed or withdrawn agreement cannot be changed."), code="closed")
    changed = sorted(name for name, value in terms.items() if getattr(agreement, name) != value)
    if not changed:
        return agreement
    for name in changed:
        setattr(agreement, name, terms[name])
    if agreement.status == PartnerAgreementStatus.PROPOSED:
        agreement.version += 1
        agreement.organization_accepted_at = agreement.partner_accepted_at = None
        agreement.organization_accepted_by = agreement.partner_accepted_by = None
    _clean_partner(agreement)
    agreement.save()
    audit.record(
        actor=by,
        verb="partner_agreement.updated",
        target=agreement,
        organization=agreement.organization,
        version=agreement.version,
        fields=changed,
    )
    return agreement


@transaction.atomic
def propose_partner_agreement(*, agreement: PartnerAgreement, by) -> PartnerAgreement:
    """Send a draft to the partner. Annex A must exist: generate the volunteer agreement first."""
    agreement = _lock(agreement)
    require_manager(agreement.organization, by)
    if agreement.status != PartnerAgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent to the partner."), code="not_draft")
    if current_agreement(agreement.opportunity) is None:
        raise ValidationError(
            _("Generate the volunteer agreement of the opportunity first: it is annex A of the partnership."),
            code="no_annex",
        )
    agreement.status = PartnerAgreementStatus.PROPOSED
    agreement.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by, verb="partner_agreement.proposed", target=agreement, organization=agreement.organization, version=agreement.version
    )
    return agreement


@transaction.atomic
def accept_partner_agreement(*, agreement: PartnerAgreement, by) -> PartnerAgreement:
    """Accept a proposed agreement for the user's party. When both parties have accepted it is
    signed and its text (both languages, annex A included) is frozen in `content`."""
    agreement = _lock(agreement)
    sides = sides_of(agreement, by)
    if not sides:
        raise PermissionDenied(_("Only an admin or manager of one of the two parties can accept this agreement."))
    if agreement.status != PartnerAgreementStatus.PROPOSED:
        raise ValidationError(_("Only an agreement sent to the partner can be accepted."), code="not_proposed")
    now = timezone.now()
    accepted = []
    if "organization" in sides and agreement.organization_accepted_at is None:
        agreement.organization_accepted_at, agreement.organization_accepted_by = now, by
        accepted.append("organization")
    if "partner" in sides and agreement.partner_accepted_at is None:
        agreement.partner_accepted_at, agreement.partner_accepted_by = now, by
        accepted.append("partner")
    if not accepted:
        return agreement
    if agreement.organization_accepted_at and agreement.partner_accepted_at:
        annex = current_agreement(agreement.opportunity)
        agreement.status = PartnerAgreementStatus.SIGNED
        agreement.content = content.build_partner_agreement(agreement, annex)
    agreement.full_clean()
    agreement.save()
    for side in accepted:
        audit.record(
            actor=by,
            verb=f"partner_agreement.accepted_for_{side}",
            target=agreement,
            organization=agreement.organization if side == "organization" else agreement.partner,
            version=agreement.version,
        )
    if agreement.status == PartnerAgreementStatus.SIGNED:
        audit.record(
            actor=by, verb="partner_agreement.signed", target=agreement, organization=agreement.organization, version=agreement.version
        )
    return agreement


@transaction.atomic
def withdraw_partner_agreement(*, agreement: PartnerAgreement, by) -> PartnerAgreement:
    """Either party steps back from a draft or proposal. A signed agreement ends with its term,
    or earlier by a written agreement of both parties, not by a click."""
    agreement = _lock(agreement)
    sides = sides_of(agreement, by)
    if agreement.status == PartnerAgreementStatus.DRAFT:
        sides.discard("partner")  # the partner does not see drafts
    if not sides:
        raise PermissionDenied(_("Only an admin or manager of one of the two parties can withdraw this agreement."))
    if agreement.status not in (PartnerAgreementStatus.DRAFT, PartnerAgreementStatus.PROPOSED):
        raise ValidationError(_("Only a draft or a proposal can be withdrawn."), code="not_open")
    agreement.status = PartnerAgreementStatus.WITHDRAWN
    agreement.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        verb="partner_agreement.withdrawn",
        target=agreement,
        organization=agreement.organization,
        side=sorted(sides)[0],
    )
    return agreement


# --- shortlists ------------------------------------------------------------------------------


@transaction.atomic
def add_shortlist_entry(
    *,
    opportunity: Opportunity,
    by,
    kind: str,
    name: str = "",
    provider: Organization | None = None,
    contact: str = "",
    note: str = "",
) -> ShortlistEntry:
    """Add a candidate company (optionally a provider on Khibra) or a job title to a shortlist."""
    opportunity = Opportunity.objects.select_for_update().select_related("organization").get(pk=opportunity.pk)
    require_manager(opportunity.organization, by)
    if kind not in SHORTLIST_RANGES:
        raise ValidationError({"kind": _("Choose a list.")}, code="bad_kind")
    if provider is not None:
        if kind != ShortlistKind.COMPANIES:
            raise ValidationError({"provider": _("Only a candidate company can be linked to a provider on Khibra.")})
        if not (provider.is_provider and provider.is_verified):
            raise ValidationError({"provider": _("Choose a verified company, government body or university.")})
    name = (name or "").strip() or ((provider.name_ar or provider.name_en) if provider else "")
    if not name:
        raise ValidationError({"name": _("Write a name.")}, code="required")
    low, high = SHORTLIST_RANGES[kind]
    count = ShortlistEntry.objects.filter(opportunity=opportunity, kind=kind).count()
    if count >= high:
        raise ValidationError(
            ngettext(
                "This list already has its maximum of %(count)d entry.",
                "This list already has its maximum of %(count)d entries.",
                high,
            )
            % {"count": high},
            code="full",
        )
    if ShortlistEntry.objects.filter(opportunity=opportunity, kind=kind, name=name).exists():
        raise ValidationError({"name": _("This name is already on the list.")}, code="duplicate")
    entry = ShortlistEntry(
        opportunity=opportunity, kind=kind, name=name, provider=provider, contact=contact.strip(), note=note.strip()
    )
    entry.full_clean()
    entry.save()
    audit.record(
        actor=by, verb="shortlist.added", target=entry, organization=opportunity.organization, kind=kind, name=name
    )
    return entry


@transaction.atomic
def remove_shortlist_entry(*, entry: ShortlistEntry, by) -> None:
    opportunity = entry.opportunity
    require_manager(opportunity.organization, by)
    audit.record(
        actor=by,
        verb="shortlist.removed",
        target=entry,
        organization=opportunity.organization,
        kind=entry.kind,
        name=entry.name,
    )
    entry.delete()
