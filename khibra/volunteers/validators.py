"""Checks on what volunteers type that the database cannot express."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khibra.core.arabic import normalize, to_latin_digits

_MOBILE = re.compile(r"^(?:\+966|00966|966|0)(5\d{8})$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# Skills are typed in one box, separated by a Latin or an Arabic comma, or a new line.
_SKILL_SEPARATORS = re.compile(r"[,،؛;\n]+")

SKILL_MAX_LENGTH = 100
MAX_SKILLS = 30


def normalize_saudi_mobile(value: str) -> str:
    """A Saudi mobile number as 05XXXXXXXX; accepts +9665…, 009665…, spaces and Arabic-Indic digits."""
    raw = _PHONE_SEPARATORS.sub("", to_latin_digits(str(value or "").strip()))
    match = _MOBILE.match(raw) if raw.isascii() else None
    if match is None:
        raise ValidationError(
            _("Enter a Saudi mobile number such as 05XXXXXXXX or +9665XXXXXXXX."), code="invalid_mobile"
        )
    return "0" + match.group(1)


def split_skills(text: str) -> list[str]:
    """Skill names from comma or Arabic-comma separated text, without repeats (by normalised key)."""
    names: list[str] = []
    seen: set[str] = set()
    for part in _SKILL_SEPARATORS.split(text or ""):
        name = " ".join(part.split())
        key = normalize(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def validate_skill_names(names) -> None:
    if len(names) > MAX_SKILLS:
        raise ValidationError(_("List at most %(max)d skills."), code="too_many_skills", params={"max": MAX_SKILLS})
    for name in names:
        if len(name) > SKILL_MAX_LENGTH:
            raise ValidationError(
                _("Each skill can be at most %(max)d characters long: “%(name)s…”."),
                code="skill_too_long",
                params={"max": SKILL_MAX_LENGTH, "name": name[:30]},
            )
