"""Reads of the agreements app that other apps ask for through their hooks. Never writes."""

from khibra.opportunities.models import Opportunity

from .models import PartnerAgreement, PartnerAgreementStatus, ShortlistKind


def partner_involved(opportunity: Opportunity) -> bool:
    """A company or another provider takes part: a partner agreement that was not withdrawn, or
    companies on the opportunity's shortlist (answers `opportunities.hooks.partner_involved`)."""
    return (
        PartnerAgreement.objects.filter(opportunity=opportunity).exclude(status=PartnerAgreementStatus.WITHDRAWN).exists()
        or opportunity.shortlist.filter(kind=ShortlistKind.COMPANIES).exists()
    )
