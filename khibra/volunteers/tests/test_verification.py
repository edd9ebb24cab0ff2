from django.core.exceptions import ImproperlyConfigured, ValidationError
import pytest

from khibra.testing.factories import VolunteerProfileFactory, national_id
from khibra.volunteers.verification import (
    NEEDS_REVIEW,
    IdentityVerifier,
    ManualReviewVerifier,
    VerificationResult,
    get_verifier,
    id_checksum_ok,
    validate_saudi_id,
)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class AlwaysVerified(IdentityVerifier):
    def verify(self, profile, national_id):
        return VerificationResult(status="verified", note="national service")


def test_it_accepts_a_citizen_national_id():
    number = national_id("104857362")
    assert number.startswith("1")
    assert validate_saudi_id(number) == number


def test_it_accepts_a_resident_iqama_number():
    number = national_id("234567891")
    assert validate_saudi_id(number) == number


def test_it_accepts_arabic_indic_digits_and_returns_latin_ones():
    number = national_id("110203040")
    assert validate_saudi_id(number.translate(ARABIC_INDIC)) == number


def test_it_ignores_spaces_and_dashes():
    number = national_id("110203040")
    assert validate_saudi_id(f" {number[:3]}-{number[3:6]} {number[6:]} ") == number


def test_the_checksum_matches_a_hand_computed_example():
    # 1 0 0 0 0 0 0 0 0 x: doubled odd positions give 2, the rest 0 → the check digit is 8.
    assert id_checksum_ok("1000000008")
    assert not id_checksum_ok("1000000009")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "length"),
        ("12345", "length"),
        ("12345678901", "length"),
        ("1a34567890", "length"),
        ("١٢٣", "length"),
        ("3000000004", "prefix"),
        ("0000000000", "prefix"),
    ],
)
def test_it_rejects_malformed_numbers(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_saudi_id(value)
    assert caught.value.code == code


def test_it_rejects_a_number_with_a_wrong_check_digit():
    number = national_id("104857362")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as caught:
        validate_saudi_id(wrong)
    assert caught.value.code == "checksum"


def test_it_rejects_a_typo_in_arabic_indic_digits():
    number = national_id("104857362")
    swapped = (number[:3] + number[4] + number[3] + number[5:]) if number[3] != number[4] else "1000000009"
    with pytest.raises(ValidationError):
        validate_saudi_id(swapped.translate(ARABIC_INDIC))


def test_the_manual_verifier_always_asks_staff(db):
    profile = VolunteerProfileFactory()
    result = ManualReviewVerifier().verify(profile, national_id())
    assert result.status == NEEDS_REVIEW


def test_the_default_verifier_is_manual_review():
    assert isinstance(get_verifier(), ManualReviewVerifier)


def test_the_verifier_comes_from_settings(settings):
    settings.IDENTITY_VERIFIER = "khibra.volunteers.tests.test_verification.AlwaysVerified"
    assert isinstance(get_verifier(), AlwaysVerified)


def test_a_missing_verifier_fails_loudly(settings):
    settings.IDENTITY_VERIFIER = "khibra.volunteers.tests.nowhere.Verifier"
    with pytest.raises(ImproperlyConfigured):
        get_verifier()
