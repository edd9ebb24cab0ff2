from .models import Policy, PolicyAcceptance, User


def current_policy(kind: str) -> Policy | None:
    return Policy.objects.filter(kind=kind).order_by("-version").first()


def has_accepted_current(user: User, kind: str) -> bool:
    policy = current_policy(kind)
    if policy is None or not user.is_authenticated:
        return False
    return PolicyAcceptance.objects.filter(user=user, policy=policy, withdrawn_at__isnull=True).exists()


def national_sso_login_url(request, **params) -> str:
    """Where a "sign in with the national single sign-on" form posts; "" when it is not configured."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    try:
        provider = get_adapter().get_provider(request, "national_sso")
    except SocialApp.DoesNotExist:
        return ""
    return provider.get_login_url(request, **params)
