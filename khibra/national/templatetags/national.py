from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()


@register.filter
def figure(value) -> str:
    """An open figure (an int, or a decimal kept as text in the stored JSON), grouped."""
    if value is None or value == "":
        return "—"
    try:
        return floatformat(Decimal(str(value)), "-2g")
    except InvalidOperation:
        return str(value)


@register.filter
def local_name(row: dict) -> str:
    """A stored row's name in the page's language."""
    if (get_language() or "ar").startswith("ar"):
        return row.get("name_ar") or row.get("name_en", "")
    return row.get("name_en") or row.get("name_ar", "")
