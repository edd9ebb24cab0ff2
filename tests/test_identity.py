"""The visual identity is served from the app: its fonts and icons are files under static/ with
their licences, every icon a template names is in the sprite, and the stylesheet loads after
the layout's (no CDN: the CSP's font-src stays 'self')."""

from pathlib import Path
import re

from django.conf import settings
from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"


def test_every_font_the_stylesheet_names_is_shipped_with_its_licence():
    css = (STATIC / "css" / "identity.css").read_text(encoding="utf-8")
    fonts = re.findall(r'url\("\.\./(vendor/fonts/[^"]+)"\)', css)
    assert len(fonts) == 4 and all((STATIC / font).stat().st_size > 10_000 for font in fonts)
    assert "Open Font License" in (STATIC / "vendor/fonts/LICENSE-OFL.txt").read_text(encoding="utf-8")
    assert "ISC" in (STATIC / "vendor/lucide/LICENSE.txt").read_text(encoding="utf-8")
    assert "http" not in "".join(re.findall(r"url\(([^)]*)\)", css))
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] == ["'self'"]


def test_every_icon_a_template_uses_is_in_the_sprite():
    sprite = (STATIC / "vendor/lucide/icons.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([\w-]+)"', sprite))
    used = set()
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r'{% icon "([\w-]+)"', text))
        for pair in re.findall(r'{% icon [\w.]+\|yesno:"([\w,-]+)"', text):
            used |= set(pair.split(","))
    assert used and used <= symbols, sorted(used - symbols)


def test_the_icon_tag_draws_a_hidden_decoration():
    html = Template('{% icon "search" %}').render(Context())
    assert 'aria-hidden="true"' in html and "vendor/lucide/icons.svg#search" in html


def test_the_identity_stylesheet_comes_after_the_layouts():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert base.index("css/khibra.css") < base.index("css/identity.css")


def test_an_organization_without_a_logo_shows_its_telling_initial():
    template = Template("{{ name|initial }}")
    assert template.render(Context({"name": "جمعية ربيع لرعاية الأيتام"})) == "ر"
    assert template.render(Context({"name": "Rabee Orphan Care Association"})) == "R"
    assert template.render(Context({"name": "الجمعية"})) == "ج"
