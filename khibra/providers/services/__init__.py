"""State changes of provider programs: programs and e-mail domains (programs.py), members
(members.py), participations and suggestions (participations.py). Reads are in providers.selectors."""

from .members import (
    accept_invitation,
    decline_member,
    invite_member,
    join_by_domain,
    leave,
    request_to_join,
    revoke_invitation,
    set_member_program,
    set_sharing,
    verify_member,
)
from .participations import approve_participation, decline_participation, open_participations, suggest_member
from .programs import add_domain, close_program, create_program, remove_domain

__all__ = [
    "accept_invitation",
    "add_domain",
    "approve_participation",
    "close_program",
    "create_program",
    "decline_member",
    "decline_participation",
    "invite_member",
    "join_by_domain",
    "leave",
    "open_participations",
    "remove_domain",
    "request_to_join",
    "revoke_invitation",
    "set_member_program",
    "set_sharing",
    "suggest_member",
    "verify_member",
]
