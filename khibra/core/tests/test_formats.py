"""Numbers and moments read the same way in Arabic and English: decimal point, grouped thousands."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation
import pytest


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context)).strip()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_decimals_use_a_point_in_both_languages(language):
    # Django's Arabic default wrote "24,50", read by a Saudi reader as a thousands separator.
    assert render('{{ v|floatformat:"2" }}', language, v=Decimal("24.5")) == "24.50"
    assert render('{{ v|floatformat:"-1" }}', language, v=83.3) == "83.3"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_number_groups_thousands(language):
    assert render("{{ v|number }}", language, v=8098) == "8,098"
    assert render("{{ v|number:2 }}", language, v=Decimal("1234567.5")) == "1,234,567.50"
    assert render("{{ v|number:2 }}", language, v=Decimal("24.00")) == "24"
    assert render("{{ v|number }}", language, v=None) == ""


def test_a_moment_is_shown_in_both_calendars_with_its_local_time():
    moment = dt.datetime(2026, 12, 7, 15, 27, tzinfo=dt.UTC)  # 18:27 in Riyadh
    arabic = render("{{ v|dual_datetime }}", "ar", v=moment)
    english = render("{{ v|dual_datetime }}", "en", v=moment)
    assert "هـ" in arabic and "ديسمبر 2026" in arabic and "6:27" in arabic and "م" in arabic.split("،")[-1]
    assert english == "27 Jumada al-Akhirah 1448 AH (7 December 2026), 6:27 PM"
    assert render("{{ v|dual_datetime }}", "en", v=moment.astimezone(ZoneInfo("Asia/Riyadh"))) == english
