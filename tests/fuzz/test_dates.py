"""Hijri and Gregorian dates: conversion round-trips, parsing what users type, and nothing but a
translated validation error for anything else."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import example, given, strategies as st

from khibra.core.dates import DateInputError, format_dual, from_hijri, parse_date, to_hijri
from khibra.core.forms import DualDateField, DualDateInput

from .strategies import HIJRI_FIRST, HIJRI_LAST, digit_sets, hijri_range_dates, in_digits, languages, text

ARABIC = set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي")
SEPARATORS = st.sampled_from(["-", "/", ".", " ", " / ", "\\"])


@given(hijri_range_dates)
def test_gregorian_to_hijri_and_back_is_the_same_day(day):
    hijri = to_hijri(day)
    assert hijri is not None
    assert 1343 <= hijri.year <= 1500 and 1 <= hijri.month <= 12 and 1 <= hijri.day <= 30
    assert from_hijri(hijri.year, hijri.month, hijri.day) == day


@given(hijri_range_dates)
def test_consecutive_days_have_consecutive_hijri_dates(day):
    if day == HIJRI_LAST:
        return
    today, tomorrow = to_hijri(day), to_hijri(day + dt.timedelta(days=1))
    assert (today.year, today.month, today.day) < (tomorrow.year, tomorrow.month, tomorrow.day)
    if tomorrow.day != 1:
        assert (tomorrow.year, tomorrow.month, tomorrow.day - 1) == (today.year, today.month, today.day)


@given(st.dates())
@example(HIJRI_FIRST - dt.timedelta(days=1))
@example(HIJRI_LAST + dt.timedelta(days=1))
@example(dt.date.min)
@example(dt.date.max)
def test_every_date_has_a_hijri_date_or_none_and_a_display(day):
    hijri = to_hijri(day)
    assert (hijri is not None) == (HIJRI_FIRST <= day <= HIJRI_LAST)
    for language in ("ar", "en"):
        with translation.override(language):
            assert str(day.year) in format_dual(day)


@given(st.integers(), st.integers(), st.integers())
@example(1342, 12, 29)
@example(1501, 1, 1)
@example(1500, 12, 30)
@example(1447, 2, 30)
@example(10**30, 1, 1)
def test_from_hijri_gives_a_date_or_a_date_input_error(year, month, day):
    try:
        result = from_hijri(year, month, day)
    except DateInputError as error:
        assert str(error)
    else:
        assert HIJRI_FIRST <= result <= HIJRI_LAST
        hijri = to_hijri(result)
        assert (hijri.year, hijri.month, hijri.day) == (year, month, day)


@given(
    st.dates(min_value=dt.date(1600, 1, 1)), digit_sets, SEPARATORS, st.sampled_from(["", " م", "م", " CE", " AD"]), st.booleans()
)
def test_a_typed_gregorian_date_reads_back_in_any_digit_set(day, digits, separator, mark, day_first):
    iso = (f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}")
    typed = separator.join(reversed(iso) if day_first else iso) + mark
    assert parse_date(in_digits(typed, digits)) == day


@given(hijri_range_dates, digit_sets, SEPARATORS, st.sampled_from(["", " هـ", "هـ", " ه", " AH", " A.H."]), st.booleans())
def test_a_typed_hijri_date_reads_back_in_any_digit_set(day, digits, separator, mark, day_first):
    hijri = to_hijri(day)
    parts = (f"{hijri.year:04d}", str(hijri.month), str(hijri.day))
    typed = separator.join(reversed(parts) if day_first else parts) + mark
    assert parse_date(in_digits(typed, digits)) == day


@given(st.dates(min_value=dt.date(1600, 1, 1)), languages)
def test_the_widget_shows_a_value_the_field_reads_back(day, language):
    with translation.override(language):
        assert DualDateField().clean(DualDateInput().format_value(day)) == day


@given(text, languages)
@example("2026-0²-01", "ar")  # a digit that int() refuses
@example("2026-01-" + "9" * 30, "ar")  # a day too large for C
@example("१२३४-01-01", "en")  # Devanagari digits
@example("1342-12-29", "ar")
@example("1501-01-01 هـ", "ar")
@example("0000-00-00", "en")
@example("9999-12-31 هـ", "en")
def test_any_text_is_a_date_or_a_translated_validation_error(value, language):
    with translation.override(language):
        try:
            result = DualDateField(required=False).clean(value)
        except ValidationError as error:
            (message,) = error.messages
            if language == "ar":
                assert ARABIC & set(message), message
        else:
            assert result is None or isinstance(result, dt.date)


@given(text)
@example("2026-0²-01")
@example("2026-01-" + "9" * 30)
@example("2026-01-" + "9" * 5000)  # beyond int()'s digit limit
@example("١٤٤٧-٠٩-٣١ هـ")
def test_parse_date_raises_only_date_input_error(value):
    try:
        parse_date(value)
    except DateInputError:
        pass
