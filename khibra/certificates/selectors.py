"""Reads for the portfolio pages."""

from dataclasses import dataclass, field
from decimal import Decimal

from khibra.engagements.models import Engagement, EngagementStatus

from .models import Certificate, Credit, Thanks


@dataclass
class Portfolio:
    hours: Decimal
    completed: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    thanks: list = field(default_factory=list)


def portfolio(profile, *, public: bool) -> Portfolio:
    """Verified (approved) hours, completed opportunities, certificates and thanks.

    The public version keeps valid certificates only and the thanks the volunteer allowed."""
    from .services import verified_hours

    engagements = list(Engagement.objects.filter(volunteer=profile).select_related("opportunity__organization").order_by("-ended_on", "-pk"))
    hours = verified_hours(profile)
    credits = {credit.engagement_id: credit for credit in Credit.objects.filter(engagement__volunteer=profile)}
    completed = [e for e in engagements if e.status == EngagementStatus.COMPLETED]
    for engagement in completed:
        engagement.credit_line = credits.get(engagement.pk)
    certificates = Certificate.objects.filter(volunteer=profile).select_related("organization")
    thanks = Thanks.objects.filter(volunteer=profile).select_related("organization", "engagement__opportunity")
    if public:
        certificates = certificates.valid()
        thanks = thanks.filter(shown_publicly=True)
    return Portfolio(hours=hours, completed=completed, certificates=list(certificates), thanks=list(thanks))
