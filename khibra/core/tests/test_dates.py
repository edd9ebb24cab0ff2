"""Hijri (Umm al-Qura) ↔ Gregorian conversion, display and parsing of what users type."""

import datetime as dt

from django.utils import translation
import pytest

from khibra.core.arabic import contains_letter
from khibra.core.dates import (
    DateInputError,
    HijriDate,
    format_dual,
    format_gregorian,
    format_hijri,
    from_hijri,
    parse_date,
    to_hijri,
)

# Known Umm al-Qura pairs.
PAIRS = [
    ((1447, 5, 12), dt.date(2025, 11, 3)),
    ((1447, 9, 1), dt.date(2026, 2, 18)),  # 1 Ramadan 1447
    ((1447, 10, 1), dt.date(2026, 3, 20)),  # 1 Shawwal 1447
    ((1446, 9, 1), dt.date(2025, 3, 1)),  # 1 Ramadan 1446
]


@pytest.mark.parametrize(("hijri", "gregorian"), PAIRS)
def test_it_converts_hijri_to_gregorian(hijri, gregorian):
    assert from_hijri(*hijri) == gregorian


@pytest.mark.parametrize(("hijri", "gregorian"), PAIRS)
def test_it_converts_gregorian_to_hijri(hijri, gregorian):
    assert to_hijri(gregorian) == HijriDate(*hijri)


def test_hijri_isoformat_pads():
    assert HijriDate(1447, 9, 1).isoformat() == "1447-09-01"


def test_to_hijri_is_none_outside_the_umm_al_qura_table():
    assert to_hijri(dt.date(1900, 1, 1)) is None
    assert format_hijri(dt.date(1900, 1, 1)) == ""
    assert format_dual(dt.date(1900, 1, 1)) == format_gregorian(dt.date(1900, 1, 1))


def test_it_parses_an_iso_gregorian_date():
    assert parse_date("2026-03-15") == dt.date(2026, 3, 15)


def test_it_parses_an_iso_hijri_date_because_of_its_year():
    assert parse_date("1447-05-12") == dt.date(2025, 11, 3)


@pytest.mark.parametrize(
    ("typed", "expected"), [("03/11/2025", dt.date(2025, 11, 3)), ("12/05/1447", dt.date(2025, 11, 3))]
)
def test_it_parses_day_month_year_in_both_calendars(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["١٤٤٧-٠٥-١٢", "١٢/٠٥/١٤٤٧", "۱۴۴۷/۰۵/۱۲"])
def test_it_reads_arabic_indic_digits(typed):
    assert parse_date(typed) == dt.date(2025, 11, 3)


@pytest.mark.parametrize("typed", ["1447/9/1 هـ", "1447-09-01هـ", "١/٩/١٤٤٧ هـ", "1447.9.1 AH"])
def test_it_accepts_the_hijri_suffix(typed):
    assert parse_date(typed) == dt.date(2026, 2, 18)


def test_it_accepts_the_gregorian_suffix():
    assert parse_date("2026/2/18 م") == dt.date(2026, 2, 18)


def test_a_hijri_suffix_forces_hijri_even_for_a_gregorian_looking_year():
    with pytest.raises(DateInputError):
        parse_date("2026-02-18 هـ")


def test_it_rejects_a_day_missing_from_a_hijri_month():
    # Jumada al-Akhirah 1447 has 29 days in the Umm al-Qura table.
    with pytest.raises(DateInputError):
        parse_date("1447-06-30")


def test_it_rejects_a_hijri_year_outside_the_table():
    with pytest.raises(DateInputError):
        parse_date("1200-01-01")
    with pytest.raises(DateInputError):
        from_hijri(1501, 1, 1)


@pytest.mark.parametrize(
    "typed", ["2026-02-30", "2026-13-01", "1447-13-01", "26-03-15", "15 March 2026", "", "2026-03"]
)
def test_it_rejects_what_is_not_a_date(typed):
    with pytest.raises(DateInputError):
        parse_date(typed)


def test_errors_are_translated():
    with translation.override("en"):
        with pytest.raises(DateInputError) as english:
            parse_date("1447-06-30")
    with translation.override("ar"):
        with pytest.raises(DateInputError) as arabic:
            parse_date("1447-06-30")
    assert str(english.value) == "This day does not exist in that Hijri month: Jumada al-Akhirah 1447 has 29 days."
    assert str(arabic.value) != str(english.value)
    assert contains_letter(str(arabic.value)) and not any("a" <= ch <= "z" for ch in str(arabic.value))


def test_it_formats_both_calendars_in_arabic():
    with translation.override("ar"):
        assert format_hijri(dt.date(2025, 11, 3)) == "12 جمادى الأولى 1447 هـ"
        assert format_gregorian(dt.date(2025, 11, 3)) == "3 نوفمبر 2025 م"
        assert format_dual(dt.date(2026, 2, 18)) == "1 رمضان 1447 هـ (18 فبراير 2026 م)"


def test_it_formats_both_calendars_in_english():
    with translation.override("en"):
        assert format_dual(dt.date(2025, 11, 3)) == "12 Jumada al-Ula 1447 AH (3 November 2025)"


def test_template_filters_accept_dates_and_aware_datetimes():
    from django.utils import timezone

    from khibra.core.templatetags.khibra import dual_date, gregorian, hijri

    moment = timezone.make_aware(dt.datetime(2026, 2, 17, 22, 30), timezone.get_fixed_timezone(0))
    with translation.override("en"):
        # 22:30 UTC is already the next day in Riyadh.
        assert hijri(moment) == "1 Ramadan 1447 AH"
        assert gregorian(dt.date(2026, 2, 18)) == "18 February 2026"
        assert dual_date(None) == ""
        assert hijri("not a date") == ""
