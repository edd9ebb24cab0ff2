"""core.arabic.normalize folds the spelling variants Saudi users type so that they meet in search."""

import pytest

from khibra.core.arabic import contains_letter, normalize, to_latin_digits


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("ٱلرحمن", "الرحمن"),
    ],
)
def test_it_folds_every_alef_form_to_bare_alef(typed, folded):
    assert normalize(typed) == folded


def test_it_folds_alef_maqsura_to_yaa():
    assert normalize("مستشفى") == normalize("مستشفي") == "مستشفي"


def test_it_folds_taa_marbuta_to_haa():
    assert normalize("جمعية") == normalize("جمعيه") == "جمعيه"


@pytest.mark.parametrize(
    ("typed", "folded"), [("مسؤول", "مسوول"), ("مسئول", "مسوول"), ("شئون", "شوون"), ("مسئـُول", "مسوول"), ("هيئة", "هييه")]
)
def test_it_folds_hamza_seats(typed, folded):
    assert normalize(typed) == folded


def test_it_removes_tashkeel_and_shadda():
    assert normalize("مُحَاسِبٌ قَانُونِيٌّ") == "محاسب قانوني"


def test_it_removes_superscript_alef():
    assert normalize("هٰذا") == "هذا"


def test_it_removes_tatweel():
    assert normalize("خــبـــرة") == "خبره"


def test_it_folds_persian_letters():
    assert normalize("یوسف") == "يوسف"
    assert normalize("کتاب") == "كتاب"
    assert normalize("ھندسة") == "هندسه"


def test_it_turns_arabic_indic_and_persian_digits_into_latin():
    assert normalize("عام ١٤٤٧") == "عام 1447"
    assert normalize("۲۰۲۶") == "2026"
    assert to_latin_digits("٣٫٥") == "3.5"
    assert to_latin_digits("١٬٠٠٠") == "1,000"


def test_it_collapses_spaces_and_casefolds_latin_text():
    assert normalize("  Data   ANALYST\tمحلل  ") == "data analyst محلل"


def test_it_returns_empty_text_for_empty_input():
    assert normalize("") == ""
    assert normalize(None) == ""


def test_the_query_and_the_stored_text_meet():
    stored = "جمعيّة رعاية الأيتام بجدّة"
    query = "جمعيه رعايه الايتام بجده"
    assert normalize(stored) == normalize(query)


@pytest.mark.parametrize(
    "text",
    ["أُسْرَةٌ إِلى مَكَّة", "مستشفى الولادة ١٢٣", "خــبـرة یوسف کریم", "ﻻ", "Already plain"],
)
def test_it_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


def test_contains_letter_needs_a_letter_of_any_script():
    assert contains_letter("سارة")
    assert contains_letter("Sara")
    assert not contains_letter("١٢٣ - ؟")
