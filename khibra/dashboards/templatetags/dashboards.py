"""Formatting the cells of the dashboard tables."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(value) -> str:
    """Numbers grouped (two decimals at most, none when whole); no value reads as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, Decimal)):
        return floatformat(value, "-2g")
    return str(value)


@register.filter
def with_headers(row, headers) -> list:
    """A row's values beside their column headings: on a phone each cell shows its heading."""
    return list(zip(headers, row, strict=False))
