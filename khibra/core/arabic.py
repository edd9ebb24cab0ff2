"""Arabic text normalisation shared by search, matching and validation.

The same function runs on stored text and on queries so that spelling variants meet:
alef forms, alef maqsura/yaa, taa marbuta/haa, hamza seats, Persian letters, diacritics,
tatweel and Arabic-Indic digits.
"""

import re
import unicodedata

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # Persian/Urdu forms, typed on some keyboards
_DIGITS = str.maketrans(ARABIC_INDIC_DIGITS + EASTERN_ARABIC_DIGITS, "0123456789" * 2)

# Tashkeel (harakat, tanween, shadda, sukun), Quranic marks and the superscript alef.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ھ": "ه",
        _TATWEEL: None,
    }
)
_SPACES = re.compile(r"\s+")
# "مسئول" and "مسؤول" are the same word spelt by two conventions: a yaa-seat hamza before waw
# becomes the waw-seat one first, so both fold to "مسوول" (also شئون/شؤون, رئوف/رؤوف).
_HAMZA_BEFORE_WAW = re.compile("ئ(?=و)")


def to_latin_digits(text: str) -> str:
    """Arabic-Indic and Eastern Arabic digits to 0-9; the Arabic decimal/thousands marks too."""
    return text.translate(_DIGITS).replace("٫", ".").replace("٬", ",")


def normalize(text: str) -> str:
    """Fold a text for search and comparison. Idempotent."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = _HAMZA_BEFORE_WAW.sub("ؤ", text)
    text = text.translate(_LETTERS)
    text = to_latin_digits(text)
    return _SPACES.sub(" ", text).strip().casefold()


def contains_letter(text: str) -> bool:
    """True when the text has at least one letter of any script."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def initials(full_name: str) -> str:
    """"نورة الشهري" → "ن. ش.": what an anonymous visitor sees of a person's name. The article
    "ال" of a family name is skipped (otherwise most Saudi family names would read "ا.")."""
    letters = []
    for word in (full_name or "").split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word[:1].isalpha():
            letters.append(word[0].upper() + ".")
    return " ".join(letters[:3])
