"""Hijri (Umm al-Qura) and Gregorian dates: conversion, display and parsing of user input.

Users may type either calendar. A year below 1600 is read as Hijri (the Umm al-Qura table
covers 1343–1500 AH), anything else as Gregorian. Arabic-Indic digits are accepted.
"""

from dataclasses import dataclass
import datetime as dt
import re

from django.utils.translation import get_language, gettext as _
from hijridate import Gregorian, Hijri

from .arabic import to_latin_digits

HIJRI_YEAR_LIMIT = 1600

_HIJRI_MONTHS_AR = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)
_HIJRI_MONTHS_EN = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah",
)
_GREGORIAN_MONTHS_AR = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)
_GREGORIAN_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class DateInputError(ValueError):
    """A typed date that is not a real date in either calendar; the message is translated."""


@dataclass(frozen=True)
class HijriDate:
    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def to_hijri(value: dt.date) -> HijriDate | None:
    """The Umm al-Qura date, or None outside the table's range (before 1924 or after 2077)."""
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return HijriDate(hijri.year, hijri.month, hijri.day)


def from_hijri(year: int, month: int, day: int) -> dt.date:
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
    except OverflowError:
        raise DateInputError(_("Hijri dates are supported from 1343 to 1500 AH.")) from None
    except ValueError:
        try:
            length = Hijri(year, month, 1).month_length()
        except (OverflowError, ValueError):
            raise DateInputError(_("This day does not exist in that Hijri month.")) from None
        # Umm al-Qura months have 29 or 30 days, varying year to year: say which this one has.
        raise DateInputError(
            _("This day does not exist in that Hijri month: %(month)s %(year)s has %(length)s days.")
            % {"month": _HIJRI_MONTHS_AR[month - 1] if is_arabic() else _HIJRI_MONTHS_EN[month - 1], "year": year,
               "length": length}
        ) from None
    return dt.date(*gregorian.datetuple())


def is_arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


def format_hijri(value: dt.date) -> str:
    hijri = to_hijri(value)
    if hijri is None:
        return ""
    if is_arabic():
        return f"{hijri.day} {_HIJRI_MONTHS_AR[hijri.month - 1]} {hijri.year} هـ"
    return f"{hijri.day} {_HIJRI_MONTHS_EN[hijri.month - 1]} {hijri.year} AH"


def format_gregorian(value: dt.date) -> str:
    if is_arabic():
        return f"{value.day} {_GREGORIAN_MONTHS_AR[value.month - 1]} {value.year} م"
    return f"{value.day} {_GREGORIAN_MONTHS_EN[value.month - 1]} {value.year}"


def format_dual(value: dt.date) -> str:
    """Both calendars, Hijri first as is usual in Saudi Arabia: '12 Jumada al-Ula 1447 AH (3 November 2025)'."""
    hijri = format_hijri(value)
    gregorian = format_gregorian(value)
    return f"{hijri} ({gregorian})" if hijri else gregorian


_SEPARATORS = re.compile(r"[\s/.\-\\]+")
_CALENDAR_MARKS = re.compile(r"(هـ|ه|ھ|AH|A\.H\.|م|CE|AD)\s*$", re.IGNORECASE)


def parse_date(text: str) -> dt.date:
    """Read 'YYYY-MM-DD' or 'DD/MM/YYYY' in either calendar, Latin or Arabic-Indic digits.

    A trailing 'هـ'/'AH' forces Hijri, 'م'/'CE' forces Gregorian; otherwise the year decides.
    """
    return parse_date_calendar(text)[0]


# Direction marks a phone keyboard may slip in around digits (LRM, RLM, ALM) and the Arabic comma.
_INVISIBLE = str.maketrans({"\u200e": "", "\u200f": "", "\u061c": "", "\u060c": "/"})


def parse_date_calendar(text: str) -> tuple[dt.date, str]:
    """parse_date, and the calendar the date was typed in ("hijri" or "gregorian")."""
    raw = to_latin_digits((text or "").translate(_INVISIBLE).strip())
    force: str | None = None
    mark = _CALENDAR_MARKS.search(raw)
    if mark:
        force = "gregorian" if mark.group(1).lower() in {"م", "ce", "ad"} else "hijri"
        raw = raw[: mark.start()].strip()
    parts = [part for part in _SEPARATORS.split(raw) if part]
    # ASCII only: int() refuses '²' and would read other scripts' digits; no part has over 4 digits.
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
        raise DateInputError(_("Enter a date as year-month-day, for example 2026-03-15 or 1447-09-15."))
    numbers = [int(part) for part in parts]
    if len(parts[0]) == 4:
        year, month, day = numbers
    elif len(parts[2]) == 4:
        day, month, year = numbers
    else:
        raise DateInputError(_("Write the year with four digits."))
    hijri = force == "hijri" or (force is None and year < HIJRI_YEAR_LIMIT)
    if not 1 <= month <= 12:
        raise DateInputError(_("The month must be between 1 and 12."))
    if hijri:
        return from_hijri(year, month, day), "hijri"
    try:
        return dt.date(year, month, day), "gregorian"
    except (OverflowError, ValueError):
        raise DateInputError(_("This day does not exist in that month.")) from None


def month_names(year: int, month: int) -> tuple[str, str]:
    """A Gregorian month as a chart's axis reads it: (its short name, the Hijri month in its
    middle) — ("ديسمبر", "جمادى الآخرة") or ("Dec", "Jumada al-Akhirah")."""
    hijri = to_hijri(dt.date(year, month, 15))
    if is_arabic():
        return _GREGORIAN_MONTHS_AR[month - 1], _HIJRI_MONTHS_AR[hijri.month - 1] if hijri else ""
    return _GREGORIAN_MONTHS_EN[month - 1][:3], _HIJRI_MONTHS_EN[hijri.month - 1] if hijri else ""
