"""Form fields that accept what Saudi users type (Arabic-Indic digits, Hijri dates), and a select
widget fast enough for long lists."""

from contextvars import ContextVar
import datetime as dt
import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .arabic import to_latin_digits
from .dates import DateInputError, format_dual, format_hijri, parse_date, parse_date_calendar, to_hijri


class DigitsIntegerField(forms.IntegerField):
    """An integer field that also reads Arabic-Indic digits (٣ → 3)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)


DECIMAL_INPUT = {"inputmode": "decimal", "dir": "ltr"}
# A comma followed by exactly three digits ("1,500") reads as a thousands separator to some and
# as a decimal mark to others: refused rather than guessed.
_GROUPED = re.compile(r",\d{3}(?!\d)")


def decimal_text(value: str) -> str:
    """What was typed, as Python's Decimal reads it: Latin digits, "." for the decimal mark.

    The decimal mark may be typed "٫" (the Arabic one), "." or ",": the figures these forms take
    (hours, durations, a value in SAR) are small and never typed with thousands separators, so a
    lone comma can only be a decimal comma ("2,5" = 2.5, as keyboards set to European conventions
    type it). The Arabic thousands sign "٬", and a comma before exactly three digits, are not read
    as a decimal mark: the text stays invalid."""
    if "٬" in value:
        return value
    value = to_latin_digits(value).strip()
    return value if _GROUPED.search(value) else value.replace(",", ".")


class DigitsDecimalField(forms.DecimalField):
    """A decimal field that also reads Arabic-Indic digits and any decimal mark (٢٫٥ = 2.5 = 2,5);
    see `decimal_text`."""

    widget = forms.TextInput(attrs=DECIMAL_INPUT)

    def to_python(self, value):
        if isinstance(value, str):
            value = decimal_text(value)
        return super().to_python(value)


# The calendar a person types dates in, so that a date typed in Hijri comes back in Hijri in the
# edit form. DateCalendarMiddleware sets it from the session for each request and remembers the
# calendar of the dates a successful form carried; outside a request, dates show Gregorian.
_calendar: ContextVar[str] = ContextVar("khibra_date_calendar", default="gregorian")
_typed: ContextVar[list | None] = ContextVar("khibra_date_typed", default=None)
SESSION_CALENDAR = "date_calendar"


def shown_calendar() -> str:
    return _calendar.get()


def format_in_calendar(value: dt.date, calendar: str | None = None) -> str:
    """A stored date as the person types it: Hijri ISO (1447-09-15) or Gregorian ISO."""
    if (calendar or _calendar.get()) == "hijri":
        hijri = to_hijri(value)
        if hijri is not None:
            return hijri.isoformat()
    return value.isoformat()


class DateCalendarMiddleware:
    """Dates in the person's calendar: shown in the one they last typed in (kept in the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        try:
            calendar = session.get(SESSION_CALENDAR, "gregorian") if session is not None else "gregorian"
        except DatabaseError:  # the database is out of reach: core.unavailable answers 503 for the view
            session, calendar = None, "gregorian"
        shown, typed = _calendar.set(calendar), _typed.set([])
        try:
            response = self.get_response(request)
            calendars = set(_typed.get() or [])
            # A form that went through with its dates all in one calendar: remember that calendar.
            if session is not None and len(calendars) == 1 and response.status_code < 400:
                (chosen,) = calendars
                if chosen != calendar:
                    session[SESSION_CALENDAR] = chosen
            return response
        finally:
            _calendar.reset(shown)
            _typed.reset(typed)


class DualDateInput(forms.TextInput):
    """A box for a date in either calendar, with the other calendar shown under it.

    Typed values stay as typed (a Hijri date comes back Hijri after an error); a stored date shows
    as Gregorian ISO with its Hijri day in the hint. As the person types, htmx asks the server for
    the hint (the Umm al-Qura table lives there); "Today" and the browser's calendar fill the box
    (khibra.js reveals them). The keyboard is the full one: dates need "-" or "/".
    """

    template_name = "core/widgets/dual_date.html"

    def __init__(self, attrs=None):
        base = {"placeholder": "2026-03-15 / 1447-09-15", "dir": "ltr", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return format_in_calendar(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            # The page that answers lives in the site app; by name, so core imports nothing above it.
            context["widget"]["hint_url"] = reverse("core:date_hint")
        except NoReverseMatch:
            context["widget"]["hint_url"] = ""
        context["widget"]["today"] = timezone.localdate().isoformat()
        context["widget"]["hint"] = date_hint(value)
        return context


def date_hint(value) -> str:
    """What a typed or stored date is in both calendars, or why it is not a date ("" when empty)."""
    if value in (None, ""):
        return ""
    try:
        day = value if isinstance(value, dt.date) else parse_date(str(value))
    except DateInputError as error:
        return str(error)
    return format_dual(day)


class DualDateField(forms.DateField):
    """Accepts a Gregorian or Hijri (Umm al-Qura) date; cleans to a Gregorian `date`."""

    widget = DualDateInput
    default_error_messages = {"invalid": _("Enter a valid date.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Gregorian or Hijri: type 2026-03-15 or 1447-09-15 (Hijri years are read as such).")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            day, calendar = parse_date_calendar(str(value))
        except DateInputError as error:
            raise ValidationError(str(error), code="invalid") from None
        typed = _typed.get()
        if typed is not None:
            typed.append(calendar)
        return day

    def hijri_hint(self, value: dt.date | None) -> str:
        return format_hijri(value) if value else ""



def form_status(request, *page_forms: forms.BaseForm | None) -> int:
    """The status of a page that shows `page_forms` (None for a form the page has not): 400 when
    one has errors, so that a plain post that failed is not taken for a success, else 200. htmx
    swaps only 2xx answers: an htmx request gets 200, and the fragment it swaps in carries the
    errors."""
    failed = any(form is not None and form.errors for form in page_forms)
    return 400 if failed and not getattr(request, "htmx", False) else 200


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _escape(value) -> str:
    """conditional_escape(), with a short way for plain strings (html.escape is what it calls)."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


def _html_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, in Python."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(str(value))}"')
    return "".join(out)


class CanonicalChoices(BaseChoiceIterator):
    """Choices already in Django's canonical form, a list of (value, label) or (group, [(value,
    label), …]): Django keeps them as they are instead of copying them to normalise them, which
    costs a few microseconds a choice on lists of thousands."""

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class ListSelect(forms.Select):
    """A <select> for long lists (every organization with an opportunity, every city): the HTML of
    Django's Select (select.html, select_option.html, attrs.html and optgroups() selection rules),
    written in Python. Django renders each option through its templates, tens of microseconds an
    option: most of a page that lists two thousand of them. Single choice, labels as text."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        selected_values = self.format_value(value)
        has_selected = False
        parts = [f'<select name="{_escape(name)}"{_html_attrs(self.build_attrs(self.attrs, attrs))}>']
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped and option_value:
                parts.append(f'\n  <optgroup label="{_escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                selected = not has_selected and str(subvalue) in selected_values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_escape(str(subvalue))}"{" selected" if selected else ""}>'
                    f"{_escape(sublabel)}</option>\n"
                )
            if grouped and option_value:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the form renderer strips the template's last newline
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
