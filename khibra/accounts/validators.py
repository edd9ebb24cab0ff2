from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khibra.core.arabic import contains_letter


def validate_person_name(value: str) -> None:
    """A name in any script: it must hold letters, and nothing that reads as markup or a number."""
    if not contains_letter(value):
        raise ValidationError(_("Write the name in letters (Arabic or any other language)."), code="no_letters")
    if any(ch in value for ch in "<>{}[]@#$%^*=|\\/"):
        raise ValidationError(_("A name cannot contain symbols such as < > @ or /."), code="symbols")
    if any(ch.isdigit() for ch in value):
        raise ValidationError(_("A name cannot contain digits."), code="digits")
