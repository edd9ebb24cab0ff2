"""State changes of teams: the team and its members (membership.py) and taking on an opportunity
as a team (assignments.py). Reads, what stops a team from applying included, are in
teams.selectors."""

from .assignments import (
    accept_assignment,
    apply_as_team,
    decline_assignment,
    withdraw_assignment,
)
from .membership import (
    accept_invitation,
    create_team,
    decline_invitation,
    hand_over_leadership,
    invite_member,
    leave_team,
    remove_member,
)

__all__ = [
    "accept_assignment",
    "accept_invitation",
    "apply_as_team",
    "create_team",
    "decline_assignment",
    "decline_invitation",
    "hand_over_leadership",
    "invite_member",
    "leave_team",
    "remove_member",
    "withdraw_assignment",
]
