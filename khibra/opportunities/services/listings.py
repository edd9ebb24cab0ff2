"""Listings close themselves: a published opportunity stops taking applications once its
application deadline (the start date when none is set) or its end date has passed.

The housekeeping job (`opportunities.close_due_listings`, hourly, in OpportunitiesConfig.ready())
is idempotent: each listing is closed by one conditional UPDATE (published → closed), and only
the run that closed it tells the apps above (`hooks.listing_closed`: recruitment tells the pending
applicants), so a second run, or two workers at once, tell nobody twice.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from khibra.core import audit

from .. import hooks
from ..models import Opportunity, OpportunityStatus

logger = logging.getLogger(__name__)


def close_due_listings(*, today: dt.date | None = None, dry_run: bool = False) -> int:
    """Close every published listing past its deadline or end date; returns how many closed."""
    today = today or timezone.localdate()
    due = list(Opportunity.objects.past_deadline(today).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return len(due)
    closed = 0
    for pk in due:
        with transaction.atomic():
            if not Opportunity.objects.filter(pk=pk, status=OpportunityStatus.PUBLISHED).update(
                status=OpportunityStatus.CLOSED, updated_at=timezone.now()
            ):
                continue  # closed meanwhile, by a person or another worker
            opportunity = Opportunity.objects.select_related("organization").get(pk=pk)
            audit.record(
                actor=None,
                verb="opportunity.closed_at_deadline",
                target=opportunity,
                organization=opportunity.organization,
                applications_closed_on=str(opportunity.applications_close_on or ""),
                ends_on=str(opportunity.ends_on or ""),
            )
            hooks.listing_closed(opportunity)
            closed += 1
    if closed:
        logger.info("closed %s listings past their deadline", closed)
    return closed
