"""Form fields that accept what Saudi users type: Arabic-Indic digits and Hijri dates."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .arabic import to_latin_digits
from .dates import DateInputError, format_hijri, parse_date


class DigitsIntegerField(forms.IntegerField):
    """An integer field that also reads Arabic-Indic digits (٣ → 3)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)


class DualDateInput(forms.TextInput):
    """A text box for a date in either calendar; shows the stored value as Gregorian ISO."""

    def __init__(self, attrs=None):
        base = {"placeholder": "2026-03-15 / 1447-09-15", "dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().format_value(value)


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
            return parse_date(str(value))
        except DateInputError as error:
            raise ValidationError(str(error), code="invalid") from None

    def hijri_hint(self, value: dt.date | None) -> str:
        return format_hijri(value) if value else ""



def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
