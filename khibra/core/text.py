"""Free text people type (names, titles, descriptions): what it may not hold.

- Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
  refused anywhere in a value: they reorder what follows them, so "‮gpj.exe" reads as
  "exe.jpg", and a name or a title can be made to read as something else. Arabic and mixed
  Arabic/Latin text never needs them: the Unicode bidi algorithm orders it, and the pages set
  dir="auto" and <bdi>.
- The directional marks LRM/RLM/ALM (U+200E, U+200F, U+061C) are kept: they change no order
  beyond their neighbours and are what careful writers of mixed text type ("‏C++‏").
- Zero-width characters are kept inside a value: ZWNJ (U+200C) is part of Persian and Urdu
  spelling and ZWJ (U+200D) of emoji sequences; Arabic needs neither, but a name is not refused
  for them. A value that is empty once whitespace, zero-width characters (U+200B–U+200D, U+2060,
  U+FEFF) and the marks above are taken away is refused: "three zero-width spaces" is no title.

`validate_visible_text` is applied to every form CharField (CoreConfig.ready) and to every
string of a JSON body sent to the API (khibra/api/schemas.py).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}\\s]+")

BIDI_MESSAGE = _("Remove the hidden text-direction characters (such as right-to-left override) from this text.")
BLANK_MESSAGE = _("Write visible text: spaces and invisible characters alone are not accepted.")


def text_problem(value) -> tuple[str, object] | None:
    """(code, message) of what is wrong with a non-empty text, or None."""
    if not isinstance(value, str) or value == "":
        return None
    if _BIDI.search(value):
        return "bidi_control", BIDI_MESSAGE
    # Plain spaces are the field's own "required" rule (forms strip them; schemas say "blank"),
    # which then reports together with the other fields' errors.
    if value.strip() and not _INVISIBLE.sub("", value):
        return "invisible_only", BLANK_MESSAGE
    return None


def validate_visible_text(value) -> None:
    problem = text_problem(value)
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=code)
