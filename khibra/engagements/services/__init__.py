"""What changes an engagement, one use case per function: its lifecycle (lifecycle.py), the
workspace (workspace.py), care (care.py) and housekeeping (housekeeping.py). Reads, who takes part
included, are in engagements.selectors."""

from .care import amend_engagement, log_issue, resolve_issue, send_check_in
from .housekeeping import engagement_housekeeping
from .lifecycle import close_engagement, start_engagement, withdraw_accepted_application, withdraw_engagement
from .parties import tell_arrival
from .workspace import (
    add_comment,
    prepare_workspace,
    review_work,
    set_onboarding_step,
    sniff_upload,
    start_work,
    submit_weekly_report,
    submit_work,
)

__all__ = [
    "add_comment",
    "amend_engagement",
    "close_engagement",
    "engagement_housekeeping",
    "log_issue",
    "prepare_workspace",
    "resolve_issue",
    "review_work",
    "send_check_in",
    "set_onboarding_step",
    "sniff_upload",
    "tell_arrival",
    "start_engagement",
    "start_work",
    "submit_weekly_report",
    "submit_work",
    "withdraw_accepted_application",
    "withdraw_engagement",
]
