"""Documents as PDF (agreements, certificates, reports), with WeasyPrint and the Amiri font.

The font files come from the `fontpkg_amiri` package and are declared with @font-face and
file:// addresses. Rendering never reaches the network or any other file: the URL fetcher serves
those font files and refuses everything else, and there is no base URL for relative addresses.
Images a document shows (an organization's logo, a signature) are handed over as bytes by the
caller and named `pdf-image:<name>` in the template (see `image_url`); nothing else is fetched.
Amiri keeps a real text layer, so the Arabic can be searched and copied from the PDF.
"""

from functools import cache
import importlib.resources
import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint is imported when a PDF is made, not with the views: importing it parses its default
# stylesheets. Its step-by-step progress is not worth a log line per PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@cache
def font_files() -> dict[str, Path]:
    folder = Path(str(importlib.resources.files("fontpkg_amiri") / "files"))
    return {"regular": folder / "Amiri-Regular.ttf", "bold": folder / "Amiri-Bold.ttf"}


@cache
def _base_css() -> str:
    """The Amiri faces and the A4 page; a template's own print CSS comes on top."""
    files = font_files()
    # Amiri's decorative required ligatures (lam-yaa, lam-kaf, the Allah sign…) come out of the
    # PDF's text layer wrong (pdftotext reads "مسؤولية" as "مسؤو ية"), and its kerning opens gaps
    # that text extraction reads as spaces ("بتار يخ"). Joining and lam-alef do not depend on
    # either, so with both off the page still reads right and copy/search get the real words.
    return (
        "@page { size: A4; }\n"
        'html { font-feature-settings: "rlig" 0, "kern" 0; }\n'
        f'@font-face {{ font-family: "Amiri"; font-weight: normal; src: url("{files["regular"].as_uri()}"); }}\n'
        f'@font-face {{ font-family: "Amiri"; font-weight: bold; src: url("{files["bold"].as_uri()}"); }}\n'
    )


IMAGE_SCHEME = "pdf-image:"
log = logging.getLogger(__name__)


def stored_image(file) -> bytes | None:
    """The bytes of a stored image (a FieldFile) for `render_pdf(images=…)`; None when there is
    none or its file is gone: the document is still made, without it."""
    if not file:
        return None
    try:
        with file.storage.open(file.name, "rb") as handle:
            return handle.read()
    except OSError:
        log.warning("image for a PDF is missing: %s", file.name)
        return None


def image_url(name: str) -> str:
    """The address a PDF template gives an image passed to `render_pdf(images=…)`."""
    return f"{IMAGE_SCHEME}{name}"


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFontsOnly(URLFetcher):
        """Serves the Amiri font files and the caller's images, nothing else (no network, no
        other local file)."""

        images: dict[str, bytes] = {}

        def fetch(self, url, headers=None):
            if url.startswith(IMAGE_SCHEME) and url.removeprefix(IMAGE_SCHEME) in self.images:
                body = self.images[url.removeprefix(IMAGE_SCHEME)]
                return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/png"})
            allowed = {path.as_uri() for path in font_files().values()}
            if url.split("?")[0] not in allowed:
                raise ValueError(f"PDF rendering may not fetch {url!r}")
            return super().fetch(url, headers)

    return LocalFontsOnly


def render_pdf(html: str, *, images: dict[str, bytes] | None = None) -> bytes:
    """An A4 PDF of `html`. The template sets `dir` on <html> (rtl for Arabic) and its own
    print CSS; the Amiri font is added here. `images` are PNG bytes by name (`image_url`)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = _fetcher_class()(allowed_protocols={"file"})
    fetcher.images = dict(images or {})
    fonts = CSS(string=_base_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def render_template_pdf(template: str, context: dict, *, language: str, images: dict[str, bytes] | None = None) -> bytes:
    """Render a PDF template in `language` ("ar" or "en") and turn it into a PDF."""
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language, "bidi": translation.get_language_bidi()})
    return render_pdf(html, images=images)
