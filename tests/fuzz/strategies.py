"""Strategies shared by the fuzz tests: what Saudi users type, and what an attacker might."""

import datetime as dt

from hypothesis import strategies as st

from khibra.core.arabic import ARABIC_INDIC_DIGITS, EASTERN_ARABIC_DIGITS

DIGIT_SETS = {"latin": "0123456789", "arabic": ARABIC_INDIC_DIGITS, "persian": EASTERN_ARABIC_DIGITS}

# The Umm al-Qura table of hijridate: 1 Muharram 1343 to 30 Dhu al-Hijjah 1500.
HIJRI_FIRST = dt.date(1924, 8, 1)
HIJRI_LAST = dt.date(2077, 11, 16)

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
TASHKEEL = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"

# Any text without surrogates (which cannot be encoded and never reach a form).
any_text = st.text(st.characters(codec="utf-8"), max_size=80)

# Text from the alphabets and marks the platform actually meets, mixed with syntax characters.
_TRICKY = (
    ARABIC_LETTERS + TASHKEEL + TATWEEL + BIDI_MARKS + ZERO_WIDTH + DIGIT_SETS["arabic"] + DIGIT_SETS["persian"]
    + "٫٬،؛؟" + "ھیکٱ" + "abcXYZ019 " + "\t\n\r" + "\"'*:^()-+&|!<>\\/.,;@#=%_{}[]~`" + "²½Ⅻ①"
)
tricky_text = st.text(st.sampled_from(_TRICKY), max_size=60)
text = st.one_of(any_text, tricky_text)


def in_digits(number_text: str, digit_set: str) -> str:
    """Write the ASCII digits of a text in another digit set."""
    return number_text.translate(str.maketrans("0123456789", DIGIT_SETS[digit_set]))


@st.composite
def mixed_digits(draw, number_text: str) -> str:
    """The ASCII digits of a text, each written in a digit set of its own."""
    return "".join(
        in_digits(char, draw(st.sampled_from(sorted(DIGIT_SETS)))) if char.isdigit() else char for char in number_text
    )


digit_sets = st.sampled_from(sorted(DIGIT_SETS))
languages = st.sampled_from(["ar", "en"])
hijri_range_dates = st.dates(min_value=HIJRI_FIRST, max_value=HIJRI_LAST)
