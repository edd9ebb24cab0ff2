from datetime import timedelta
import hashlib
import hmac
import secrets

from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _, ngettext

from khibra.core import audit, sms
from khibra.core.http import client_ip, user_agent

from . import hooks
from .models import PhoneCode, Policy, PolicyAcceptance, PolicyKind, User
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


# --- One-time codes for a mobile number ------------------------------------------------------------

_PERIODS = {"m": 60, "h": 3600, "d": 86400}


def _period_seconds(text: str) -> int:
    """A period such as "10m" or "h", in seconds."""
    count, unit = text[:-1], text[-1]
    return (int(count) if count else 1) * _PERIODS[unit]


def _within_limits(scope: str, who: str, limits: list[str]) -> bool:
    """Count one more request for `who` against each "count/period" limit (in the shared cache,
    so every process sees the same counts); False when one is exceeded."""
    key_base = hashlib.sha256(f"{scope}:{who}".encode()).hexdigest()[:32]
    allowed = True
    for limit in limits:
        count, period = limit.split("/")
        key = f"phone-code:{key_base}:{period}"
        if cache.add(key, 1, timeout=_period_seconds(period)):
            used = 1
        else:
            try:
                used = cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, timeout=_period_seconds(period))
                used = 1
        allowed = allowed and used <= int(count)
    return allowed


def _code_hash(user: User, phone: str, code: str) -> str:
    message = f"{user.pk}:{phone}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _masked(phone: str) -> str:
    return f"{phone[:4]}•••••{phone[-3:]}"


def send_phone_code(*, user: User, phone: str, request: HttpRequest | None = None) -> PhoneCode:
    """Send a new six-digit code to `phone` (already normalised, +9665XXXXXXXX). An earlier code
    for the same number stops working. Limited per number and per address."""
    if not _within_limits("number", phone, settings.PHONE_CODE_LIMITS_PER_NUMBER) or not _within_limits(
        "address", (client_ip(request) if request else None) or "-", settings.PHONE_CODE_LIMITS_PER_ADDRESS
    ):
        raise ValidationError(_("Too many codes were asked for. Wait a while, then ask again."), code="throttled")
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.filter(user=user, used_at__isnull=True).delete()
        row = PhoneCode.objects.create(
            user=user,
            phone=phone,
            code_hash=_code_hash(user, phone, code),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.PHONE_CODE_MINUTES),
        )
        minutes = settings.PHONE_CODE_MINUTES
        with translation.override(user.preferred_language or "ar"):
            body = ngettext(
                "Your Khibra code is %(code)s. It works for %(counter)s minute. Do not share it with anyone.",
                "Your Khibra code is %(code)s. It works for %(counter)s minutes. Do not share it with anyone.",
                minutes,
            ) % {"code": code, "counter": minutes}
        try:
            message_id = sms.send_sms(to=phone, body=body)
        except sms.SmsRejected:
            transaction.set_rollback(True)
            raise ValidationError(
                _("This number cannot receive text messages. Check it, or use another mobile number."), code="rejected"
            ) from None
        except sms.SmsUnavailable:
            transaction.set_rollback(True)
            raise ValidationError(
                _("We could not send the code just now. Try again in a few minutes."), code="unavailable"
            ) from None
        audit.record(actor=user, verb="phone.code.sent", target=user, phone=_masked(phone), message=message_id)
    return row


def check_phone_code(*, user: User, phone: str, code: str) -> None:
    """Accept the code once, or raise a ValidationError that says why (a wrong try is counted
    even though the error is raised)."""
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    with transaction.atomic():
        row = (
            PhoneCode.objects.select_for_update()
            .filter(user=user, phone=phone, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= timezone.now():
            problem = ValidationError(
                _("This code has expired or was already used. Ask for a new one."), code="expired"
            )
        elif row.attempts >= settings.PHONE_CODE_ATTEMPTS:
            problem = ValidationError(_("Too many wrong codes. Ask for a new one."), code="attempts")
        elif not hmac.compare_digest(row.code_hash, _code_hash(user, phone, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            problem = ValidationError(_("This code is not right. Check the message and try again."), code="wrong")
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            audit.record(actor=user, verb="phone.verified", target=user, phone=_masked(phone))
            problem = None
    if problem is not None:
        raise problem


def delete_old_phone_codes() -> int:
    """Codes are kept a day after they expire (for support questions), then deleted."""
    deleted, _rows = PhoneCode.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted


@transaction.atomic
def set_activity_emails(*, user: User, on: bool) -> User:
    """Whether the volunteers' hours, work and weekly reports that reach this manager also come
    by e-mail (they always arrive in the app)."""
    if user.emails_on_volunteer_work != on:
        user.emails_on_volunteer_work = on
        user.save(update_fields=["emails_on_volunteer_work"])
    return user
