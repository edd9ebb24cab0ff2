"""The certificate PDF: valid, landscape, in both languages, with the Arabic text layer exact."""

from pathlib import Path
import re
import shutil
import subprocess

from django.urls import reverse
import pytest

from khibra.certificates.pdf import certificate_pdf, qr_data_uri

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    ARABIC_TITLE,
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


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text layer")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_qr_code_is_an_inline_svg():
    assert qr_data_uri("https://khibra.sa/certificates/ABCD/").startswith("data:image/svg+xml")


def test_the_arabic_pdf_has_the_exact_arabic_name_title_and_organization(certificate, org_a, tmp_path):
    pdf = certificate_pdf(certificate, language="ar")
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert ARABIC_NAME in text
    assert ARABIC_TITLE in text
    assert org_a.name_ar in text
    assert certificate.display_code in text
    assert "هـ" in text  # the Hijri date


def test_the_english_pdf_names_the_organization_in_english(certificate, org_a, tmp_path):
    text = _text(certificate_pdf(certificate, language="en"), tmp_path)
    assert org_a.name_en in text and ARABIC_NAME in text and "AH" in text
    assert certificate.display_code in text


def test_the_pdf_is_one_landscape_page_and_a_person_can_look_at_it(certificate, tmp_path):
    if shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftoppm/pdfinfo (poppler-utils) are not installed")
    RESULTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "en"):
        path = RESULTS / f"certificate-{language}.pdf"
        path.write_bytes(certificate_pdf(certificate, language=language))
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
        width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
        assert width > height  # landscape
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(RESULTS / f"certificate-{language}")], check=True)
        assert (RESULTS / f"certificate-{language}.png").exists()


def test_the_volunteer_downloads_their_pdf(certificate, applicant, client):
    client.force_login(applicant.user)
    response = client.get(reverse("certificates:download", args=[certificate.pk, "ar"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert certificate.code in response["Content-Disposition"]
    assert client.get(reverse("certificates:download", args=[certificate.pk, "fr"])).status_code == 404
