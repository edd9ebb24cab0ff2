from django import template

from khibra.certificates import sharing

register = template.Library()


@register.simple_tag
def linkedin_add_url(certificate) -> str:
    return sharing.linkedin_add_url(certificate)


@register.inclusion_tag("certificates/_share.html")
def share_links(url: str, text: str, id_prefix: str = "share"):
    return {"links": sharing.share_links(url, text), "id_prefix": id_prefix}
