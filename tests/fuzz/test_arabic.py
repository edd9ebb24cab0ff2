"""Arabic normalisation and digits: every digit set means the same number, folding is idempotent
and never fails on any text."""

from hypothesis import example, given, strategies as st

from khibra.core.arabic import ARABIC_INDIC_DIGITS, EASTERN_ARABIC_DIGITS, contains_letter, normalize, to_latin_digits
from khibra.matching.terms import term_key, tokens

from .strategies import ARABIC_LETTERS, TASHKEEL, TATWEEL, in_digits, mixed_digits, text

NON_ASCII_DIGITS = set(ARABIC_INDIC_DIGITS + EASTERN_ARABIC_DIGITS)


@given(st.integers(min_value=0, max_value=10**40), st.sampled_from(["latin", "arabic", "persian"]))
def test_a_number_in_any_digit_set_reads_as_the_same_ascii_number(number, digits):
    written = in_digits(str(number), digits)
    assert to_latin_digits(written) == str(number)
    assert normalize(written) == str(number)
    assert int(to_latin_digits(written)) == number


@given(st.data(), st.integers(min_value=0, max_value=10**12))
def test_digit_sets_may_be_mixed_within_one_number(data, number):
    assert to_latin_digits(data.draw(mixed_digits(str(number)))) == str(number)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_the_arabic_decimal_mark_is_a_point(whole, fraction):
    written = in_digits(str(whole), "arabic") + "٫" + in_digits(f"{fraction:02d}", "arabic")
    assert to_latin_digits(written) == f"{whole}.{fraction:02d}"


@given(text)
def test_to_latin_digits_leaves_no_arabic_digit_and_keeps_the_length(value):
    result = to_latin_digits(value)
    assert not NON_ASCII_DIGITS & set(result)
    assert len(result) == len(value)


@given(text)
@example("e\u064b\u0301")  # a mark between a letter and an accent that composes with it
@example("ﷺ")  # one ligature, several words after NFKC
@example("ǅ")
@example("\u0130")  # İ: its case fold has a combining dot
@example("ΐ")
@example("ـــ")
@example("\u200f\u0645\u0640\u0651\u062d\u0645\u062f\u200e")
def test_normalize_never_fails_and_is_idempotent(value):
    once = normalize(value)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not NON_ASCII_DIGITS & set(once)
    assert TATWEEL not in once
    assert not set(TASHKEEL) & set(once)


marks = st.text(st.sampled_from(TASHKEEL + TATWEEL), max_size=3)


@given(st.lists(st.tuples(st.sampled_from(ARABIC_LETTERS), marks), min_size=1, max_size=12))
def test_tashkeel_and_tatweel_do_not_change_a_word(letters):
    plain = "".join(letter for letter, _marks in letters)
    decorated = "".join(letter + marks for letter, marks in letters)
    assert normalize(decorated) == normalize(plain)


@given(text)
def test_contains_letter_never_fails(value):
    assert contains_letter(value) in (True, False)


@given(text)
def test_matching_tokens_are_normalised_words_worth_matching(value):
    words = tokens(value)
    for word in words:
        assert word and " " not in word
        assert normalize(word) == word
        assert not word.isdigit()
    assert len(term_key(value)) <= 200
