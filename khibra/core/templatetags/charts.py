"""Charts drawn on the server as inline SVG: no script (CSP), no CDN, mirrored for right-to-left.

`{% bar_chart rows label="…" unit="SAR" series="…" %}` — horizontal bars, rows = [(label, number), …].
`{% column_chart rows label="…" %}` — vertical columns in time order (first on the reading start).
Every chart has its title above and a legend (what a bar counts) below. A chart only illustrates:
pages keep the same numbers in a table next to it.

Numbers are drawn left-to-right whatever the page's direction (direction="ltr" on the text): in a
right-to-left page an "end" anchor would otherwise flip and lay the value over its bar. Months
("2026-12") are drawn as the month's short name over the Hijri month in its middle, and only
as many as fit side by side.
"""

import re

from django import template
from django.utils.translation import get_language_bidi

from khibra.core.dates import month_names

register = template.Library()

WIDTH = 640
BAR_ROW = 34
LABEL_AREA = 240
VALUE_AREA = 70
COLUMN_HEIGHT = 160
# A month's two-line label needs about this much width (in the chart's 640 units).
MONTH_LABEL_WIDTH = 100
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _number(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _text(value) -> str:
    number = _number(value)
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.1f}"


def _coord(value) -> str:
    """SVG lengths as plain text: the active locale must not turn 37.3 into "37,3"."""
    return f"{round(float(value), 1):g}"


def _clip(label, limit: int = 26) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


@register.inclusion_tag("_partials/charts/bar.html")
def bar_chart(rows, label: str = "", unit: str = "", series: str = ""):
    rows = [(str(name), _number(value)) for name, value in rows or ()]
    rtl = get_language_bidi()
    top = max((value for _name, value in rows), default=0) or 1
    span = WIDTH - LABEL_AREA - VALUE_AREA
    bars = []
    for index, (name, value) in enumerate(rows):
        width = max(round(span * value / top), 1 if value else 0)
        y = index * BAR_ROW
        # In RTL the label starts at the right edge (direction="rtl", anchor start), the bar grows
        # leftwards from the label area and the value ends just past the bar.
        if rtl:
            bar_x, label_x, value_x, anchor_label, anchor_value = (
                WIDTH - LABEL_AREA - width, WIDTH - 6, WIDTH - LABEL_AREA - width - 6, "start", "end"
            )
        else:
            bar_x, label_x, value_x, anchor_label, anchor_value = LABEL_AREA, LABEL_AREA - 8, LABEL_AREA + width + 6, "end", "start"
        bars.append({
            "y": _coord(y + 4), "text_y": _coord(y + 23), "x": _coord(bar_x), "width": _coord(width), "height": _coord(BAR_ROW - 8),
            "label": _clip(name), "full_label": name, "label_x": _coord(label_x), "label_anchor": anchor_label,
            "value": _text(value), "value_x": _coord(value_x), "value_anchor": anchor_value,
        })
    return {
        "bars": bars, "label": label, "unit": unit, "series": series or label, "width": WIDTH,
        "height": _coord(max(len(rows), 1) * BAR_ROW), "rtl": rtl,
    }


def _axis_label(name: str, index: int, count: int, every: int) -> tuple[str, str]:
    """(first line, second line) under a column; empty for the months left out so none overlap."""
    match = _MONTH.match(name)
    if not match:
        return _clip(name, 10), ""
    if (count - 1 - index) % every:  # keep the latest month, then every `every`-th before it
        return "", ""
    year, month = int(match.group(1)), int(match.group(2))
    gregorian, hijri = month_names(year, month)
    if month == 1 or index < every:
        gregorian = f"{gregorian} {year}"
    return gregorian, hijri


@register.inclusion_tag("_partials/charts/column.html")
def column_chart(rows, label: str = "", unit: str = "", series: str = ""):
    rows = [(str(name), _number(value)) for name, value in rows or ()]
    rtl = get_language_bidi()
    top = max((value for _name, value in rows), default=0) or 1
    count = max(len(rows), 1)
    slot = WIDTH / count
    every = max(1, -(-MONTH_LABEL_WIDTH // int(slot)))  # ceil: months per label so labels never touch
    columns = []
    for index, (name, value) in enumerate(rows):
        position = count - 1 - index if rtl else index
        height = round(COLUMN_HEIGHT * value / top)
        x = position * slot + slot * 0.15
        first, second = _axis_label(name, index, count, every)
        columns.append({
            "x": _coord(x), "width": _coord(slot * 0.7), "y": _coord(20 + COLUMN_HEIGHT - height), "height": _coord(height),
            "center": _coord(position * slot + slot / 2), "label": first, "label_2": second, "full_label": name,
            "value": _text(value) if value or count <= 12 else "", "value_y": _coord(20 + COLUMN_HEIGHT - height - 4),
        })
    height = COLUMN_HEIGHT + 62
    return {"columns": columns, "label": label, "unit": unit, "series": series or label, "width": WIDTH, "height": height,
            "base": _coord(20 + COLUMN_HEIGHT), "label_y": _coord(20 + COLUMN_HEIGHT + 20), "label_2_y": _coord(20 + COLUMN_HEIGHT + 40)}
