import itertools
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
    assert widths[:3] == [330, 166, 0]  # 330 = 640 - 240 - 70, the longest bar
    assert 'role="img"' in svg and 'aria-label="Hours"' in svg and "120" in svg and "60.5" in svg


def test_right_to_left_mirrors_bars_and_columns():
    ltr, rtl = render("en"), render("ar")
    first_bar = lambda svg: float(re.search(r'class="chart-bar" x="([\d.]+)"', svg).group(1))  # noqa: E731
    assert first_bar(ltr) == 240  # bars start after the labels on the left
    assert first_bar(rtl) == 640 - 240 - 330  # and end before the labels on the right
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


def test_in_right_to_left_each_value_sits_clear_of_its_bar():
    svg = render("ar").split('class="chart-column"')[0]  # the bar chart alone
    for bar_x, value_x, anchor, direction in re.findall(
        r'class="chart-bar" x="([\d.]+)".*?class="chart-value" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" direction="(\w+)"', svg, re.S
    ):
        # Drawn left-to-right and ending before the bar begins: never over it.
        assert direction == "ltr" and anchor == "end" and float(value_x) < float(bar_x)


def test_every_chart_has_a_title_and_a_legend():
    for language in ("ar", "en"):
        svg = render(language)
        assert svg.count('class="chart-title"') == 2 and svg.count('class="chart-legend"') == 2


def test_month_axes_name_gregorian_and_hijri_months_and_never_overlap():
    rows = [(f"{2026 if m else 2025}-{m or 12:02d}", m) for m in range(0, 12)]  # Dec 2025 … Nov 2026
    template = Template('{% load charts %}{% column_chart rows label="Hours" %}')
    for language, gregorian, hijri in (("ar", "نوفمبر", "جمادى"), ("en", "Nov", "Jumada")):
        with translation.override(language):
            svg = template.render(Context({"rows": rows}))
        labels = re.findall(r'<text class="chart-label" x="([\d.]+)"', svg)
        assert 2 <= len(labels) <= 640 // 100  # only as many as fit side by side
        centres = sorted(float(x) for x in labels)
        assert all(b - a >= 100 for a, b in itertools.pairwise(centres))
        assert gregorian in svg and hijri in svg and "2026-" not in re.sub(r"<title>.*?</title>", "", svg)
