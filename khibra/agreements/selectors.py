"""Reads of agreements for the pages, the rules and the apps above. Never writes."""

from dataclasses import dataclass

from django.utils.translation import gettext as _, ngettext

from khibra.opportunities.models import Opportunity

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


def needs_acceptance(*, volunteer, opportunity: Opportunity) -> bool:
    """Whether the volunteer still has to accept the opportunity's agreement.

    A changed agreement is a new version, so accepting an older one does not count. False when
    there is nothing to accept (no agreement yet, or a free commercial service).
    """
    current = current_agreement(opportunity)
    if current is None:
        return False
    return not AgreementAcceptance.objects.filter(agreement=current, volunteer=volunteer).exists()


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
