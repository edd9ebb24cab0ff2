from django.db import transaction
from django.http import HttpRequest

from khibra.core import audit
from khibra.core.http import client_ip, user_agent

from .models import Policy, PolicyAcceptance, PolicyKind, User


def current_policy(kind: str) -> Policy | None:
    return Policy.objects.filter(kind=kind).order_by("-version").first()


def has_accepted_current(user: User, kind: str) -> bool:
    policy = current_policy(kind)
    if policy is None or not user.is_authenticated:
        return False
    return PolicyAcceptance.objects.filter(user=user, policy=policy, withdrawn_at__isnull=True).exists()


@transaction.atomic
def accept_policy(*, user: User, kind: str, request: HttpRequest | None = None) -> PolicyAcceptance:
    """Record that the user accepts the version of the policy in force now. Idempotent."""
    policy = current_policy(kind)
    if policy is None:
        raise Policy.DoesNotExist(f"no {kind} policy is published")
    acceptance, created = PolicyAcceptance.objects.get_or_create(
        user=user,
        policy=policy,
        defaults={
            "ip_address": client_ip(request) if request else None,
            "user_agent": user_agent(request) if request else "",
        },
    )
    if not created and acceptance.withdrawn_at is not None:
        acceptance.withdrawn_at = None
        acceptance.save(update_fields=["withdrawn_at"])
        created = True
    if created:
        audit.record(actor=user, verb=f"policy.{kind}.accepted", target=acceptance, version=policy.version)
    return acceptance


def accept_privacy(*, user: User, request: HttpRequest | None = None) -> PolicyAcceptance:
    return accept_policy(user=user, kind=PolicyKind.PRIVACY, request=request)
