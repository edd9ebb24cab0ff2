"""Consents under the Saudi PDPL and the records of who saw or took personal data: the privacy
notice's consents, optional consents given and withdrawn, exports and staff access."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from khibra.accounts.models import PolicyAcceptance, User
from khibra.core import audit

from .models import OPTIONAL_PURPOSES, Consent, ConsentSource, Purpose

# --- consents ---------------------------------------------------------------------------------


def source_of(request: HttpRequest | None) -> str:
    if request is None:
        return ConsentSource.SYSTEM
    if request.path.startswith("/api/"):
        return ConsentSource.API
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "account_signup":
        return ConsentSource.SIGNUP
    return ConsentSource.WEB


@transaction.atomic
def record_notice_consent(*, acceptance: PolicyAcceptance, request: HttpRequest | None = None) -> Consent:
    """The privacy notice was accepted (registered on accounts.hooks.privacy_notice_accepted).

    The notice names matching as a purpose, so a first acceptance also records the alerts
    consent; the person can withdraw that one alone on the consent page.
    """
    user = acceptance.user
    source = source_of(request)
    consent = Consent.objects.active().filter(user=user, policy=acceptance.policy).first()
    if consent is None:
        consent = Consent.objects.create(
            user=user,
            purpose=Purpose.PROCESSING,
            policy=acceptance.policy,
            source=source,
            given_at=acceptance.accepted_at,
        )
    if not Consent.objects.filter(user=user, purpose=Purpose.ALERTS).exists():
        Consent.objects.create(user=user, purpose=Purpose.ALERTS, source=source, given_at=acceptance.accepted_at)
    return consent


def _require_optional(purpose: str) -> None:
    if purpose not in OPTIONAL_PURPOSES:
        raise ValidationError(gettext("This consent cannot be changed on its own."), code="not_optional")


@transaction.atomic
def give_consent(*, user: User, purpose: str, request: HttpRequest | None = None) -> Consent:
    """Give an optional consent. Idempotent: a live consent is returned as it is."""
    _require_optional(purpose)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one change of mind at a time
    consent = Consent.objects.active().filter(user=user, purpose=purpose).first()
    if consent is not None:
        return consent
    consent = Consent.objects.create(user=user, purpose=purpose, source=source_of(request))
    if purpose == Purpose.ALERTS:
        _alerts_back_on(user)
    audit.record(actor=user, verb="privacy.consent_given", target=consent, purpose=purpose)
    return consent


@transaction.atomic
def withdraw_consent(*, user: User, purpose: str) -> bool:
    """Withdraw an optional consent; its processing stops now. False when none was live."""
    _require_optional(purpose)
    User.objects.select_for_update().filter(pk=user.pk).first()
    consent = Consent.objects.active().filter(user=user, purpose=purpose).first()
    if consent is None:
        return False
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if purpose == Purpose.ALERTS:
        _alerts_off(user)
    audit.record(actor=user, verb="privacy.consent_withdrawn", target=consent, purpose=purpose)
    return True


def alerts_unsubscribed(*, user: User) -> None:
    """Alerts were turned off outside the consent page (the e-mail's one-click link): the
    consent is withdrawn too (registered on matching.hooks.alerts_unsubscribed)."""
    if Consent.objects.active().filter(user=user, purpose=Purpose.ALERTS).exists():
        withdraw_consent(user=user, purpose=Purpose.ALERTS)


def _alerts_off(user: User) -> None:
    from khibra.matching import alerts as matching
    from khibra.volunteers.models import VolunteerProfile

    profile = VolunteerProfile.objects.filter(user=user).first()
    if profile is not None:
        matching.unsubscribe(token=matching.preference_for(profile).token)  # also skips what waits


def _alerts_back_on(user: User) -> None:
    from khibra.matching.models import AlertPreference, Frequency

    AlertPreference.objects.filter(volunteer__user=user, frequency=Frequency.OFF).update(
        frequency=Frequency.DAILY, updated_at=timezone.now()
    )


def record_export(*, user: User, format: str) -> None:
    """The person downloaded their data (the audit trail shows every copy that left)."""
    audit.record(actor=user, verb="privacy.data_exported", target=user, format=format)


# --- staff access to personal data -----------------------------------------------------------------


def log_personal_data_access(*, staff: User, volunteer, purpose: str) -> None:
    """Record that platform staff looked at a volunteer's personal data, and why.

    `volunteer` is a VolunteerProfile or a User. Only staff are logged here: a volunteer's own
    look and an organization's look at its applicants are what the platform is for.
    """
    if staff is None or not getattr(staff, "is_authenticated", False) or not staff.is_staff:
        raise PermissionDenied
    user_id = getattr(volunteer, "user_id", None) or volunteer.pk
    audit.record(actor=staff, verb="privacy.personal_data_viewed", target=volunteer, purpose=purpose, user_id=user_id)
