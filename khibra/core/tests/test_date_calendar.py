"""A date typed in Hijri comes back in Hijri: the calendar a person types in is remembered (in the
session) and stored dates are shown in it; typing takes Arabic-Indic digits, both orders, both
calendars and the marks phone keyboards slip in; the box's keyboard allows separators."""

import datetime as dt

from django import forms
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
import pytest

from khibra.core.dates import parse_date_calendar, to_hijri
from khibra.core.forms import SESSION_CALENDAR, DateCalendarMiddleware, DualDateField, format_in_calendar

DAY = dt.date(2026, 3, 4)
HIJRI = to_hijri(DAY)


class EventForm(forms.Form):
    on = DualDateField()


@pytest.mark.parametrize(
    "text,calendar",
    [
        (HIJRI.isoformat(), "hijri"),
        (f"{HIJRI.day}/{HIJRI.month}/{HIJRI.year}", "hijri"),
        ("".join("٠١٢٣٤٥٦٧٨٩"[int(c)] if c.isdigit() else c for c in f"{HIJRI.day:02d}/{HIJRI.month:02d}/{HIJRI.year}"), "hijri"),
        ("2026-03-04", "gregorian"),
        ("4/3/2026", "gregorian"),
        ("٤/٣/٢٠٢٦", "gregorian"),
        ("\u200f٢٠٢٦-٠٣-٠٤\u200f", "gregorian"),
        (f"{HIJRI.isoformat()} هـ", "hijri"),
    ],
)
def test_typing_reads_both_orders_digits_and_calendars(text, calendar):
    assert parse_date_calendar(text) == (DAY, calendar)


def test_a_stored_date_shows_in_the_calendar_asked():
    assert format_in_calendar(DAY, "hijri") == HIJRI.isoformat()
    assert format_in_calendar(DAY, "gregorian") == "2026-03-04"


def _through_middleware(view, session=None):
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    if session:
        request.session.update(session)
    return request, DateCalendarMiddleware(lambda r: view(r))(request)


@pytest.mark.django_db
def test_a_date_typed_in_hijri_comes_back_in_hijri():
    def save(request):
        form = EventForm({"on": HIJRI.isoformat()})
        assert form.is_valid() and form.cleaned_data["on"] == DAY
        return HttpResponseRedirect("/done/")

    request, _response = _through_middleware(save)
    assert request.session[SESSION_CALENDAR] == "hijri"

    def edit(request):
        return HttpResponse(str(EventForm(initial={"on": DAY})["on"]))

    _request, response = _through_middleware(edit, {SESSION_CALENDAR: "hijri"})
    assert f'value="{HIJRI.isoformat()}"' in response.content.decode()
    _request, response = _through_middleware(edit)
    assert 'value="2026-03-04"' in response.content.decode()


@pytest.mark.django_db
def test_a_refused_form_does_not_change_the_calendar():
    def refuse(request):
        EventForm({"on": "2026-03-04"}).is_valid()
        return HttpResponse(status=400)

    request, _response = _through_middleware(refuse, {SESSION_CALENDAR: "hijri"})
    assert request.session[SESSION_CALENDAR] == "hijri"


def test_the_date_box_has_a_keyboard_with_separators():
    html = str(EventForm()["on"])
    assert 'inputmode="numeric"' not in html and 'type="text"' in html
