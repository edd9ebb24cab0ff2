"""The certificate as a PDF (Arabic or English), with its QR code to the public verification page,
the issuing organization's logo and its signatory's signature."""

from django.utils.safestring import mark_safe
import segno

from khibra.core.pdf import image_url, render_template_pdf, stored_image

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
    images = {
        name: data
        for name, data in (
            ("logo", stored_image(certificate.organization_logo)),
            ("signature", stored_image(certificate.signature)),
        )
        if data
    }
    context = {"certificate": certificate, "verification_url": url, "qr": qr_svg(url)}
    context.update({name: image_url(name) for name in images})
    return render_template_pdf("certificates/pdf/certificate.html", context, language=language, images=images)


def filename(certificate: Certificate, language: str) -> str:
    return f"khibra-certificate-{certificate.code}-{language}.pdf"
