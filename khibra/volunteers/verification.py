"""Identity verification: the number's own checks, and a pluggable verifier behind them.

The national platform verifies volunteers against national information services. Khibra cannot
reach them, so the default verifier sends every submission to platform staff for a manual
decision; a real integration is a class with the same `verify` method, named in the
IDENTITY_VERIFIER setting.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from khibra.core.arabic import to_latin_digits

VERIFIED: Literal["verified"] = "verified"
REJECTED: Literal["rejected"] = "rejected"
NEEDS_REVIEW: Literal["needs_review"] = "needs_review"

NATIONAL_ID_LENGTH = 10
CITIZEN_PREFIX = "1"  # national ID of a Saudi citizen
RESIDENT_PREFIX = "2"  # iqama of a resident


@dataclass(frozen=True)
class VerificationResult:
    status: Literal["verified", "rejected", "needs_review"]
    note: str = ""


class IdentityVerifier(ABC):
    """Decide whether a national ID or iqama number belongs to the volunteer. A connector to a
    national information service subclasses it and is named in settings.IDENTITY_VERIFIER."""

    @abstractmethod
    def verify(self, profile, national_id: str) -> VerificationResult: ...


class ManualReviewVerifier(IdentityVerifier):
    """No national service is connected: platform staff look at every submission."""

    def verify(self, profile, national_id: str) -> VerificationResult:
        return VerificationResult(status=NEEDS_REVIEW, note="")


def get_verifier() -> IdentityVerifier:
    try:
        verifier_class = import_string(settings.IDENTITY_VERIFIER)
    except ImportError as error:
        raise ImproperlyConfigured(f"IDENTITY_VERIFIER {settings.IDENTITY_VERIFIER!r} cannot be imported") from error
    verifier = verifier_class()
    if not callable(getattr(verifier, "verify", None)):
        raise ImproperlyConfigured(f"IDENTITY_VERIFIER {settings.IDENTITY_VERIFIER!r} has no verify() method")
    return verifier


def id_checksum_ok(digits: str) -> bool:
    """The Luhn check used by Saudi national IDs and iqamas.

    Digits in odd positions (1st, 3rd, … 9th) are doubled and their digits summed; the others are
    added as they are; the total of all ten must be a multiple of ten.
    """
    total = 0
    for position, char in enumerate(digits):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    return total % 10 == 0


def validate_saudi_id(value: str) -> str:
    """Check a national ID / iqama number and return it as ten Latin digits."""
    digits = to_latin_digits(str(value or "")).strip().replace(" ", "").replace("-", "")
    if len(digits) != NATIONAL_ID_LENGTH or not digits.isascii() or not digits.isdigit():
        raise ValidationError(_("A national ID or iqama number has exactly 10 digits."), code="length")
    if digits[0] not in (CITIZEN_PREFIX, RESIDENT_PREFIX):
        raise ValidationError(
            _("A national ID starts with 1 and an iqama number with 2. Check the first digit."), code="prefix"
        )
    if not id_checksum_ok(digits):
        raise ValidationError(
            _("This number is not a valid national ID or iqama number. Check it for a typing mistake."),
            code="checksum",
        )
    return digits
