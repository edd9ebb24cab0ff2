"""Form fields that take what Saudi users type: Arabic-Indic digits and dates in either calendar;
the long-list select widget."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.test import RequestFactory
from django.utils import translation
from django_htmx.middleware import HtmxDetails
import pytest

from khibra.core.forms import (
    DigitsDecimalField,
    DigitsIntegerField,
    DualDateField,
    DualDateInput,
    ListSelect,
    form_status,
)


class HoursForm(forms.Form):
    hours = DigitsIntegerField(min_value=1, max_value=80)


class StartForm(forms.Form):
    starts_on = DualDateField()
    ends_on = DualDateField(required=False)


def test_digits_field_reads_arabic_indic_digits():
    form = HoursForm({"hours": "١٢"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == 12


def test_digits_field_reads_persian_digits_and_spaces():
    form = HoursForm({"hours": " ۴۰ "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == 40


def test_digits_field_reads_latin_digits():
    form = HoursForm({"hours": "7"})
    assert form.is_valid()
    assert form.cleaned_data["hours"] == 7


def test_digits_field_still_checks_its_limits():
    form = HoursForm({"hours": "٨١"})
    assert not form.is_valid()
    assert "hours" in form.errors


def test_digits_field_rejects_words():
    form = HoursForm({"hours": "خمسة"})
    assert not form.is_valid()
    assert form.has_error("hours", code="invalid")


def test_digits_field_renders_a_left_to_right_numeric_box():
    html = str(HoursForm()["hours"])
    assert 'inputmode="numeric"' in html
    assert 'dir="ltr"' in html


class FigureForm(forms.Form):
    figure = DigitsDecimalField(max_digits=8, decimal_places=2)


@pytest.mark.parametrize(
    "typed", ["2.5", "٢٫٥", "2٫5", "2,5", "٢,٥", " ۲٫۵ ", "2,50"],
)
def test_decimal_field_reads_any_digits_and_any_decimal_mark(typed):
    form = FigureForm({"figure": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["figure"] == Decimal("2.5")


@pytest.mark.parametrize("typed", ["1,500", "١٬٥٠٠", "2٬5", "1,000,000", "2,5,0", "اثنان"])
def test_decimal_field_refuses_thousands_separators_rather_than_guess(typed):
    form = FigureForm({"figure": typed})
    assert not form.is_valid()
    assert "figure" in form.errors


def test_decimal_field_renders_a_left_to_right_decimal_box():
    html = str(FigureForm()["figure"])
    assert 'inputmode="decimal"' in html
    assert 'dir="ltr"' in html


def _request(*, htmx: bool):
    request = RequestFactory().post("/", HTTP_HX_REQUEST="true") if htmx else RequestFactory().post("/")
    request.htmx = HtmxDetails(request)
    return request


def test_a_page_whose_form_has_errors_answers_400_except_to_htmx():
    failed, fine, unbound = HoursForm({"hours": "خمسة"}), HoursForm({"hours": "5"}), HoursForm()
    assert form_status(_request(htmx=False), failed) == 400
    assert form_status(_request(htmx=True), failed) == 200  # htmx swaps only 2xx answers
    assert form_status(_request(htmx=False), fine, unbound, None) == 200
    assert form_status(_request(htmx=False), fine, failed) == 400


def test_dual_date_field_accepts_a_gregorian_date():
    form = StartForm({"starts_on": "2026-03-15"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == dt.date(2026, 3, 15)
    assert form.cleaned_data["ends_on"] is None


def test_dual_date_field_accepts_a_hijri_date_and_cleans_to_gregorian():
    form = StartForm({"starts_on": "١/٩/١٤٤٧ هـ"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == dt.date(2026, 2, 18)


def test_dual_date_field_reports_an_impossible_hijri_day():
    with translation.override("en"):
        form = StartForm({"starts_on": "1447-06-30"})
        assert not form.is_valid()
        # Umm al-Qura months have 29 or 30 days: the message says which this one has.
        assert form.errors["starts_on"] == ["This day does not exist in that Hijri month: Jumada al-Akhirah 1447 has 29 days."]
    with translation.override("ar"):
        assert StartForm({"starts_on": "1449-01-30"}).errors["starts_on"] == [
            "هذا اليوم غير موجود في ذلك الشهر الهجري: عدد أيام محرم 1449 هو 29."
        ]


def test_dual_date_field_is_required_unless_told_otherwise():
    form = StartForm({"starts_on": "", "ends_on": ""})
    assert not form.is_valid()
    assert form.has_error("starts_on", code="required")
    assert not form.has_error("ends_on")


def test_dual_date_field_passes_dates_through():
    field = DualDateField()
    assert field.clean(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert field.to_python(dt.datetime(2026, 1, 1, 9, 30)) == dt.date(2026, 1, 1)


def test_dual_date_field_has_help_text_and_a_hijri_hint():
    field = DualDateField()
    assert field.help_text
    with translation.override("en"):
        assert field.hijri_hint(dt.date(2025, 11, 3)) == "12 Jumada al-Ula 1447 AH"
    assert field.hijri_hint(None) == ""


def test_dual_date_input_shows_the_stored_date_as_iso():
    widget = DualDateInput()
    html = widget.render("starts_on", dt.date(2026, 2, 18))
    assert 'value="2026-02-18"' in html
    assert 'dir="ltr"' in html
    assert widget.format_value("1447-09-01") == "1447-09-01"


def test_bound_form_keeps_what_the_user_typed_after_an_error():
    form = StartForm({"starts_on": "1447-06-30"})
    assert form.has_error("starts_on", code="invalid")
    assert 'value="1447-06-30"' in str(form["starts_on"])


# --- ListSelect: Django's select HTML, written in Python ------------------------------------------

CHOICES = [
    ("", translation.gettext_lazy("All cities")),
    ("الرياض", [("riyadh", "الرياض"), ("kharj", "الخرج <& \"'")]),
    ("jeddah", "جدة"),
    (5, "Up to 5 hours"),
    ("مكة", [("makkah", "مكة المكرمة")]),
]


def test_the_list_select_writes_the_html_of_django_select():
    for value in ("", "kharj", "jeddah", "5", 5, None, ["riyadh"]):
        for attrs in (None, {"id": "id_city", "required": True, "disabled": False, "aria-describedby": "x<y"}):
            for language in ("ar", "en"):
                with translation.override(language):
                    expected = forms.Select(choices=CHOICES).render("city", value, attrs=attrs)
                    assert ListSelect(choices=CHOICES).render("city", value, attrs=attrs) == expected


def test_dual_date_input_shows_both_calendars_under_the_box_and_a_full_keyboard():
    with translation.override("en"):
        html = StartForm(initial={"starts_on": dt.date(2026, 2, 18)}).as_p()
        typed = str(StartForm({"starts_on": "1447-09-01"})["starts_on"])
    assert "1 Ramadan 1447 AH (18 February 2026)" in html  # a stored date, with its Hijri day
    assert 'value="1447-09-01"' in typed and "1 Ramadan 1447 AH (18 February 2026)" in typed  # kept as typed
    assert "inputmode" not in html  # a numeric keypad has no "-" or "/"
    assert 'hx-get="/en/dates/hint/"' in html and "Today" in html


@pytest.mark.django_db
def test_the_hint_page_answers_in_both_calendars_or_says_why_not(client):
    assert client.get("/en/dates/hint/", {"starts_on": "1447-09-01"}).content.decode() == "1 Ramadan 1447 AH (18 February 2026)"
    assert "١٤٤٧" not in client.get("/dates/hint/", {"d": "2026-02-18"}).content.decode()
    assert "رمضان 1447 هـ" in client.get("/dates/hint/", {"d": "2026-02-18"}).content.decode()
    assert "29" in client.get("/en/dates/hint/", {"d": "1449-01-30"}).content.decode()
    assert client.get("/en/dates/hint/", {"d": "<script>"}).content.decode().startswith("Enter a date")
    assert client.get("/en/dates/hint/").content == b""
