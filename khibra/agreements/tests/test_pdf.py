"""Agreements as PDF: a valid A4 file whose Arabic text layer reads back exactly.

pdftotext and pdftoppm (poppler-utils) check the text and draw the first page to
test-results/agreements/ for a person to look at; without them those checks are skipped.
"""

from pathlib import Path
import re
import shutil
import subprocess

from django.conf import settings
from django.urls import reverse
import pytest

from khibra.agreements import services
from khibra.core import pdf

from .conftest import ARABIC_TITLE, partner_terms

pytestmark = pytest.mark.django_db

RESULTS = Path(settings.BASE_DIR) / "test-results" / "agreements"
# pdftotext wraps runs of a different direction in invisible embedding marks (LRE, RLE, PDF…).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text layer")
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True)
    return BIDI_MARKS.sub("", result.stdout.decode("utf-8"))


def save_first_page_png(data: bytes, name: str, tmp_path: Path) -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: cannot draw the page")
    RESULTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    (RESULTS / f"{name}.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(RESULTS / name)],
        check=True,
    )
    return RESULTS / f"{name}.png"


def test_it_renders_a_valid_a4_pdf(tmp_path):
    data = pdf.render_pdf('<html dir="rtl" lang="ar"><body><p>مرحبا</p></body></html>')
    assert data.startswith(b"%PDF-")
    if shutil.which("pdfinfo"):
        source = tmp_path / "page.pdf"
        source.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(source)], capture_output=True, check=True, text=True).stdout
        assert "(A4)" in info


def test_it_fetches_nothing_but_its_fonts():
    fetcher = pdf._fetcher_class()(allowed_protocols={"file"})
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/tracker.png")
    # An image pointing outside is simply left out; the PDF is still made.
    assert pdf.render_pdf('<html><body><img src="https://example.com/x.png"><p>x</p></body></html>').startswith(b"%PDF-")


def test_the_arabic_pdf_keeps_the_arabic_title_exactly(agreement, tmp_path):
    data = pdf.render_template_pdf(
        "agreements/pdf/volunteer.html",
        {"agreement": agreement, "document": agreement.content["ar"]},
        language="ar",
    )
    text = pdf_text(data, tmp_path)

    assert ARABIC_TITLE in text
    assert agreement.opportunity.organization.name_ar in text
    png = save_first_page_png(data, "volunteer-agreement-ar", tmp_path)
    assert png.exists() and png.stat().st_size > 1000


def test_the_html_of_the_arabic_pdf_is_right_to_left(agreement):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ar"):
        html = render_to_string(
            "agreements/pdf/volunteer.html",
            {"agreement": agreement, "document": agreement.content["ar"], "language": "ar", "bidi": True},
        )
    assert '<html lang="ar" dir="rtl">' in html


def test_the_english_pdf_is_left_to_right(agreement, tmp_path):
    data = pdf.render_template_pdf(
        "agreements/pdf/volunteer.html",
        {"agreement": agreement, "document": agreement.content["en"]},
        language="en",
    )
    text = pdf_text(data, tmp_path)
    assert agreement.opportunity.organization.name_en in text
    save_first_page_png(data, "volunteer-agreement-en", tmp_path)


def test_the_partner_pdf_carries_both_parties_and_annex_a(
    client, org_a, partner, opportunity, agreement, manager_a, partner_admin, tmp_path
):
    partnership = services.create_partner_agreement(
        organization=org_a, partner=partner, opportunity=opportunity, by=manager_a, **partner_terms()
    )
    services.propose_partner_agreement(agreement=partnership, by=manager_a)
    services.accept_partner_agreement(agreement=partnership, by=manager_a)
    services.accept_partner_agreement(agreement=partnership, by=partner_admin)
    client.force_login(partner_admin)

    response = client.get(reverse("agreements:partner_pdf", args=[partner.slug, partnership.pk]), {"lang": "ar"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert partner.name_ar in text and org_a.name_ar in text and ARABIC_TITLE in text
    save_first_page_png(response.content, "partner-agreement-ar", tmp_path)
