from django import template

from khibra.evaluation import selectors

register = template.Library()


@register.simple_tag
def organization_rating(organization) -> dict | None:
    """The volunteers' anonymous average ratings of an organization, or None below the threshold."""
    return selectors.organization_rating(organization)
