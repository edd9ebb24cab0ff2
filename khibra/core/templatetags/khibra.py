"""Template helpers loaded everywhere (settings TEMPLATES builtins)."""

import datetime as dt

from django import template

from khibra.core import dates

register = template.Library()


def _as_date(value):
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


@register.filter
def hijri(value) -> str:
    value = _as_date(value)
    return dates.format_hijri(value) if value else ""


@register.filter
def gregorian(value) -> str:
    value = _as_date(value)
    return dates.format_gregorian(value) if value else ""


@register.filter
def dual_date(value) -> str:
    value = _as_date(value)
    return dates.format_dual(value) if value else ""

