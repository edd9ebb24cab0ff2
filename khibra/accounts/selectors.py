from .models import Policy, PolicyAcceptance, User


def current_policy(kind: str) -> Policy | None:
    return Policy.objects.filter(kind=kind).order_by("-version").first()


def has_accepted_current(user: User, kind: str) -> bool:
    policy = current_policy(kind)
    if policy is None or not user.is_authenticated:
        return False
    return PolicyAcceptance.objects.filter(user=user, policy=policy, withdrawn_at__isnull=True).exists()
