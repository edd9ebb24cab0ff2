"""The certificate as a PDF (Arabic or English), with its QR code to the public verification page."""

from django.utils.safestring import mark_safe
import segno

from khibra.core.pdf import render_template_pdf

from .models import Certificate

LANGUAGES = ("ar", "en")


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data: URI, for web pages."""
    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#0b3d2e", border=1)


def qr_svg(url: str) -> str:
    """An inline <svg> QR code for the PDF: khibra.core.pdf's URL fetcher serves the fonts and
    nothing else (data: URIs included), and inline SVG needs no fetching at all."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#0b3d2e", border=1)
    return mark_safe(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" class="qr" ', 1))


def certificate_pdf(certificate: Certificate, *, language: str) -> bytes:
    url = certificate.verification_url()
    return render_template_pdf(
        "certificates/pdf/certificate.html",
        {"certificate": certificate, "verification_url": url, "qr": qr_svg(url)},
        language=language,
    )


def filename(certificate: Certificate, language: str) -> str:
    return f"khibra-certificate-{certificate.code}-{language}.pdf"
