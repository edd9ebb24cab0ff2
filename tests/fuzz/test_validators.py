"""Validators of what volunteers and organizations type: the canonical forms are accepted in any
digit set and with the usual separators; everything else is a ValidationError, nothing else."""

import re

from django.core.exceptions import ValidationError
from hypothesis import assume, example, given, strategies as st

from khibra.accounts.validators import validate_person_name
from khibra.core.arabic import normalize
from khibra.exports.writers import FORMULA_STARTS, csv_value
from khibra.testing.factories import national_id
from khibra.volunteers.validators import (
    MAX_SKILLS,
    SKILL_MAX_LENGTH,
    normalize_saudi_mobile,
    split_skills,
    validate_skill_names,
)
from khibra.volunteers.verification import id_checksum_ok, validate_saudi_id

from .strategies import digit_sets, in_digits, mixed_digits, text

mobile_bodies = st.text("0123456789", min_size=8, max_size=8)
id_bodies = st.tuples(st.sampled_from("12"), st.text("0123456789", min_size=8, max_size=8)).map("".join)


@st.composite
def spaced(draw, value: str) -> str:
    """The value with spaces or dashes typed between some of its characters."""
    return "".join(char + draw(st.sampled_from(["", "", "", " ", "-"])) for char in value).strip(" -")


# --- mobile numbers ------------------------------------------------------------------------------


@given(st.data(), mobile_bodies, st.sampled_from(["0", "966", "+966", "00966"]))
def test_a_saudi_mobile_in_any_digit_set_and_prefix_is_accepted(data, body, prefix):
    typed = data.draw(mixed_digits(data.draw(spaced(prefix + "5" + body))))
    assert normalize_saudi_mobile(typed) == "05" + body


@given(text)
@example("٠٥٠١٢٣٤٥٦٧")
@example("05०१२३४५६७८")  # Devanagari digits are not Saudi digits
@example("+966 5O 123 4567")
@example("0512345678\n")
def test_any_text_is_a_mobile_number_or_a_validation_error(value):
    try:
        number = normalize_saudi_mobile(value)
    except ValidationError as error:
        assert error.messages
    else:
        assert re.fullmatch(r"05[0-9]{8}", number)


# --- national IDs and iqama numbers --------------------------------------------------------------


@given(st.data(), id_bodies, digit_sets)
def test_a_valid_national_id_is_accepted_in_any_digit_set(data, body, digits):
    number = national_id(body)
    assert validate_saudi_id(in_digits(number, digits)) == number
    assert validate_saudi_id(data.draw(mixed_digits(data.draw(spaced(number))))) == number


@given(id_bodies, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_one_mistyped_digit_is_always_caught(body, position, shift):
    number = national_id(body)
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    try:
        validate_saudi_id(wrong)
    except ValidationError as error:
        assert error.code in {"checksum", "prefix"}
    else:
        raise AssertionError(f"{wrong} was accepted")


@given(text)
@example("١٠٠٠٠٠٠٠٠٨")
@example("1²00000008")
@example("１０００００００００")  # full-width digits
def test_any_text_is_a_national_id_or_a_validation_error(value):
    try:
        number = validate_saudi_id(value)
    except ValidationError as error:
        assert error.messages
    else:
        assert re.fullmatch(r"[12][0-9]{9}", number) and id_checksum_ok(number)


# --- names and skills ----------------------------------------------------------------------------


@given(text)
@example("=HYPERLINK(\"http://x\")")
@example("@SUM(A1)")
@example("سارة <script>")
def test_any_text_is_a_name_or_a_validation_error(value):
    try:
        validate_person_name(value)
    except ValidationError as error:
        assert error.messages
    else:
        assert not set("<>{}[]@#$%^*=|\\/") & set(value)


@given(text)
def test_split_skills_gives_distinct_non_empty_names(value):
    names = split_skills(value)
    assert all(name and name == name.strip() for name in names)
    assert len({normalize(name) for name in names}) == len(names)
    try:
        validate_skill_names(names)
    except ValidationError:
        assert len(names) > MAX_SKILLS or any(len(name) > SKILL_MAX_LENGTH for name in names)


# --- cells written to exported spreadsheets ------------------------------------------------------


@given(text)
@example("=cmd|' /C calc'!A0")
@example("\x00=1+1")
@example("\x01@SUM(A1)")
def test_no_exported_text_cell_starts_as_a_formula(value):
    assume(value)
    assert not csv_value(value).startswith(FORMULA_STARTS)
