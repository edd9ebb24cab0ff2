"""Reads of agreements for the pages, the rules and the apps above. Never writes."""

from dataclasses import dataclass
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from khibra.opportunities.models import Opportunity
from khibra.opportunities.service_model_chooser import skips_agreements

from .models import (
    AgreementAcceptance,
    PartnerAgreement,
    PartnerAgreementStatus,
    ShortlistEntry,
    ShortlistKind,
    VolunteerAgreement,
)

# The guide's shortlists: 5–10 candidate companies, or 3–6 job titles able to meet the need.
SHORTLIST_RANGES = {ShortlistKind.COMPANIES: (5, 10), ShortlistKind.JOB_TITLES: (3, 6)}


def current_agreement(opportunity: Opportunity) -> VolunteerAgreement | None:
    """The latest version of the opportunity's agreement, or None before the first is generated."""
    return VolunteerAgreement.objects.filter(opportunity=opportunity).order_by("-version").first()


# The stable code of the refusal (the API answers with it).
AGREEMENT_NOT_ACCEPTED = "agreement_not_accepted"


@dataclass(frozen=True)
class AgreementGate:
    """Whether a volunteer's agreement opens the work on an opportunity.

    Until the volunteer accepts the current version of the opportunity's agreement there are no
    hours, no submissions, no completion and no certificate. Service models that skip step 4 (free
    commercial services) need no agreement: `required` is False and the gate is open.
    """

    required: bool
    agreement: VolunteerAgreement | None  # the current version (None before the first is generated)
    accepted: bool  # the volunteer accepted the current version
    accepted_earlier: bool  # the volunteer accepted an earlier version only: a new version waits

    @property
    def is_open(self) -> bool:
        return not self.required or self.accepted


def agreement_gate(*, user, opportunity: Opportunity) -> AgreementGate:
    """The gate of `user` (the volunteer's account) on `opportunity`. Two queries at most."""
    if skips_agreements(opportunity):
        return AgreementGate(required=False, agreement=None, accepted=False, accepted_earlier=False)
    current = current_agreement(opportunity)
    versions = set(
        AgreementAcceptance.objects.filter(agreement__opportunity=opportunity, volunteer=user).values_list(
            "agreement_id", flat=True
        )
    ) if getattr(user, "pk", None) else set()
    accepted = current is not None and current.pk in versions
    return AgreementGate(required=True, agreement=current, accepted=accepted, accepted_earlier=bool(versions) and not accepted)


def require_agreement_accepted(*, user, opportunity: Opportunity, by_volunteer: bool = True) -> AgreementGate:
    """Refuse (ValidationError, code `agreement_not_accepted`) while the volunteer has not accepted
    the current version of the agreement. `by_volunteer` chooses the wording: the volunteer acts
    (hours, submissions), or the organization acts on their engagement (completion, certificates)."""
    gate = agreement_gate(user=user, opportunity=opportunity)
    if gate.is_open:
        return gate
    if not by_volunteer:
        message = _(
            "The volunteer has not accepted the current version of the agreement yet: completion and "
            "certificates wait until they accept it."
        )
    elif gate.accepted_earlier:
        message = _(
            "The agreement has changed since you accepted it. Read and accept the new version: logging "
            "hours and submitting work resume once you do."
        )
    else:
        message = _("Read and accept the volunteer agreement first: logging hours and submitting work open once you accept it.")
    raise ValidationError(message, code=AGREEMENT_NOT_ACCEPTED)


def needs_acceptance(*, volunteer, opportunity: Opportunity) -> bool:
    """Whether the volunteer still has to accept the opportunity's agreement.

    A changed agreement is a new version, so accepting an older one does not count. False when
    there is nothing to accept (no agreement yet, or a free commercial service). The work itself
    is gated by `agreement_gate`, which stays closed while no agreement exists.
    """
    gate = agreement_gate(user=volunteer, opportunity=opportunity)
    return gate.required and gate.agreement is not None and not gate.accepted


def signed_partner_agreement(*, organization, partner, opportunity: Opportunity, on: dt.date | None = None) -> PartnerAgreement | None:
    """The partnership agreement signed by both parties for this opportunity and in force on `on`
    (today by default), or None. A provider's team works on a non-profit's opportunity only under one."""
    on = on or timezone.localdate()
    return (
        PartnerAgreement.objects.filter(
            organization=organization, partner=partner, opportunity=opportunity,
            status=PartnerAgreementStatus.SIGNED, ends_on__gte=on,
        )
        .order_by("-version", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ShortlistStatus:
    kind: str
    label: str
    count: int
    low: int
    high: int
    met: bool
    message: str


def shortlist_status(opportunity: Opportunity) -> dict[str, ShortlistStatus]:
    """How far each shortlist is from the guide's range, in words: {"companies": …, "job_titles": …}."""
    counts = {kind: 0 for kind in SHORTLIST_RANGES}
    for entry in ShortlistEntry.objects.filter(opportunity=opportunity).values_list("kind", flat=True):
        counts[entry] = counts.get(entry, 0) + 1
    status = {}
    for kind, (low, high) in SHORTLIST_RANGES.items():
        count = counts[kind]
        missing = low - count
        if missing > 0:
            if kind == ShortlistKind.COMPANIES:
                message = ngettext(
                    "Add at least %(missing)d more company: the guide recommends %(low)d to %(high)d.",
                    "Add at least %(missing)d more companies: the guide recommends %(low)d to %(high)d.",
                    missing,
                )
            else:
                message = ngettext(
                    "Add at least %(missing)d more job title: the guide recommends %(low)d to %(high)d.",
                    "Add at least %(missing)d more job titles: the guide recommends %(low)d to %(high)d.",
                    missing,
                )
        else:
            message = _("Within the recommended range of %(low)d to %(high)d.")
        status[kind.value] = ShortlistStatus(
            kind=kind.value,
            label=kind.label,
            count=count,
            low=low,
            high=high,
            met=missing <= 0,
            message=message % {"missing": missing, "low": low, "high": high},
        )
    return status


def partner_involved(opportunity: Opportunity) -> bool:
    """A company or another provider takes part: a partner agreement that was not withdrawn, or
    companies on the opportunity's shortlist (answers `opportunities.hooks.partner_involved`)."""
    return (
        PartnerAgreement.objects.filter(opportunity=opportunity).exclude(status=PartnerAgreementStatus.WITHDRAWN).exists()
        or opportunity.shortlist.filter(kind=ShortlistKind.COMPANIES).exists()
    )
