"""The certificate an organization signs: its logo, the signatory's name, title and signature,
frozen at issue, drawn in both languages (rendered to images for a person to look at)."""

from decimal import Decimal
from io import BytesIO
from pathlib import Path
import re
import shutil
import subprocess

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
import pytest

from khibra.certificates.models import Certificate
from khibra.certificates.pdf import certificate_pdf
from khibra.core.pdf import render_pdf

from .fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    certificate,
    certificates,
    completed,
    engagement,
    hours,
    opportunity,
    question,
)

pytestmark = pytest.mark.django_db

RESULTS = Path(__file__).resolve().parents[3] / "test-results" / "certificates"
SIGNATORY = "هند بنت سعد القحطاني"
TITLE = "المديرة التنفيذية"


def png(size=(240, 120), colour=(15, 107, 79), scribble=False) -> bytes:
    image = Image.new("RGBA", size, (255, 255, 255, 0) if scribble else colour + (255,))
    if scribble:
        draw = ImageDraw.Draw(image)
        draw.line([(10, 90), (60, 20), (110, 100), (170, 30), (230, 80)], fill=(20, 40, 120, 255), width=6)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def signed_org(org_a, media_root):
    org_a.logo.save("logo.png", ContentFile(png()), save=False)
    org_a.signature.save("signature.png", ContentFile(png(scribble=True)), save=False)
    org_a.signatory_name = SIGNATORY
    org_a.signatory_title = TITLE
    org_a.save()
    return org_a


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub("[\u202a-\u202e\u200e\u200f]", "", text)  # poppler's direction marks


def _images(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True).stdout
    # Rows after the two header lines; a transparent PNG adds its "smask" row, not counted.
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"])


@pytest.fixture
def poppler():
    if not all(shutil.which(tool) for tool in ("pdftotext", "pdfimages", "pdftoppm")):
        pytest.skip("poppler-utils are not installed")


def issue(signed_org, hours, completed) -> Certificate:
    from khibra.certificates.services import on_engagement_closed

    hours[completed.pk] = Decimal("1234.5")
    on_engagement_closed(engagement=completed, by=None)
    return Certificate.objects.get(engagement=completed, kind="participation")


def test_the_certificate_freezes_the_logo_and_signatory_at_issue(signed_org, hours, completed):
    certificate = issue(signed_org, hours, completed)
    assert certificate.signatory_name == SIGNATORY and certificate.signatory_title == TITLE
    assert certificate.organization_logo.name == signed_org.logo.name
    assert certificate.signature.name == signed_org.signature.name
    signed_org.signatory_name = "someone else"
    signed_org.save()
    certificate.refresh_from_db()
    assert certificate.signatory_name == SIGNATORY


def test_the_signed_certificate_shows_logo_signature_and_signatory_in_both_languages(
    signed_org, hours, completed, tmp_path, poppler
):
    certificate = issue(signed_org, hours, completed)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "en"):
        pdf = certificate_pdf(certificate, language=language)
        text = _pdftotext(pdf, tmp_path)
        assert SIGNATORY in text and TITLE in text
        assert "1,234.5" in text  # grouped thousands, a decimal point (never a comma) in Arabic too
        assert _images(pdf, tmp_path) == 2  # the logo and the signature
        path = RESULTS / f"certificate-signed-{language}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(path.with_suffix(""))], check=True
        )


def test_a_missing_image_file_leaves_the_certificate_printable(signed_org, hours, completed, tmp_path, poppler):
    certificate = issue(signed_org, hours, completed)
    Path(certificate.signature.path).unlink()
    pdf = certificate_pdf(certificate, language="ar")
    assert _images(pdf, tmp_path) == 1 and SIGNATORY in _pdftotext(pdf, tmp_path)


def test_pdf_rendering_fetches_no_image_it_was_not_given():
    html = '<img src="pdf-image:other"><img src="file:///etc/hostname"><p>x</p>'
    assert render_pdf(html, images={"logo": png()}).startswith(b"%PDF")


DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)")  # "24,50" (a decimal comma), not "8,098" (thousands)


def test_the_arabic_verification_page_shows_no_decimal_comma(client, signed_org, hours, completed):
    from django.utils.html import strip_tags

    certificate = issue(signed_org, hours, completed)
    page = strip_tags(client.get(certificate.get_absolute_url()).content.decode())
    assert "1,234.50" in page and "هـ" in page
    assert not DECIMAL_COMMA.search(page), DECIMAL_COMMA.findall(page)
    assert SIGNATORY in page
