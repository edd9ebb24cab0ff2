"""Normalised words for matching: pure functions, shared by services and migrations."""

import re

from khibra.core.arabic import normalize

_STOP_WORDS = frozenset(
    normalize(word)
    for word in (
        "في من الى إلى على عن مع او أو ثم هذا هذه ذلك التي الذي الذين بين كل لدى عند قبل بعد حتى "
        "خبرة سنوات سنة سنتين فأكثر اكثر أكثر لا ما و "
        "the and for with from into that this are was years year experience more than least "
        "of in to on at an as by or is it be we"
    ).split()
)
_WORD = re.compile(r"\w+")
_ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "ال")


def tokens(text: str) -> list[str]:
    """Normalised words worth matching: no stop words, no article, at least three letters."""
    result = []
    for word in _WORD.findall(normalize(text or "")):
        for prefix in _ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix):]
                break
        short = len(word) < (2 if word.isascii() else 3)
        if short or word in _STOP_WORDS or word.isdigit():
            continue
        result.append(word)
    return result


def term_key(term: str) -> str:
    return " ".join(tokens(term))[:200]


