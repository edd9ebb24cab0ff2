import json

from django import template

register = template.Library()


@register.filter
def export_params_json(params) -> str:
    """The filters of a table as JSON for the hidden input of the download buttons."""
    return json.dumps(params or {}, ensure_ascii=False, sort_keys=True, default=str)
