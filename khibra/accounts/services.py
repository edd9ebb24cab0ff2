from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest

from khibra.core import audit
from khibra.core.http import client_ip, user_agent

from . import hooks
from .models import Policy, PolicyAcceptance, PolicyKind, User
from .selectors import current_policy


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
        if kind == PolicyKind.PRIVACY:
            hooks.privacy_notice_accepted(acceptance=acceptance, request=request)  # privacy: the consents
    return acceptance


def accept_privacy(*, user: User, request: HttpRequest | None = None) -> PolicyAcceptance:
    return accept_policy(user=user, kind=PolicyKind.PRIVACY, request=request)


def answer_signup_for_taken_email(*, request: HttpRequest, email: str, password: str) -> None:
    """A sign-up for an address that already has an account creates nothing; the owner gets an
    e-mail saying somebody tried (allauth's "account already exists" message). The password is
    hashed all the same so that a taken address does not answer measurably faster."""
    make_password(password)
    send_verification_email_to_address(request, EmailAddress(email=email), signup=True)


@transaction.atomic
def set_activity_emails(*, user: User, on: bool) -> User:
    """Whether the volunteers' hours, work and weekly reports that reach this manager also come
    by e-mail (they always arrive in the app)."""
    if user.emails_on_volunteer_work != on:
        user.emails_on_volunteer_work = on
        user.save(update_fields=["emails_on_volunteer_work"])
    return user
