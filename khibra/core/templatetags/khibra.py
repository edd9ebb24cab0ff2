"""Template helpers loaded everywhere (settings TEMPLATES builtins)."""

import datetime as dt

from django import template
from django.template.defaultfilters import floatformat
from django.urls import translate_url

from khibra.core import arabic, dates

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
def public_name(user, viewer) -> str:
    """{{ idea.proposer|public_name:user }}: the full name for a logged-in viewer, the initials
    for an anonymous visitor (who is told so next to the form where the name is given)."""
    name = getattr(user, "full_name", "") or ""
    if getattr(viewer, "is_authenticated", False):
        return name
    return arabic.initials(name)


@register.filter
def dual_date(value) -> str:
    value = _as_date(value)
    return dates.format_dual(value) if value else ""



@register.filter
def dual_datetime(value) -> str:
    """A moment as people read it here: the day in both calendars, then the local time."""
    if not isinstance(value, dt.datetime):
        return dual_date(value)
    from django.utils import dateformat, timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    comma = "، " if dates.is_arabic() else ", "
    return f"{dates.format_dual(local.date())}{comma}{dateformat.format(local, 'g:i A')}"


@register.filter
def number(value, places=0) -> str:
    """A figure with its thousands grouped: '8,098'; with places=2, '1,234.50' but '24' for a whole number."""
    if value in (None, ""):
        return ""
    return floatformat(value, f"-{int(places)}g" if int(places) else "0g")


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language, for the language switch.

    Computed while the page's own language is active: Django's set_language can only translate
    an address whose prefix matches the language active in *its* request, which is always Arabic
    (the unprefixed default), so '/en/…' would otherwise never lose its prefix.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """An icon of the sprite served from static/vendor/lucide (no CDN, no script): decorative, so
    hidden from screen readers; the text next to it says what it means."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    href = f"{static('vendor/lucide/icons.svg')}#{name}"
    classes = f"icon {css_class}".strip()
    return format_html('<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', classes, href)


# Words that open many organizations' names and so tell none apart.
_GENERIC_WORDS = {"جمعية", "مؤسسة", "شركة", "جامعة", "هيئة", "مركز", "the", "association", "foundation", "company", "university"}


@register.filter
def initial(name) -> str:
    """The letter that stands for an organization without a logo: the first of its first telling
    word ("جمعية ربيع لرعاية الأيتام" → "ر", "Rabee Orphan Care Association" → "R")."""
    words = [word for word in str(name or "").split() if word.lower() not in _GENERIC_WORDS] or str(name or "?").split()
    word = words[0] if words else "?"
    if word.startswith("ال") and len(word) > 2:
        word = word[2:]
    return word[:1].upper()
