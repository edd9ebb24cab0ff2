import re

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template('{% load charts %}{% bar_chart rows label="Hours" unit="h" %}{% column_chart rows label="Trend" %}')
ROWS = [("المالية والمحاسبة", 120), ("التقنية", 60.5), ("القانون", 0)]


def render(language: str) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context({"rows": ROWS}))


def test_bars_scale_to_the_largest_value_and_stay_in_the_frame():
    svg = render("en")
    widths = [float(w) for w in re.findall(r'class="chart-bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[:3] == [370, 187, 0]  # 370 = 640 - 190 - 80, the longest bar
    assert 'role="img"' in svg and 'aria-label="Hours"' in svg and "120" in svg and "60.5" in svg


def test_right_to_left_mirrors_bars_and_columns():
    ltr, rtl = render("en"), render("ar")
    first_bar = lambda svg: float(re.search(r'class="chart-bar" x="([\d.]+)"', svg).group(1))  # noqa: E731
    assert first_bar(ltr) == 190  # bars start after the labels on the left
    assert first_bar(rtl) == 640 - 190 - 370  # and end before the labels on the right
    assert 'direction="rtl"' in rtl and 'direction="rtl"' not in ltr
    columns = lambda svg: [float(x) for x in re.findall(r'class="chart-bar" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="[\d.]+" rx="2"', svg)]  # noqa: E731
    assert columns(ltr) == sorted(columns(ltr)) and columns(rtl) == sorted(columns(rtl), reverse=True)


def test_empty_rows_draw_an_empty_chart():
    svg = Template('{% load charts %}{% bar_chart rows %}').render(Context({"rows": []}))
    assert "<svg" in svg and "chart-bar" not in svg


def test_coordinates_never_follow_the_locale_decimal_comma():
    rows = [(f"m{i}", i + 0.5) for i in range(12)]
    with translation.override("ar"):
        svg = Template('{% load charts %}{% column_chart rows %}{% bar_chart rows %}').render(Context({"rows": rows}))
    assert not re.search(r'(x|y|width|height)="[^"]*,', svg)
