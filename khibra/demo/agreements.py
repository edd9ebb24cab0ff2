"""The demo volunteers read and accept their agreements, as the product asks before any work."""

from khibra.accounts.selectors import has_accepted_current
from khibra.accounts.services import accept_policy
from khibra.agreements import services as agreement_services
from khibra.agreements.selectors import agreement_gate
from khibra.engagements.models import Engagement


def accept_current_agreement(engagement: Engagement) -> None:
    """Accept the current version of the engagement's agreement (through the service) unless it
    is accepted already or the service model needs none: hours and submissions open after it."""
    user = engagement.volunteer.user
    gate = agreement_gate(user=user, opportunity=engagement.opportunity)
    if gate.is_open or gate.agreement is None:
        return
    if not has_accepted_current(user, "charter"):
        accept_policy(user=user, kind="charter")
    agreement_services.accept_volunteer_agreement(agreement=gate.agreement, volunteer=user)
